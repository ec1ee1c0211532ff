// Phase 4 end to end on the simulated Plex: plan → pre-test → apply + reload → post-test.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { TestingDecisionsSchema } from '../../../../shared/decision.ts';
import { EngineEventSchema } from '../../../../shared/events.ts';
import type { Fix } from '../../../../shared/fix.ts';
import { planTest, postTest, preTest, type PostTestInput, type TestPass } from '../../../../main/engine/verify/index.ts';
import { applyFixtureFix } from '../../../plex-sim/testing.ts';
import { fixtureFix, GEVI, startHarness, USELESS_FIX, type Harness } from './sim-harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const outcomes = (p: TestPass) => Object.values(p.items).map((i) => i.outcome);

/** Everything the loop does before the post-test: plan, paired pre-test, apply and reload. */
async function upToTheChange(fix: Fix, maxItems?: number): Promise<{ harness: Harness; input: PostTestInput & { before: TestPass } }> {
  const harness = (h = await startHarness());
  const plan = await planTest(harness.client, { fix, baseline: harness.baseline, maxItems });
  const before = await preTest(harness.ctx, plan);
  const changedAt = await harness.applyAndRestart(fix);
  return { harness, input: { fix, plan, baseline: harness.baseline, before, iteration: 1, dir: harness.dir, changedAt } };
}

