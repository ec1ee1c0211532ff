import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli.ts';
import { TestingDecisionsSchema } from '../../../shared/decision.ts';
import type { Fix } from '../../../shared/fix.ts';
import { captureIO } from '../../helpers/cli-io.ts';
import type { SimHandle } from '../../plex-sim/sim.ts';
import { applyFixtureFix, clientFor, startTestSim } from '../../plex-sim/testing.ts';
import { fixtureFix, GEVI, USELESS_FIX } from '../engine/verify/sim-harness.ts';

const report = (...fixes: Fix[]) => `# Diagnostic report — iteration 3\n\n${fixes.map((f) => `## ${f.title}\n\n\`\`\`json\n${JSON.stringify(f, null, 2)}\n\`\`\`\n`).join('\n')}`;

describe('agent-doctor test', () => {
  let sim: SimHandle;
  let dir: string;
  let reportFile: string;
  let metricsFile: string;
  const effective = fixtureFix('iafd-browser-headers');
  const args = (...extra: string[]) => ['test', '--diagnostic-report', reportFile, '--baseline', metricsFile, '--server', sim.url, '--logs', sim.sim.logsDir, '--prefs', sim.sim.preferencesPath, '--data', dir, '--items', '6', ...extra];

  beforeAll(async () => {
    sim = await startTestSim({ overrides: { refreshConcurrency: 2, latency: { refreshMs: 80, jitterMs: 20 } } });
    dir = mkdtempSync(join(tmpdir(), 'ad-test-cli-'));
    reportFile = join(dir, 'diagnostic_report_iteration_3.md');
    metricsFile = join(dir, 'metrics_iteration_3.json');
    writeFileSync(reportFile, report(effective, USELESS_FIX));
    expect(await runCli(['aggregate', '--logs', sim.sim.logsDir, '--json', metricsFile, '--out', join(dir, 'aggregated.txt')], captureIO())).toBe(0);
  });
  afterAll(async () => {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('with --no-pre-test compares with the aggregated baseline; a fix that changes nothing is rolled back (exit 1)', async () => {
    const io = captureIO();
    expect(await runCli(args('--fix', USELESS_FIX.id, '--no-pre-test', '--out', join(dir, 'other')), io)).toBe(1);
    expect(io.stdout).toContain('DECISION: ROLLBACK');
    expect(io.stdout.some((l) => l.startsWith('- No paired pre-test: compared with the aggregated baseline only'))).toBe(true);
    expect(existsSync(join(dir, 'other', 'test_report_iafd-longer-timeout_iteration_3.md'))).toBe(true);
  });

  it('takes the paired baseline before the fix, then tests the applied fix and decides', async () => {
    const before = captureIO();
    expect(await runCli(args('--fix', effective.id, '--before'), before)).toBe(0);
    expect(before.stdout[0]).toBe('Refreshing 6 items of GEVI before the fix (the paired baseline)…');
    expect(before.stdout).toContain('  6 of 6 refreshed');
    expect(before.stdout.at(-2)).toMatch(/^Baseline saved to .*pretest_iafd-browser-headers_iteration_3\.json: \d+ ok, \d+ failed, 0 without an outcome\.$/);
    expect(before.stdout.at(-1)).toBe('Now apply the fix and restart Plex (or the plug-in), then run the same command without --before.');
    expect(existsSync(join(dir, 'pretest_iafd-browser-headers_iteration_3.json'))).toBe(true);

    applyFixtureFix(sim.sim.pluginsDir, effective);
    const started = sim.sim.waitFor('plugin-started', (p) => p.identifier === GEVI);
    const client = clientFor(sim);
    await client.restartPlugin(GEVI);
    await client.close();
    await started;

    const after = captureIO();
    expect(await runCli(args('--fix', effective.id), after)).toBe(0);
    expect(after.stdout).toContain('DECISION: KEEP');
    expect(after.stdout).toContain('- Met 2 of 2 success criteria (100 %), at least 75 %, and no failure indicator fired: keep the fix.');
    expect(after.stdout.at(-1)).toBe(`Report: ${join(dir, 'test_report_iafd-browser-headers_iteration_3.md')}`);
    const decisions = TestingDecisionsSchema.parse(JSON.parse(readFileSync(join(dir, 'testing_decisions.json'), 'utf8')));
    expect(decisions.map((d) => [d.fixId, d.decision.verdict, d.decision.pairedBaseline, d.decision.iteration])).toEqual([['iafd-browser-headers', 'KEEP', true, 3]]);
    expect([...before.stdout, ...after.stdout, ...after.stderr].join('\n')).not.toContain(sim.token);
  });

  it('without a saved paired baseline says how to take one, or to skip it', async () => {
    const io = captureIO();
    expect(await runCli(args('--fix', USELESS_FIX.id), io)).toBe(1);
    expect(io.stderr[0]).toBe(`No paired baseline for fix "iafd-longer-timeout": ${join(dir, 'pretest_iafd-longer-timeout_iteration_3.json')} does not exist.`);
    expect(io.stderr[1]).toMatch(/^Before implementing the fix, run: agent-doctor test --fix iafd-longer-timeout .* --before\. If the fix is already applied, add --no-pre-test to compare with the aggregated baseline only\.$/);
  });

  it('names the fixes the report has when the one asked for is not there', async () => {
    const io = captureIO();
    expect(await runCli(args('--fix', 'nope'), io)).toBe(1);
    expect(io.stderr).toEqual([`The diagnostic report ${reportFile} has no fix "nope".`, 'Fixes in it: iafd-browser-headers, iafd-longer-timeout.']);
  });

  it('refuses a baseline that is not metrics, and loses nothing', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"schemaVersion": 1}');
    const io = captureIO();
    expect(await runCli([...args('--fix', effective.id, '--no-pre-test'), '--baseline', bad], io)).toBe(1);
    expect(io.stderr[0]).toMatch(/^".*bad\.json" is not a metrics file Agent Doctor can read \(generatedAt: /);
    expect(readFileSync(bad, 'utf8')).toBe('{"schemaVersion": 1}');
  });

  it('refuses a folder that is not the Plex logs folder', async () => {
    const io = captureIO();
    expect(await runCli([...args('--fix', effective.id, '--no-pre-test'), '--logs', dir], io)).toBe(1);
    expect(io.stderr).toEqual([`There is no "PMS Plugin Logs" folder in ${dir}.`, 'Point to the Plex logs folder (the one holding "PMS Plugin Logs") with --logs DIR.']);
  });

  it('refuses a damaged paired baseline and leaves it as it is', async () => {
    const file = join(dir, 'pretest_iafd-longer-timeout_iteration_4.json');
    writeFileSync(file, '{"plan": 1}');
    const io = captureIO();
    expect(await runCli(args('--fix', USELESS_FIX.id, '--iteration', '4'), io)).toBe(1);
    expect(io.stderr[0]).toBe(`The paired baseline ${file} is damaged or belongs to another fix; it was left as it is.`);
    expect(readFileSync(file, 'utf8')).toBe('{"plan": 1}');
  });

  it.each([
    [['--fix', 'x', '--before', '--no-pre-test'], 'Use --before or --no-pre-test, not both.'],
    [[], '--fix is required.'],
    [['--fix', 'x', '--items', '0'], '--items must be a whole number ≥ 1 and ≤ 100 (got "0")'],
  ])('wrong invocation %j: exit 2 with the usage', async (extra, message) => {
    const io = captureIO();
    expect(await runCli(args(...extra), io)).toBe(2);
    expect(io.stderr[0]!.split('\n')).toEqual([message, expect.stringMatching(/^Usage: agent-doctor test --fix ID --diagnostic-report FILE --baseline METRICS /)]);
  });
});
