import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli.ts';
import type { SimHandle } from '../../plex-sim/sim.ts';
import { startTestSim } from '../../plex-sim/testing.ts';
import { captureIO } from '../../helpers/cli-io.ts';

describe('agent-doctor status', () => {
  let sim: SimHandle;
  let data: string;
  beforeAll(async () => {
    sim = await startTestSim();
    data = mkdtempSync(join(tmpdir(), 'ad-status-'));
  });
  afterAll(async () => sim.stop());

  const args = (extra: string[] = []) => ['status', '--server', sim.url, '--plex-data', sim.dataDir, '--logs', sim.sim.logsDir, '--prefs', sim.sim.preferencesPath, '--data', data, '--timeout', '2', ...extra];

  it('shows the server, where the token came from, the agents, the logs, the restart method and the WebSocket', async () => {
    const io = captureIO();
    expect(await runCli(args(), io)).toBe(0);
    const out = io.stdout.join('\n');
    expect(out).toMatch(new RegExp(`^Plex Media Server  ${sim.url}, version 1\\.40\\.1\\.8227-c0dd5a73e$`, 'm'));
    expect(out).toMatch(new RegExp(`^Token +from ${sim.sim.preferencesPath} \\(Preferences\\.xml\\), accepted$`, 'm'));
    expect(out).toMatch(/^Agents +4 in .*Plug-ins: AEBN, GayAdult, GayHotMovies, GEVI$/m);
    expect(out).toMatch(/^Logs +.*Logs \(5 plug-in log files\)$/m);
    expect(out).toMatch(/^Restart +reload the agent's plug-in through Plex; else ask you to quit and reopen Plex Media Server$/m);
    expect(out).toMatch(/^Notifications +WebSocket connected$/m);
    expect(io.stderr).toEqual([]);
    expect(out).not.toContain(sim.token);
  });

  it('names PLEX_TOKEN as the source when it is set, and says when Plex rejects it', async () => {
    const io = captureIO();
    io.env.PLEX_TOKEN = 'notTheRightToken';
    expect(await runCli(args(), io)).toBe(1);
    expect(io.stdout.join('\n')).toMatch(/^Token +from the PLEX_TOKEN environment variable, rejected$/m);
    expect(io.stderr).toEqual([
      `Token rejected: Plex Media Server at ${sim.url} did not accept the token from the PLEX_TOKEN environment variable. Set PLEX_TOKEN to a current token, or unset it so the token is read from the Plex preferences.`,
    ]);
  });

  it('says in one line that Plex is down, and still shows what it found on disk', async () => {
    const io = captureIO();
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const down = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(await runCli(['status', '--server', down, '--plex-data', sim.dataDir, '--logs', sim.sim.logsDir, '--prefs', sim.sim.preferencesPath, '--data', data, '--timeout', '2'], io)).toBe(1);
    expect(io.stdout).toContain(`Plex Media Server  not answering at ${down}`);
    expect(io.stdout.join('\n')).toMatch(/^Agents +4 in /m);
    expect(io.stderr).toEqual([`Plex Media Server is not answering at ${down} (connection refused). Start Plex Media Server (or check the server address), then try again.`]);
  });

  it('reports missing folders with what to pass instead', async () => {
    const io = captureIO();
    expect(await runCli(args(['--plugins', '/nonexistent/Plug-ins', '--logs', '/nonexistent/Logs']), io)).toBe(1);
    expect(io.stderr).toEqual([
      'The Plug-ins folder /nonexistent/Plug-ins does not exist. Pass the folder that holds your agent bundles with --plugins (it is inside the Plex Media Server data folder).',
      `Plex's plug-in logs are not in /nonexistent/Logs/PMS Plugin Logs. Pass the Plex logs folder with --logs.`,
    ]);
  });

  it('refuses a server address that is not http(s) as a wrong invocation', async () => {
    const io = captureIO();
    expect(await runCli(['status', '--server', 'ftp://x', '--data', data], io)).toBe(2);
    expect(io.stderr[0]).toMatch(/--server: "ftp:\/\/x" is not an http:\/\/ or https:\/\/ address/);
  });
});
