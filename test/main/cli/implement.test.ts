import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli.ts';
import { iterationDirFor } from '../../../main/cli/implement.ts';
import type { Fix } from '../../../shared/fix.ts';
import type { SimHandle } from '../../plex-sim/sim.ts';
import { loadFixtureFix, startTestSim } from '../../plex-sim/testing.ts';
import { captureIO } from '../../helpers/cli-io.ts';
import { fixOf, GEVI_INIT, treeHashes } from '../engine/fixes/workspace.ts';

const reportOf = (fixes: Fix[]) => ['# Diagnostic report — iteration 2', '', ...fixes.flatMap((f) => [`## ${f.title}`, '', '```json', JSON.stringify(f, null, 2), '```', ''])].join('\n');
const dunder = fixOf({
  id: 'describe-agent',
  title: 'Give the agent class a readable name',
  changes: [{ kind: 'replace', file: GEVI_INIT, find: "    ''' define Agent class '''\n", replace: "    ''' define Agent class '''\n    def __repr__(self):\n        return 'GEVI agent'\n" }],
});
const notThere = fixOf({ id: 'not-there', title: 'Change text that is not there', changes: [{ kind: 'replace', file: GEVI_INIT, find: 'no such text', replace: 'x' }] });

describe('agent-doctor implement', () => {
  let sim: SimHandle;
  let root: string;
  let data: string;
  let report: string;
  beforeAll(async () => {
    sim = await startTestSim();
    root = mkdtempSync(join(tmpdir(), 'ad-implement-'));
    data = join(root, 'data');
    const iterationDir = join(data, 'runs', 'run-7', 'iteration_2');
    mkdirSync(iterationDir, { recursive: true });
    report = join(iterationDir, 'diagnostic_report_iteration_2.md');
    writeFileSync(report, reportOf([loadFixtureFix('iafd-browser-headers'), dunder, notThere]));
  });
  afterAll(async () => {
    await sim.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const args = (fix: string, extra: string[] = []) => ['implement', '--fix', fix, '--diagnostic-report', report, '--plugins', sim.sim.pluginsDir, '--logs', sim.sim.logsDir, '--prefs', sim.sim.preferencesPath, '--server', sim.url, '--data', data, ...extra];

  it('shows the card, and changes nothing when the answer is skip or no', async () => {
    const before = treeHashes(sim.sim.pluginsDir);
    const io = captureIO(['maybe', 'skip']);
    expect(await runCli(args('iafd-browser-headers'), io)).toBe(0);
    const out = io.stdout.join('\n');
    expect(out).toContain('IMPLEMENTING: Send a browser User-Agent with every IAFD request');
    expect(out).toContain('Measured: no metrics were given, so the current numbers are not shown.');
    expect(out).toMatch(/^ {2}\+IAFD_HEADERS = /m);
    expect(io.stdout.slice(-2)).toEqual(['Please answer yes, no or skip.', 'Skipped: nothing was changed.']);
    expect(await runCli(args('iafd-browser-headers'), captureIO(['no']))).toBe(0);
    expect(treeHashes(sim.sim.pluginsDir)).toEqual(before);
  });

  it('does not guess an answer when there is no terminal', async () => {
    const io = captureIO();
    expect(await runCli(args('iafd-browser-headers'), io)).toBe(1);
    expect(io.stderr).toEqual(['Nothing was changed: there is no one to ask here (not a terminal).', 'Run it in a terminal, or add --yes to apply without asking.']);
  });

  it('applies with --yes, restarts the plug-in, and checks its log', async () => {
    const io = captureIO();
    expect(await runCli(args('iafd-browser-headers', ['--yes']), io)).toBe(0);
    const out = io.stdout.join('\n');
    expect(out).toContain('Proceed? (yes/no/skip): yes (--yes)');
    expect(out).toMatch(/Applied "Send a browser User-Agent with every IAFD request": 1 file changed; the originals are in .*run-7\/iteration_2\/_BACKUPS\/iafd-browser-headers_\d{8}_\d{6}\./);
    expect(out).toContain('Check after the restart: started. The plug-in started and logged no CRITICAL line since the restart.');
    expect(readFileSync(join(sim.sim.pluginsDir, 'GEVI.bundle/Contents/Code/utils.py'), 'utf8')).toContain('headers=IAFD_HEADERS');
    expect(readdirSync(join(data, 'runs', 'run-7', 'iteration_2'))).toEqual(expect.arrayContaining(['implementation_log.json', 'implementation_report_iafd-browser-headers.md', '_BACKUPS']));
    expect(out).not.toContain(sim.token);
  });

  it('rolls back a fix the plug-in does not start with, and exits 1', async () => {
    const before = treeHashes(sim.sim.pluginsDir);
    const io = captureIO();
    expect(await runCli(args('describe-agent', ['--yes']), io)).toBe(1);
    const out = io.stdout.join('\n');
    expect(out).toContain('WORTH A LOOK:');
    expect(out).toMatch(/Check after the restart: failed\. com\.plexapp\.agents\.GEVI did not start: SyntaxError: Line \d+: "__repr__" is an invalid variable name/);
    expect(out).toMatch(/The fix was rolled back automatically\. Rolled back "Give the agent class a readable name": 1 file restored from the backup and verified \(sha256\)\./);
    expect(out).toContain('Check after the restart: started.');
    expect(treeHashes(sim.sim.pluginsDir)).toEqual(before);
  });

  it('prints a refusal with what to do, and changes nothing', async () => {
    const before = treeHashes(sim.sim.pluginsDir);
    const io = captureIO();
    expect(await runCli(args('not-there', ['--yes']), io)).toBe(1);
    expect(io.stderr[0]).toBe('Change 1 (GEVI.bundle/Contents/Code/__init__.py): the text to replace occurs nowhere in the file, but the fix expects it exactly once. Nothing was changed.');
    expect(io.stderr[1]).toMatch(/^The agent code differs/);
    expect(treeHashes(sim.sim.pluginsDir)).toEqual(before);
  });

  it('names the fixes a report has when the one asked for is not there', async () => {
    const io = captureIO();
    expect(await runCli(args('nope', ['--yes']), io)).toBe(1);
    expect(io.stderr).toEqual([`The diagnostic report ${report} has no fix "nope".`, 'Fixes in it: iafd-browser-headers, describe-agent, not-there.']);
  });

  it('needs --fix and --diagnostic-report', async () => {
    const io = captureIO();
    expect(await runCli(['implement', '--diagnostic-report', report], io)).toBe(2);
    expect(io.stderr[0]).toMatch(/^--fix is required\.\nUsage: agent-doctor implement --fix ID/);
  });

  it('works in the report\'s iteration folder, or in a new manual run for a report elsewhere', () => {
    expect(iterationDirFor('/d/runs/r1/iteration_3/diagnostic_report_iteration_3.md', '/d', new Date())).toBe('/d/runs/r1/iteration_3');
    expect(iterationDirFor('/home/me/diagnostic_report_iteration_4.md', '/d', new Date('2026-02-01T12:30:05Z'))).toBe('/d/runs/manual-20260201-123005/iteration_4');
    expect(iterationDirFor('/home/me/report.md', '/d', new Date('2026-02-01T12:30:05Z'))).toBe('/d/runs/manual-20260201-123005/iteration_1');
  });
});
