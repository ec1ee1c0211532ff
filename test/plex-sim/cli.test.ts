import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = new URL('./cli.ts', import.meta.url).pathname;

/** runs the sim CLI until it prints `until`, then sends SIGINT; resolves with output and exit code */
function runSim(args: string[], until?: RegExp): Promise<{ out: string; err: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (until?.test(out)) child.kill('SIGINT');
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ out, err, code }));
  });
}

describe('npm run sim -- --port P --data DIR --scenario FILE', () => {
  it('starts the simulated Plex, prints where everything is, and stops cleanly on Ctrl-C', async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'sim-cli-')), 'plex');
    const scenario = new URL('../fixtures/plex/scenarios/fast.json', import.meta.url).pathname;
    const { out, code } = await runSim(['--port', '0', '--data', data, '--scenario', scenario], /Ctrl-C stops it/);
    expect(out).toMatch(/^Simulated Plex Media Server 1\.40\.1\.8227-c0dd5a73e \(scenario "fast"\)$/m);
    expect(out).toMatch(/^ {2}server {7}http:\/\/127\.0\.0\.1:\d+$/m);
    expect(out).toContain(`${data}/Preferences.xml`);
    expect(code).toBe(0);
  });

  it.each([
    [['--scenario', 'x.json'], /--data is required/],
    [['--data', '/tmp/x', '--port', 'abc'], /--port and --control-port must be whole numbers/],
    [['--data', '/tmp/x', '--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j with a clear message and exit code 2', async (args, message) => {
    const { err, code } = await runSim(args);
    expect(err).toMatch(message);
    expect(code).toBe(2);
  });

  it('says why it cannot start, e.g. a scenario that does not exist', async () => {
    const { err, code } = await runSim(['--port', '0', '--data', mkdtempSync(join(tmpdir(), 'sim-cli-')), '--scenario', '/nonexistent/scenario.json']);
    expect(err).toMatch(/^Cannot start the simulated Plex: Scenario \/nonexistent\/scenario\.json is not readable JSON: ENOENT/);
    expect(code).toBe(1);
  });
});
