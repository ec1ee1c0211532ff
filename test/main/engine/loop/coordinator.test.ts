// The whole loop on the simulated Plex (issue 8, Must show): each exit condition, the three-fix
// run, and propagation to identical sibling bundles.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineEventSchema } from '../../../../shared/events.ts';
import { TestingDecisionsSchema } from '../../../../shared/decision.ts';
import { listAppliedFixes } from '../../../../main/engine/fixes/index.ts';
import { perItemText } from '../../../../main/engine/loop/format.ts';
import { loadScenario } from '../../../plex-sim/scenario.ts';
import { scenarioPath } from '../../../plex-sim/testing.ts';
import { BREAKING, decisionsOf, EFFECTIVE, expectedHashes, startLoopWorld, USELESS, USELESS_2, USELESS_3, type LoopWorld } from './sim-loop.ts';

let w: LoopWorld | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

const skipPropagation = (p: { fixId: string }) => (p.fixId.startsWith('carry-') ? 'skip' : 'proceed');

describe('the whole loop on the simulated Plex', { timeout: 90_000 }, () => {
  it('three fixes — effective, useless, plug-in-breaking — end KEEP / ROLLBACK / ROLLBACK, "all fixes attempted", and the files as expected', async () => {
    w = await startLoopWorld();
    const { state, runDir } = await w.run({ reports: w.reports([EFFECTIVE, USELESS, BREAKING]) });

    expect(state.status).toBe('ended');
    expect(state.exit).toMatchObject({ reason: 'all-fixes-attempted' });
    const attempts = state.iterations[0]!.attempts;
    expect(attempts.map((a) => `${a.fixId}:${a.verdict}:${a.outcome}`)).toEqual(['iafd-browser-headers:KEEP:kept', 'iafd-longer-timeout:ROLLBACK:rolled-back', 'agent-repr:ROLLBACK:rolled-back']);
    expect(attempts[2]!.why).toMatch(/^The plug-in did not start cleanly with the change, so it was rolled back at once: com\.plexapp\.agents\.GEVI did not start: .*"__repr__" is an invalid variable name because it starts with "_"/);
    expect(state.iterations).toHaveLength(1);

    // GEVI keeps the headers; AEBN and GayAdult (byte-identical utils.py) got them too; GayHotMovies
    // (its own utils.py) and every __init__.py are as shipped
    expect(w.bundleHashes()).toEqual(expectedHashes([{ fix: EFFECTIVE, bundles: ['GEVI', 'AEBN', 'GayAdult'] }]));

    expect(decisionsOf(runDir)).toEqual([
      'iafd-browser-headers:fix:KEEP:kept',
      'iafd-browser-headers:propagation:KEEP:kept',
      'iafd-longer-timeout:fix:ROLLBACK:rolled-back',
      'agent-repr:start-check:ROLLBACK:rolled-back',
    ]);
    // the questions: each fix once, the propagation once
    expect(w.proposals.map((p) => p.fixId)).toEqual(['iafd-browser-headers', 'carry-iafd-browser-headers', 'iafd-longer-timeout', 'agent-repr']);
    expect(w.proposals[3]!.warnings.join(' ')).toMatch(/"__repr__" starts with "_"/);

    // every file of design.md
    const it1 = join(runDir, 'iteration_1');
    for (const f of ['aggregated_logs_iteration_1.txt', 'metrics_iteration_1.json', 'diagnostic_report_iteration_1.md', 'implementation_log.json', 'implementation_report_iafd-browser-headers.md', 'implementation_report_agent-repr.md', 'test_report_iafd-browser-headers_iteration_1.md', 'testing_decisions.json']) {
      expect(existsSync(join(it1, f)), f).toBe(true);
    }
    for (const f of ['final_improvement_report.md', 'loop_state.json', 'decision_log.json', 'iteration_2/metrics_iteration_2.json', 'iteration_2/aggregated_logs_iteration_2.txt']) expect(existsSync(join(runDir, f)), f).toBe(true);
    expect(TestingDecisionsSchema.parse(JSON.parse(readFileSync(join(it1, 'testing_decisions.json'), 'utf8'))).map((r) => `${r.fixId}:${r.decision.verdict}`)).toEqual([
      'iafd-browser-headers:KEEP',
      'iafd-browser-headers-to-aebn:KEEP',
      'iafd-browser-headers-to-gayadult:KEEP',
      'iafd-longer-timeout:ROLLBACK',
    ]);

    // the final report, from the run's data
    const report = readFileSync(join(runDir, 'final_improvement_report.md'), 'utf8');
    expect(report).toContain('## Why the loop stopped: All fixes attempted');
    expect(report).toContain('  Fixes Attempted: 3\n  Fixes Successful: 1\n  Fixes Failed: 2');
    expect(report).toMatch(/\| 1 \| Send a browser User-Agent with every IAFD request \(`iafd-browser-headers`\) \| GEVI \| KEEP \| kept \|/);
    expect(report).toMatch(/\| 1 \| Name the agent in its repr \(`agent-repr`\) \| GEVI \| ROLLBACK \| rolled back \|/);
    expect(report).toContain('- GayHotMovies: left untouched — GayHotMovies.bundle/Contents/Code/utils.py: it differs from GEVI\'s before the fix (sha256), so the change may not fit it.');
    const gevi = state.baseline!.agents.find((a) => a.agent === 'GEVI')!;
    expect(report).toContain(`| GEVI | ${gevi.refreshed} | ${perItemText(gevi.actionableErrors / gevi.refreshed)} → `);
    expect(report).not.toContain(w.sim.token);

    for (const e of w.events) EngineEventSchema.parse(e);
    expect(w.events.filter((e) => e.type === 'loopEnded')).toMatchObject([{ exitReason: 'all-fixes-attempted', reportPath: join(runDir, 'final_improvement_report.md') }]);
    // no fix of the run is applied twice
    const applied = await listAppliedFixes({ dataDir: w.dataDir, pluginsDir: w.sim.sim.pluginsDir });
    expect(applied.map((f) => `${f.fixId}:${f.state}`).sort()).toEqual([
      'agent-repr:rolled-back',
      'iafd-browser-headers-to-aebn:applied',
      'iafd-browser-headers-to-gayadult:applied',
      'iafd-browser-headers:applied',
      'iafd-longer-timeout:rolled-back',
    ]);
  });

  it('propagation declined: only the canary changes, and the report says so', async () => {
    w = await startLoopWorld();
    const { state, runDir } = await w.run({ reports: w.reports([EFFECTIVE]) }, skipPropagation);
    expect(state.iterations[0]!.attempts[0]!.propagation).toMatchObject({ outcome: 'declined', siblings: [{ agent: 'AEBN' }, { agent: 'GayAdult' }], untouched: [{ agent: 'GayHotMovies' }] });
    expect(w.bundleHashes()).toEqual(expectedHashes([{ fix: EFFECTIVE }]));
    expect(readFileSync(join(runDir, 'final_improvement_report.md'), 'utf8')).toContain('- You chose not to carry it over.');
  });

  it('MONITOR: the fix stays applied, is tested again at the end of the iteration, and the report says when', async () => {
    w = await startLoopWorld();
    // three items are too little evidence to keep a fix for good
    const { state, runDir } = await w.run({ reports: w.reports([EFFECTIVE]), items: 3 }, skipPropagation);
    const a = state.iterations[0]!.attempts[0]!;
    expect(a).toMatchObject({ verdict: 'MONITOR', outcome: 'monitor', retest: { due: 'at the end of iteration 1, after its other fixes', done: true, tested: { verdict: 'MONITOR' } } });
    expect(decisionsOf(runDir)).toEqual(['iafd-browser-headers:fix:MONITOR:left-applied', 'iafd-browser-headers:retest:MONITOR:left-applied']);
    expect(w.bundleHashes()).toEqual(expectedHashes([{ fix: EFFECTIVE }]));
    const report = readFileSync(join(runDir, 'final_improvement_report.md'), 'utf8');
    expect(report).toContain('↳ re-test of `iafd-browser-headers` (at the end of iteration 1, after its other fixes)');
    expect(report).toContain('is applied but not proven. Test it again in a few days');
  });

  it('plateau: exits after the second iteration in a row under 5 %, with fixes still left', async () => {
    w = await startLoopWorld();
    const { state } = await w.run({ reports: w.reports([EFFECTIVE], [USELESS], [USELESS_2], [USELESS_3]) }, skipPropagation);
    expect(state.exit).toMatchObject({ reason: 'plateau' });
    expect(state.iterations.map((i) => i.iteration)).toEqual([1, 2, 3]);
    const [first, second, third] = state.iterations.map((i) => i.improvementPct);
    expect(first).toBeGreaterThan(5);
    expect(second).toBeLessThan(5);
    expect(third).toBeLessThan(5);
    expect(state.exit!.text).toMatch(/^Progress has levelled off: each of the last 2 iterations cut the errors per refreshed item by less than 5 %/);
    expect(state.iterations.flatMap((i) => i.attempts.map((a) => `${a.fixId}:${a.verdict}`))).toEqual(['iafd-browser-headers:KEEP', 'iafd-longer-timeout:ROLLBACK', 'agent-docstring:ROLLBACK']);
    expect(w.bundleHashes()).toEqual(expectedHashes([{ fix: EFFECTIVE }]));
  }, 60_000);

  it('max iterations: stops after the last iteration allowed, with fixes still left', async () => {
    w = await startLoopWorld();
    const { state } = await w.run({ reports: w.reports([EFFECTIVE], [USELESS]), maxIterations: 1 }, skipPropagation);
    expect(state.exit).toEqual({ reason: 'max-iterations', text: 'The loop reached its limit of 1 iteration.', at: expect.any(String) });
    expect(state.iterations).toHaveLength(1);
  });

  it('regression: the agents do worse than at the start, so the loop stops and rolls back what it kept (when you agree)', async () => {
    w = await startLoopWorld();
    const world = w;
    // IAFD and the agents' own site change their pages after the fix was kept: every item fails worse than before
    const broken = loadScenario(scenarioPath('fast'), { rules: [{ when: [], outcomes: [{ weight: 1, iafd: 'blocked', site: 'field-error' }] }] });
    const deps = world.deps('proceed');
    const notify = deps.ports.notify;
    deps.ports.notify = (e) => {
      notify(e);
      if (e.type === 'phase' && e.phase === 'aggregate' && e.iteration === 2) world.sim.sim.scenario = broken;
    };
    const { state, runDir } = await world.run({ reports: world.reports([EFFECTIVE], [USELESS]) }, 'proceed', { ports: deps.ports });
    expect(state.exit).toMatchObject({ reason: 'regression', rollback: { answer: 'proceed', fixIds: ['iafd-browser-headers', 'iafd-browser-headers-to-aebn', 'iafd-browser-headers-to-gayadult'] } });
    // the sites' new pages give no cast, so fewer IAFD look-ups fail, but no item is updated well any more
    expect(state.exit!.text).toMatch(/^The agents do worse than before the run began: 0 % of the items updated well, down from [\d.]+ % at the start\.$/);
    expect(world.proposals.at(-1)).toMatchObject({ fixId: 'roll-back-this-run', title: 'Roll back the 3 fixes this run kept' });
    // every file as shipped again
    expect(world.bundleHashes()).toEqual(expectedHashes([]));
    expect(decisionsOf(runDir).filter((d) => d.includes(':regression:'))).toHaveLength(3);
    expect(state.iterations[0]!.attempts[0]).toMatchObject({ outcome: 'rolled-back' });
    expect(readFileSync(join(runDir, 'final_improvement_report.md'), 'utf8')).toContain('## Why the loop stopped: Regression below the starting point');
  });

  it('regression with the rollback declined: the fixes stay and the report says how to undo them', async () => {
    w = await startLoopWorld();
    const world = w;
    const broken = loadScenario(scenarioPath('fast'), { rules: [{ when: [], outcomes: [{ weight: 1, iafd: 'blocked', site: 'field-error' }] }] });
    const answer = (p: { fixId: string }) => (p.fixId === 'roll-back-this-run' ? 'skip' : skipPropagation(p));
    const deps = world.deps(answer);
    const notify = deps.ports.notify;
    deps.ports.notify = (e) => {
      notify(e);
      if (e.type === 'phase' && e.phase === 'aggregate' && e.iteration === 2) world.sim.sim.scenario = broken;
    };
    const { state, runDir } = await world.run({ reports: world.reports([EFFECTIVE]) }, answer, { ports: deps.ports });
    expect(state.exit).toMatchObject({ reason: 'regression', rollback: { answer: 'skip', fixIds: ['iafd-browser-headers'] } });
    expect(world.bundleHashes()).toEqual(expectedHashes([{ fix: EFFECTIVE }]));
    expect(readFileSync(join(runDir, 'final_improvement_report.md'), 'utf8')).toContain('Roll them back with: agent-doctor rollback --fix iafd-browser-headers.');
  });

  it('user stop: "no" to a proposal ends the loop there, with what was kept kept and the final report', async () => {
    w = await startLoopWorld();
    const { state, runDir } = await w.run({ reports: w.reports([EFFECTIVE, USELESS]) }, (p) => (p.fixId === USELESS.id ? 'no' : skipPropagation(p)));
    expect(state.exit).toMatchObject({ reason: 'user-stop', text: 'You stopped the loop.' });
    expect(state.iterations[0]!.attempts.map((a) => `${a.fixId}:${a.outcome}`)).toEqual(['iafd-browser-headers:kept', 'iafd-longer-timeout:skipped']);
    expect(w.bundleHashes()).toEqual(expectedHashes([{ fix: EFFECTIVE }]));
    expect(readFileSync(join(runDir, 'final_improvement_report.md'), 'utf8')).toContain('## Why the loop stopped: Stopped by you');
  });

  it('user stop: a stop asked for while a fix is tested ends the loop after that fix', async () => {
    w = await startLoopWorld();
    const world = w;
    const stop = new AbortController();
    const deps = world.deps();
    const notify = deps.ports.notify;
    deps.ports.notify = (e) => {
      notify(e);
      if (e.type === 'progress' && e.pass === 'after') stop.abort();
    };
    const { state } = await world.run({ reports: world.reports([USELESS, EFFECTIVE]) }, 'proceed', { ports: deps.ports, control: { stop: stop.signal, abort: new AbortController().signal } });
    expect(state.exit).toMatchObject({ reason: 'user-stop' });
    expect(state.iterations[0]!.attempts.map((a) => `${a.fixId}:${a.outcome}`)).toEqual(['iafd-longer-timeout:rolled-back']);
    expect(world.bundleHashes()).toEqual(expectedHashes([]));
  });
});
