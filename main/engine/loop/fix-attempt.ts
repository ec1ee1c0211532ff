// One fix through Phases 3 and 4, one durable step at a time (the stages of state.ts):
//   proposed → (the person says proceed) confirmed → (test items chosen, paired baseline taken)
//   pretested → applied → (plug-in restarted and checked) validated → (tested) tested → done
// Each step is saved before the next begins, so an interrupted run carries on from the last one:
// a test that was under way is run again, never guessed; whether the fix is in the files is read
// from the list of applied fixes and the files' sha256, so it is never applied twice.
import { relative } from 'node:path';
import type { Verdict } from '../../../shared/decision.ts';
import type { Fix } from '../../../shared/fix.ts';
import { isUserError } from '../errors.ts';
import { applyPlan, implementationReportName, planFix, proposalFor, restartAndValidate, type Plan } from '../fixes/index.ts';
import { planTest, postTest, preTest, type PostTestResult } from '../verify/index.ts';
import { applicationById, applicationOf, filesState, noteRollbacks, rollBack } from './applications.ts';
import type { Run } from './context.ts';
import { recordDecision, type DecisionEntry } from './decision-log.ts';
import { plural } from './format.ts';
import type { Attempt, AttemptOutcome, IterationRecord, Tested } from './state.ts';

export interface AttemptResult {
  attempt: Attempt;
  /** the person answered "no": stop the loop */
  stop: boolean;
}

export async function attemptFix(run: Run, iter: IterationRecord, fix: Fix): Promise<AttemptResult> {
  const n = iter.iteration;
  let a = iter.attempts.find((x) => x.fixId === fix.id);
  if (!a) {
    a = { fixId: fix.id, title: fix.title, agents: fix.agents, stage: 'proposed', outcome: null, verdict: null, why: null };
    iter.attempts.push(a);
  }
  const ctx = run.fixContext(n);
  const metrics = await run.metricsOf(iter);
  let plan: Plan | undefined;
  const planned = async (): Promise<Plan | string> => {
    const p = await planFix(fix, ctx);
    return p.ok ? p.plan : p.refusal.message;
  };

  if (a.stage === 'proposed') {
    await run.phase('propose', n, fix.id);
    const p = await planned();
    if (typeof p === 'string') return done(run, iter, a, { outcome: 'refused', verdict: null, why: p }, 'fix', 'nothing-changed');
    plan = p;
    const answer = await run.deps.ports.confirm(proposalFor(plan, metrics));
    if (answer !== 'proceed') {
      const why = answer === 'skip' ? 'You skipped it; nothing was changed.' : 'You stopped the loop here; nothing was changed.';
      return { attempt: (await done(run, iter, a, { outcome: 'skipped', verdict: null, why }, 'fix', 'nothing-changed')).attempt, stop: answer === 'no' };
    }
    a.stage = 'confirmed';
    await run.save();
  }

  if (a.stage === 'confirmed') {
    await run.phase('test', n, fix.id);
    try {
      a.plan ??= await planTest(run.deps.session.client, { fix, baseline: metrics, maxItems: run.settings.items, signal: run.deps.control.abort });
    } catch (err) {
      if (!isUserError(err)) throw err;
      return done(run, iter, a, { outcome: 'failed', verdict: null, why: `It could not be tested, so it was not applied: ${err.message}` }, 'fix', 'nothing-changed');
    }
    await run.save();
    for (const note of a.plan.notes) run.say(note);
    run.say(`Testing "${fix.title}" before the change: refreshing ${plural(a.plan.items.length, 'item')} (the paired baseline).`);
    a.before = await preTest(run.verifyContext(), a.plan, run.passOptions());
    a.stage = 'pretested';
    await run.save();
  }

  if (a.stage === 'pretested') {
    const earlier = await applicationOf(run, n, fix.id);
    if (earlier?.state === 'rolled-back') return startCheckFailed(run, iter, a, 'Its plug-in did not start with the change, so it was rolled back at once.');
    if (earlier?.state === 'applied' && (await filesState(earlier)) === 'after') {
      // applied just before an interruption: not applied again
      a.appliedId = earlier.id;
      a.changedAt = earlier.appliedAt;
    } else {
      await run.phase('implement', n, fix.id);
      const p = plan ?? (await planned());
      if (typeof p === 'string') return done(run, iter, a, { outcome: 'refused', verdict: null, why: p }, 'fix', 'nothing-changed');
      try {
        const applied = await applyPlan(p, ctx);
        for (const r of applied.recovery) run.say(`Finished an interrupted change: ${r.text}`);
        a.appliedId = applied.id;
        a.changedAt = applied.appliedAt;
        run.say(`Applied "${fix.title}": ${plural(applied.files.length, 'file')} changed; the originals are in ${applied.backupDir}.`);
      } catch (err) {
        if (!isUserError(err)) throw err;
        return done(run, iter, a, { outcome: 'failed', verdict: null, why: err.message }, 'fix', 'nothing-changed');
      }
    }
    a.stage = 'applied';
    await run.save();
  }

  if (a.stage === 'applied') {
    const applied = await applicationById(run, a.appliedId!);
    if (!applied || applied.state === 'rolled-back') return startCheckFailed(run, iter, a, 'Its plug-in did not start with the change, so it was rolled back at once.');
    await run.phase('restart', n, fix.id);
    const outcome = await restartAndValidate(applied, ctx, run.restartDeps());
    a.validation = { verdict: outcome.validation.verdict, reason: outcome.validation.reason };
    if (outcome.rollback) {
      noteRollbacks(run, new Set(outcome.rollback.rolledBack.map((f) => f.id)), applied.id);
      const why = outcome.validation.verdict === 'failed' ? `The plug-in did not start cleanly with the change, so it was rolled back at once: ${outcome.validation.reason}` : `The change could not be checked, so it was rolled back at once: ${outcome.validation.reason}`;
      return startCheckFailed(run, iter, a, why);
    }
    run.say(`Restarted: ${outcome.validation.reason}`);
    a.stage = 'validated';
    await run.save();
  }

  if (a.stage === 'validated') {
    await run.phase('test', n, fix.id);
    run.say(`Testing "${fix.title}" with the change: refreshing the same ${plural(a.plan!.items.length, 'item')}.`);
    const result = await postTest(
      run.verifyContext(),
      { fix, plan: a.plan!, baseline: metrics, before: a.before!, iteration: n, dir: run.iterationDir(n), changedAt: new Date(a.changedAt!), thresholds: run.thresholds() },
      run.passOptions(),
    );
    a.tested = testedOf(run, result);
    a.verdict = a.tested.verdict;
    a.stage = 'tested';
    await run.save();
  }

  if (a.stage === 'tested') {
    await run.phase('decide', n, fix.id);
    await actOnVerdict(run, iter, a, a.tested!, 'fix');
  }
  return { attempt: a, stop: false };
}