describe('testing a fix on the simulated Plex', () => {
  it('keeps an effective fix: IAFD errors per item fall, films are found on IAFD', async () => {
    h = await startHarness();
    const fix = fixtureFix('iafd-browser-headers');
    const plan = await planTest(h.client, { fix, baseline: h.baseline });
    expect(plan.items).toHaveLength(20);
    expect(plan.items.every((i) => i.agent === 'GEVI' && i.reason === 'addressed-signature')).toBe(true);

    const before = await preTest(h.ctx, plan);
    expect(outcomes(before).filter((o) => o === 'ok')).toHaveLength(15);
    expect(outcomes(before).filter((o) => o === 'failed')).toHaveLength(5);

    const changedAt = await h.applyAndRestart(fix);
    const result = await postTest(h.ctx, { fix, plan, baseline: h.baseline, before, iteration: 1, dir: h.dir, changedAt });
    const d = result.decision;
    expect(d.verdict).toBe('KEEP');
    expect(d.criteriaMetPct).toBe(100);
    expect(d.pairedBaseline).toBe(true);
    const urlErrors = d.criteria.find((c) => c.criterion.id === 'iafd-url-errors-down')!;
    expect(urlErrors.before).toBeGreaterThan(3);
    expect(urlErrors.after!).toBeLessThan(urlErrors.before! * 0.5);
    expect(d.criteria.find((c) => c.criterion.id === 'found-on-iafd-up')).toMatchObject({ before: 0, holds: true });
    expect(d.indicators.filter((i) => i.holds === true)).toEqual([]);
    expect(d.indicators.find((i) => i.criterion.id === 'plugin-fails-to-start')?.text).toMatch(/^plug-in started after the change: yes \(GEVI started at /);
    expect(d.itemsWithOutcome).toBe(20);
    expect(d.reasons[0]).toBe('Met 2 of 2 success criteria (100 %), at least 75 %, and no failure indicator fired: keep the fix.');
  });

  it('rolls back a fix that changes nothing for IAFD', async () => {
    const { harness, input } = await upToTheChange(USELESS_FIX);
    const { decision: d } = await postTest(harness.ctx, input);
    expect(d.verdict).toBe('ROLLBACK');
    expect(d.criteriaMetPct).toBe(0);
    expect(d.reasons[0]).toBe('Met 0 of 2 success criteria (0 %), below 50 %: roll back.');
    expect(d.criteria.find((c) => c.criterion.id === 'iafd-url-errors-down')).toMatchObject({ holds: false });
    expect(d.paired).toMatchObject({ failToOk: 0, okToFail: 0, okToOk: 15, failToFail: 5, pValue: null });
  });

  it('rolls back a fix that silences the IAFD errors by stopping the agent from producing metadata, and says why', async () => {
    const { harness, input } = await upToTheChange(fixtureFix('update-returns-early'));
    const { decision: d } = await postTest(harness.ctx, input);
    expect(d.verdict).toBe('ROLLBACK');
    // its own criterion is met: the errors are gone …
    expect(d.criteria).toMatchObject([{ criterion: { id: 'errors-down', metric: 'actionableErrorsPerItem' }, after: 0, holds: true }]);
    // … because nothing is scraped any more
    expect(d.reasons[0]).toBe(
      'Roll back: a critical failure indicator fired — The agent stopped reporting scraped data for items that had it before (items with scraped data (or a clear failure): 20 before → 0 after, for the same refreshed items; 20 items logged no result at all).',
    );
    expect(d.itemsWithOutcome).toBe(0);
  });

  it('rolls back a fix whose plug-in no longer starts (Plex refuses "_" names), with the line that says why', async () => {
    h = await startHarness();
    const fix = fixtureFix('pgma-stubs-path');
    const plan = await planTest(h.client, { fix: { ...fix, signatures: ['iafd-url-error'] }, baseline: h.baseline, maxItems: 6 });
    const before = await preTest(h.ctx, plan);
    const changedAt = await h.applyAndRestart(fix);
    const { decision: d } = await postTest(h.ctx, { fix, plan, baseline: h.baseline, before, iteration: 1, dir: h.dir, changedAt });
    expect(d.verdict).toBe('ROLLBACK');
    const crashed = d.indicators.find((i) => i.criterion.id === 'builtin-plugin-crashed')!;
    expect(crashed.holds).toBe(true);
    expect(crashed.text).toMatch(/^GEVI failed to start at .*: SyntaxError: Line \d+: "_add_pgma_stubs_to_path" is an invalid variable name because it starts with "_"$/);
    expect(d.indicators.find((i) => i.criterion.id === 'plugin-fails-to-start')?.holds).toBe(true);
    expect(d.paired.okToFail).toBeGreaterThan(0);
  });

  it('writes the report and appends to testing_decisions.json, and sends progress and testFinished', async () => {
    const { harness: h, input: prepared } = await upToTheChange(fixtureFix('iafd-browser-headers'), 5);
    const input = { ...prepared, iteration: 2 };
    const { fix } = input;
    const first = await postTest(h.ctx, input);
    expect(first.reportPath).toBe(`${h.dir}/test_report_iafd-browser-headers_iteration_2.md`);
    const report = readFileSync(first.reportPath, 'utf8');
    expect(report).toContain('## EXPECTED RESULT (from the diagnostic report)');
    expect(report).toContain('## ACTUAL RESULT (from the fresh logs of the refreshed items)');
    expect(report).toContain(`## DECISION: ${first.decision.verdict}`);
    expect(report).not.toContain(h.sim.token);

    // a re-test (after a MONITOR) in the same iteration keeps the first report
    const again = await postTest(h.ctx, input);
    expect(again.reportPath).toBe(`${h.dir}/test_report_iafd-browser-headers_iteration_2_run_2.md`);
    const decisions = TestingDecisionsSchema.parse(JSON.parse(readFileSync(`${h.dir}/testing_decisions.json`, 'utf8')));
    expect(decisions.map((r) => r.report)).toEqual(['test_report_iafd-browser-headers_iteration_2.md', 'test_report_iafd-browser-headers_iteration_2_run_2.md']);
    expect(decisions[0]!.items).toHaveLength(5);

    for (const e of h.events) EngineEventSchema.parse(e);
    const progress = h.events.filter((e) => e.type === 'progress');
    expect(progress.filter((e) => e.pass === 'baseline').at(-1)).toMatchObject({ started: 5, finished: 5, total: 5, fixId: 'iafd-browser-headers', runId: 'run-1' });
    expect(progress.filter((e) => e.pass === 'after').every((e) => e.finished <= e.started && e.started <= e.total)).toBe(true);
    const finished = h.events.filter((e) => e.type === 'testFinished');
    expect(finished).toHaveLength(2);
    expect(finished[0]).toMatchObject({ iteration: 2, fixId: 'iafd-browser-headers', fixTitle: fix.title, verdict: first.decision.verdict, why: first.decision.reasons[0], reportPath: first.reportPath });
  });

  it('without a pre-test compares with the aggregated baseline and says so', async () => {
    h = await startHarness();
    const fix = fixtureFix('iafd-browser-headers');
    const plan = await planTest(h.client, { fix, baseline: h.baseline });
    const changedAt = await h.applyAndRestart(fix);
    const result = await postTest(h.ctx, { fix, plan, baseline: h.baseline, before: null, iteration: 1, dir: h.dir, changedAt });
    expect(result.decision).toMatchObject({ verdict: 'KEEP', pairedBaseline: false });
    expect(result.decision.reasons.at(-1)).toMatch(/^No paired pre-test: compared with the aggregated baseline only/);
    expect(result.record.notes).toContain('No paired pre-test was run: "before" is the aggregated baseline, which may count several refreshes per item.');
    expect(result.items.every((i) => i.before !== null && i.before.durationMs === null)).toBe(true);
    expect(h.events.some((e) => e.type === 'progress' && e.pass === 'baseline')).toBe(false);
  });
});

describe('faults during a test', () => {
  it('finishes by polling when the WebSocket drops mid-test and does not come back', async () => {
    const { harness, input } = await upToTheChange(fixtureFix('iafd-browser-headers'));
    const sim = harness.sim.sim;
    void sim.waitFor('refresh-ended', () => true).then(() => {
      sim.setFaults({ websocket: 'off' });
      sim.dropWebSockets();
    });
    const result = await postTest(harness.ctx, input, { pollIntervalMs: 100 });
    const after = Object.values(result.after.items);
    expect(after.every((i) => i.outcome === 'ok' || i.outcome === 'failed')).toBe(true);
    expect(after.filter((i) => i.detectedBy === 'poll').length).toBeGreaterThan(10);
    expect(harness.notifications.state).not.toBe('open');
    expect(result.decision.verdict).toBe('KEEP');
  });

  it('loses no record when the logs rotate mid-test', async () => {
    h = await startHarness();
    const fix = fixtureFix('iafd-browser-headers');
    const plan = await planTest(h.client, { fix, baseline: h.baseline });
    const before = await preTest(h.ctx, plan);
    // no change: the same code, so every item must log exactly what it logged in the pre-test
    const sim = h.sim.sim;
    let ended = 0;
    const rotate = () => {
      ended += 1;
      if (ended === 3 || ended === 11) {
        sim.pluginFor(GEVI)!.log.rollover();
        sim.system.log.rollover();
        sim.pmsLog.rollover();
      }
    };
    sim.events.on('refresh-ended', rotate);
    const result = await postTest(h.ctx, { fix, plan, baseline: h.baseline, before, iteration: 1, dir: h.dir });
    sim.events.off('refresh-ended', rotate);
    expect(ended).toBe(20);
    for (const [rk, item] of Object.entries(result.after.items)) {
      expect({ rk, signatures: item.signatures, markers: item.markers, outcome: item.outcome }).toEqual({ rk, signatures: before.items[rk]!.signatures, markers: before.items[rk]!.markers, outcome: before.items[rk]!.outcome });
    }
    expect(result.after.lostInput).toEqual([]);
    expect(result.decision.indicators.find((i) => i.criterion.id === 'builtin-plugin-crashed')?.holds).toBe(false);
  });

  it('calls a restart of the plug-in during the test a crash (critical)', async () => {
    const { harness, input } = await upToTheChange(fixtureFix('iafd-browser-headers'));
    const sim = harness.sim.sim;
    void sim.waitFor('refresh-ended', () => true).then(() => sim.restartPlugin(GEVI));
    const { decision: d } = await postTest(harness.ctx, input);
    expect(d.verdict).toBe('ROLLBACK');
    expect(d.reasons[0]).toMatch(/^Roll back: a critical failure indicator fired — The plug-in failed to start, crashed or restarted during the test \(GEVI restarted at /);
  });

  it('does not mistake an agent that starts on first use for a crash', async () => {
    // one refresh at a time: the sim starts a stopped plug-in once per refresh it works on
    h = await startHarness({ refreshConcurrency: 1 });
    const fix = fixtureFix('iafd-browser-headers');
    const plan = await planTest(h.client, { fix, baseline: h.baseline, maxItems: 6 });
    const before = await preTest(h.ctx, plan);
    // reloaded, not started yet: the first refresh starts it (plex-facts.md §5.1)
    applyFixtureFix(h.sim.sim.pluginsDir, fix);
    const changedAt = new Date();
    h.sim.sim.pluginFor(GEVI)!.stop();
    const result = await postTest(h.ctx, { fix, plan, baseline: h.baseline, before, iteration: 1, dir: h.dir, changedAt });
    expect(result.after.pluginStarts).toMatchObject([{ agent: 'GEVI', ok: true, midTest: false }]);
    expect(result.decision.indicators.find((i) => i.criterion.id === 'builtin-plugin-crashed')?.holds).toBe(false);
    expect(result.decision.indicators.find((i) => i.criterion.id === 'plugin-fails-to-start')?.holds).toBe(false);
  });

  it('counts a refresh that does not end in time as a timeout, not a failure', async () => {
    h = await startHarness({ latency: { refreshMs: 2_000, jitterMs: 0 } });
    const fix = fixtureFix('iafd-browser-headers');
    const plan = await planTest(h.client, { fix, baseline: h.baseline, maxItems: 2 });
    const pass = await preTest(h.ctx, plan, { timeoutMs: 300 });
    expect(outcomes(pass)).toEqual(['timeout', 'timeout']);
  });
});
