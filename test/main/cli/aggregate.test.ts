import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, cpSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../../main/cli.ts';
import { MetricsSchema } from '../../../shared/metrics.ts';
import { captureIO } from '../../helpers/cli-io.ts';

const SAMPLES = fileURLToPath(new URL('../../fixtures/logs/', import.meta.url));
let out = '';
afterEach(async () => {
  if (out) await rm(out, { recursive: true, force: true });
  out = '';
});

describe('agent-doctor aggregate', () => {
  it('explains itself with --help, default folder included', async () => {
    const io = captureIO();
    expect(await runCli(['aggregate', '--help'], io)).toBe(0);
    const help = io.stdout.join('\n');
    expect(help).toContain('Usage: agent-doctor aggregate [--logs DIR] [--hours N | --since ISO] [--agent NAME]… [--out FILE] [--json FILE]');
    for (const option of ['--logs DIR', '--hours N', '--since ISO', '--agent NAME', '--out FILE', '--json FILE']) expect(help).toContain(option);
  });

  it('prints the report of a logs folder', async () => {
    const io = captureIO();
    expect(await runCli(['aggregate', '--logs', SAMPLES], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toContain('════ GEVI (com.plexapp.agents.GEVI) ════');
    expect(text).toContain('════ AEBN (com.plexapp.agents.AEBN) ════');
    expect(text).not.toContain('FAKEplexTOKEN');
  });

  it('writes the report and the metrics JSON, and prints a short summary', async () => {
    out = await mkdtemp(join(tmpdir(), 'ad-cli-'));
    const io = captureIO();
    expect(await runCli(['aggregate', '--logs', SAMPLES, '--agent', 'GEVI', '--out', join(out, 'aggregated_logs_iteration_1.txt'), '--json', join(out, 'metrics_iteration_1.json')], io)).toBe(0);
    const metrics = MetricsSchema.parse(JSON.parse(await readFile(join(out, 'metrics_iteration_1.json'), 'utf8')));
    expect(Object.keys(metrics.agents)).toEqual(['GEVI']);
    expect(await readFile(join(out, 'aggregated_logs_iteration_1.txt'), 'utf8')).toContain('════ GEVI');
    expect(io.stdout).toEqual([
      expect.stringMatching(/^GEVI: 71 records, \d+ actionable error lines, 4 items, 25 % updated well$/),
      `Report written to ${join(out, 'aggregated_logs_iteration_1.txt')}, metrics to ${join(out, 'metrics_iteration_1.json')}.`,
    ]);
  });

  it('removes the token of PLEX_TOKEN from what it writes, in any shape', async () => {
    out = await mkdtemp(join(tmpdir(), 'ad-cli-'));
    const logs = join(out, 'logs');
    cpSync(SAMPLES, logs, { recursive: true });
    const token = 'shapeLessTok3n9876';
    appendFileSync(join(logs, 'PMS Plugin Logs', 'com.plexapp.agents.GEVI.log'), `2026-02-02 05:50:12,000 (171f73000) :  ERROR (sandbox:19) - GEVI  - odd failure, key ${token} refused\n`);
    const io = { ...captureIO(), env: { PLEX_TOKEN: token } };
    expect(await runCli(['aggregate', '--logs', logs, '--agent', 'GEVI', '--json', join(out, 'm.json'), '--out', join(out, 'r.txt')], io)).toBe(0);
    const written = (await readFile(join(out, 'm.json'), 'utf8')) + (await readFile(join(out, 'r.txt'), 'utf8'));
    expect(written).toContain('odd failure, key <redacted> refused');
    expect(written).not.toContain(token);
  });

  it('takes several agents, repeated or with commas', async () => {
    out = await mkdtemp(join(tmpdir(), 'ad-cli-'));
    const io = captureIO();
    expect(await runCli(['aggregate', '--logs', SAMPLES, '--agent', 'GEVI,aebn', '--agent', 'GayAdult', '--json', join(out, 'm.json')], io)).toBe(0);
    expect(Object.keys(JSON.parse(await readFile(join(out, 'm.json'), 'utf8')).agents)).toEqual(['AEBN', 'GayAdult', 'GEVI']);
  });

  it('applies --since to every record', async () => {
    out = await mkdtemp(join(tmpdir(), 'ad-cli-'));
    const io = captureIO();
    expect(await runCli(['aggregate', '--logs', SAMPLES, '--since', '2030-01-01T00:00:00Z', '--json', join(out, 'm.json')], io)).toBe(0);
    expect(JSON.parse(await readFile(join(out, 'm.json'), 'utf8')).agents).toEqual({});
    expect(io.stdout.join('\n')).toContain('No agent logged anything in the window.');
  });

  it('says in one line where it looked and how to point elsewhere when there are no logs', async () => {
    const io = captureIO();
    expect(await runCli(['aggregate', '--logs', '/no/plex/here'], io)).toBe(1);
    expect(io.stderr).toEqual(['There is no folder "/no/plex/here". Point to the Plex logs folder with --logs DIR.']);
    const empty = await mkdtemp(join(tmpdir(), 'ad-cli-'));
    out = empty;
    const io2 = captureIO();
    expect(await runCli(['aggregate', '--logs', empty], io2)).toBe(1);
    expect(io2.stderr).toEqual([`No Plex agent logs in "${join(empty, 'PMS Plugin Logs')}". Point to the Plex logs folder with --logs DIR.`]);
  });

  it('looks in the default folder of this computer without --logs', async () => {
    const io = { ...captureIO(), env: { PLEX_MEDIA_SERVER_LOG_DIR: '/nowhere/plex-logs' } };
    expect(await runCli(['aggregate'], io)).toBe(1);
    expect(io.stderr[0]).toContain('/nowhere/plex-logs');
  });

  it.each([
    [['--hours', '2', '--since', '2026-01-01T00:00:00Z'], /--hours or --since, not both/],
    [['--since', 'yesterday'], /--since must be a date and time/],
    [['--hours', '0'], /--hours must be a number ≥ 0.01/],
    [['--frobnicate'], /Unknown option/],
  ])('refuses %j with its usage (exit 2)', async (args, message) => {
    const io = captureIO();
    expect(await runCli(['aggregate', '--logs', SAMPLES, ...args], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(message);
    expect(io.stderr.join('\n')).toContain('Usage: agent-doctor aggregate');
  });

  it('names the agents there are when asked for one without a log', async () => {
    const io = captureIO();
    expect(await runCli(['aggregate', '--logs', SAMPLES, '--agent', 'Nope'], io)).toBe(1);
    expect(io.stderr).toEqual(['There is no log of an agent called "Nope".', 'Agents with logs: AEBN, GayAdult, GEVI.']);
  });
});