/** What a test leaves in the state: the verdict, its first reason, the report. */
export function testedOf(run: Run, result: PostTestResult): Tested {
  const d = result.decision;
  return { verdict: d.verdict, criteriaMetPct: d.criteriaMetPct, why: d.reasons[0]!, report: relative(run.runDir, result.reportPath).split('\\').join('/'), decidedAt: d.decidedAt };
}

const OUTCOME_OF: Record<Verdict, AttemptOutcome> = { KEEP: 'kept', ROLLBACK: 'rolled-back', MONITOR: 'monitor', MODIFY: 'modify' };

/** Carries out a test's verdict on an applied fix: KEEP keeps it, ROLLBACK rolls it back (and
 *  restarts the plug-in), MONITOR leaves it applied and re-tests it at the end of the iteration,
 *  MODIFY leaves it applied for a person to change. */
export async function actOnVerdict(run: Run, iter: IterationRecord, a: Attempt, tested: Tested, kind: 'fix' | 'retest'): Promise<void> {
  const n = iter.iteration;
  let why = tested.why;
  if (tested.verdict === 'ROLLBACK') {
    const text = await rollBack(run, n, a.appliedId!, `Test verdict ROLLBACK: ${tested.why}`);
    why = `${tested.why} ${text}`;
  }
  if (tested.verdict === 'MONITOR' && kind === 'fix') a.retest = { due: `at the end of iteration ${n}, after its other fixes`, done: false };
  if (kind === 'retest') a.retest!.done = true;
  if (tested.verdict === 'MONITOR' && kind === 'retest') why = `${tested.why} Still unproven after the re-test: it stays applied; test it again later (agent-doctor test --fix ${a.fixId}).`;
  a.outcome = OUTCOME_OF[tested.verdict];
  a.why = why;
  a.verdict = tested.verdict;
  await log(run, n, a, kind, tested.verdict, tested.verdict === 'KEEP' ? 'kept' : tested.verdict === 'ROLLBACK' ? 'rolled-back' : 'left-applied', why, tested.report);
  a.stage = 'done';
  await run.save();
}

/** Tests each fix left at MONITOR again, on the same items against the same paired baseline, and
 *  carries out what that test says. */
export async function retestMonitored(run: Run, iter: IterationRecord): Promise<void> {
  const n = iter.iteration;
  for (const a of iter.attempts) {
    if (a.outcome !== 'monitor' || !a.retest || a.retest.done) continue;
    const fix = iter.fixes.find((f) => f.id === a.fixId)!;
    if (!a.retest.tested) {
      await run.phase('test', n, a.fixId);
      run.say(`Testing "${a.title}" again (its first test said MONITOR): refreshing the same ${plural(a.plan!.items.length, 'item')}.`);
      const result = await postTest(
        run.verifyContext(),
        { fix, plan: a.plan!, baseline: await run.metricsOf(iter), before: a.before!, iteration: n, dir: run.iterationDir(n), changedAt: new Date(a.changedAt!), thresholds: run.thresholds() },
        run.passOptions(),
      );
      a.retest.tested = testedOf(run, result);
      await run.save();
    }
    await run.phase('decide', n, a.fixId);
    await actOnVerdict(run, iter, a, a.retest.tested, 'retest');
  }
}

async function startCheckFailed(run: Run, iter: IterationRecord, a: Attempt, why: string): Promise<AttemptResult> {
  return done(run, iter, a, { outcome: 'rolled-back', verdict: 'ROLLBACK', why }, 'start-check', 'rolled-back', run.relative(iter.iteration, implementationReportName(a.fixId)));
}

async function done(
  run: Run,
  iter: IterationRecord,
  a: Attempt,
  end: { outcome: AttemptOutcome; verdict: Verdict | null; why: string },
  kind: DecisionEntry['kind'],
  action: DecisionEntry['action'],
  report: string | null = null,
): Promise<AttemptResult> {
  Object.assign(a, end, { stage: 'done' });
  await log(run, iter.iteration, a, kind, end.verdict, action, end.why, report);
  await run.save();
  return { attempt: a, stop: false };
}

function log(run: Run, iteration: number, a: Attempt, kind: DecisionEntry['kind'], verdict: Verdict | null, action: DecisionEntry['action'], why: string, report: string | null): Promise<void> {
  return recordDecision(run.runDir, run.state.runId, { at: run.now(), iteration, fixId: a.fixId, title: a.title, kind, verdict, action, why, report }, run.secrets);
}
