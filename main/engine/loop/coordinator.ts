// The loop coordinator (design.md; the seed's workflow): Aggregate → Diagnose → Implement → Test,
// iteration after iteration, one fix at a time, until an exit condition holds.
//
//   iteration 1: aggregate the logs Plex already has → choose the evaluation items → measure the
//                baseline (refresh them once) → diagnose (or read the given report)
//   every iteration: the next untried fix (nextFix: after KEEP the next one, after ROLLBACK its
//                alternative) → attempt it (fix-attempt.ts) → after KEEP offer to carry it over to
//                identical sibling bundles (propagate.ts) → … → MONITOR fixes tested again →
//                measure again: the fresh logs the next iteration starts from, and this
//                iteration's improvement → exit conditions (exit-conditions.ts) → diagnose the
//                fresh logs for the next iteration
//   at the end: on a regression, offer to roll back what was kept; the final report.
//
// The state is saved after every transition (state.ts) and runLoop() carries on from it, so the
// same call runs a new run and resumes an interrupted one.
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import type { Verdict } from '../../../shared/decision.ts';
import { isAdviceOnly, type Fix } from '../../../shared/fix.ts';
import { MetricsSchema, type Metrics } from '../../../shared/metrics.ts';
import { nextFix, readDiagnosticReport } from '../diagnose/index.ts';
import { UserError } from '../errors.ts';
import { lockPluginsFolder } from '../fixes/index.ts';
import { aggregateLogs, renderAggregatedLogs } from '../logs/index.ts';
import { atomicWrite, atomicWriteJson, ensureDir } from '../util/atomic-write.ts';
import { readJsonFile } from '../util/json-file.ts';
import { DEFAULT_ITEM_TIMEOUT_MS, DEFAULT_TEST_ITEMS } from '../verify/index.ts';
import { applicationById, rollBack } from './applications.ts';
import { Run, type LoopDeps } from './context.ts';
import { readDecisionLog, recordDecision } from './decision-log.ts';
import { exitAfterIteration, iterationImprovement, MAX_ITERATIONS, PLATEAU_PCT, USER_STOP, type Exit } from './exit-conditions.ts';
import { renderFinalReport, finalSummary } from './final-report.ts';
import { attemptFix, retestMonitored } from './fix-attempt.ts';
import { fixesFor } from './fix-source.ts';
import { improvementText, plural } from './format.ts';
import { chooseEvaluationItems, measure } from './measure.ts';
import type { Measurement } from './measurement.ts';
import { progressOf } from './progress.ts';
import { coveredBy, propagate } from './propagate.ts';
import { aggregatedLogsFileName, BASELINE_MEASUREMENT_FILE, FINAL_REPORT_FILE, metricsFileName, newRunId, runDir as runDirOf } from './run-files.ts';
import { currentIteration, LOOP_STATE_VERSION, loopStatePath, readLoopState, writeLoopState, type Attempt, type IterationRecord, type LoopSettings, type LoopState } from './state.ts';

export interface LoopSettingsInput extends Pick<LoopSettings, 'pluginsDir' | 'logsDir' | 'serverUrl'>, Partial<Omit<LoopSettings, 'pluginsDir' | 'logsDir' | 'serverUrl'>> {}

/** The run's settings with design.md's defaults filled in. */
export function loopSettings(input: LoopSettingsInput): LoopSettings {
  return {
    preferencesPath: null,
    maxIterations: MAX_ITERATIONS,
    items: DEFAULT_TEST_ITEMS,
    plateauPct: PLATEAU_PCT,
    keepPct: 75,
    monitorPct: 50,
    reports: [],
    historyHours: null,
    itemTimeoutMs: DEFAULT_ITEM_TIMEOUT_MS,
    restartOrder: ['plugin-reload', 'launchctl', 'app-quit', 'sigterm', 'manual'],
    ...input,
  };
}

/** A new run folder with its first state; runLoop() then runs it. Bad input (a Plug-ins folder
 *  that is not there, a report that cannot be used) is refused before anything is written. */
export async function createRun(dataDir: string, input: LoopSettingsInput, now: Date): Promise<{ runId: string; runDir: string }> {
  const pluginsDir = await realpath(input.pluginsDir).catch(() => {
    throw new UserError('plex-plugins-missing', `The Plug-ins folder ${input.pluginsDir} does not exist.`, 'Choose the folder that holds your agent bundles.');
  });
  for (const report of input.reports ?? []) await readDiagnosticReport(report);
  const runId = newRunId(now);
  const dir = runDirOf(dataDir, runId);
  const at = now.toISOString();
  const state: LoopState = {
    version: LOOP_STATE_VERSION,
    runId,
    startedAt: at,
    updatedAt: at,
    status: 'running',
    phase: 'idle',
    fixId: null,
    settings: loopSettings({ ...input, pluginsDir }),
    evaluation: null,
    baseline: null,
    iterations: [],
    exit: null,
    finalReport: null,
  };
  await writeLoopState(dir, state);
  return { runId, runDir: dir };
}

/** Runs the loop whose state is in `runDir` until it ends — from the start, or from where an
 *  interrupted run stopped. Returns the final state (status "running" if it was aborted). */
export async function runLoop(runDir: string, deps: LoopDeps): Promise<LoopState> {
  const state = await readLoopState(loopStatePath(runDir));
  if (state.status === 'ended') return state;
  const run = new Run(deps, runDir, state);
  // one loop per Plug-ins folder for the whole run; taking it finishes interrupted changes first
  const held = await lockPluginsFolder(run.fixContext(1));
  try {
    for (const r of held.recovery) run.say(`Finished an interrupted change: ${r.text}`);
    await finish(run, await drive(run));
    return run.state;
  } finally {
    await held.release();
  }
}

async function drive(run: Run): Promise<Exit> {
  if (run.state.exit) return run.state.exit;
  if (run.state.iterations.length === 0) {
    const nothing = await beginRun(run);
    if (nothing) return nothing;
  }
  if (!run.state.baseline) await measureBaseline(run);
  for (;;) {
    const iter = currentIteration(run.state)!;
    if (!iter.measurement) {
      if (await workThrough(run, iter)) return USER_STOP;
      await closeIteration(run, iter);
    }
    if (run.stopRequested()) return USER_STOP;
    const input = exitInput(run, iter);
    const early = exitAfterIteration({ ...input, nothingLeft: false });
    const go = (await run.deps.ports.afterIteration?.(iter.iteration, progressOf(run.state), early)) ?? true;
    if (early) return early;
    if (!go) return USER_STOP;
    const next = await nextIteration(run, iter);
    if (!next) return exitAfterIteration({ ...input, nothingLeft: true })!;
  }
}

/** Iteration 1: what the logs say so far, the evaluation items, and the first fixes. Returns an
 *  exit when there is nothing to fix at all. */
async function beginRun(run: Run): Promise<Exit | null> {
  const { settings } = run;
  await run.phase('aggregate', 1);
  run.say(`Reading the Plex logs${settings.historyHours ? ` of the last ${plural(settings.historyHours, 'hour')}` : ''} in ${settings.logsDir}.`);
  const now = run.clock.now();
  const metrics = await aggregateLogs({
    logsDir: settings.logsDir,
    ...(settings.historyHours ? { since: new Date(now.getTime() - settings.historyHours * 3_600_000) } : {}),
    secrets: run.secrets,
    now,
    ...(run.deps.timeZone ? { timeZone: run.deps.timeZone } : {}),
  });
  const metricsFile = await writeMetrics(run, 1, metrics);
  run.state.evaluation = chooseEvaluationItems(metrics, settings.items);
  await run.save();
  await run.phase('diagnose', 1);
  const source = await fixesFor(run, 1, metrics);
  const fixes = source?.fixes ?? [];
  run.state.iterations.push({ iteration: 1, startedAt: run.now(), endedAt: null, metricsFile, diagnosticReport: source?.report ?? '', fixes, attempts: [], measurement: null, improvementPct: null });
  await run.save();
  sayFixes(run, 1, fixes);
  if (nextToTry(run, fixes).fix) return null;
  return { reason: 'all-fixes-attempted', text: 'The diagnosis proposes no fix that changes code: there is nothing to try.' };
}

async function measureBaseline(run: Run): Promise<void> {
  await run.phase('aggregate', 1);
  run.say('Measuring the starting point, before anything changes.');
  const { metrics, measurement, items } = await measure(run, run.state.evaluation ?? [], BASELINE_MEASUREMENT_FILE);
  await atomicWriteJson(join(run.runDir, BASELINE_MEASUREMENT_FILE), metrics);
  run.state.baseline = measurement;
  run.state.evaluation = items;
  await run.save();
}

/** The iteration's fixes, one at a time, then its MONITOR re-tests. true: the person stopped the loop. */
async function workThrough(run: Run, iter: IterationRecord): Promise<boolean> {
  for (;;) {
    run.checkAbort();
    const open = iter.attempts.find(unfinished);
    let fix = open && iter.fixes.find((f) => f.id === open.fixId);
    if (!fix) {
      if (run.stopRequested()) return true;
      fix = await pickNext(run, iter);
      if (!fix) break;
    }
    const before = iter.attempts.find((a) => a.fixId === fix!.id);
    if (!before || before.stage !== 'done') {
      const { stop } = await attemptFix(run, iter, fix);
      if (stop) return true;
    }
    const a = iter.attempts.find((x) => x.fixId === fix!.id)!;
    if (a.outcome === 'kept' && a.propagation?.stage !== 'done' && (await propagate(run, iter, a, fix))) return true;
  }
  await retestMonitored(run, iter);
  // a fix kept on its re-test is carried over like any kept fix
  for (const a of iter.attempts) {
    if (a.outcome === 'kept' && a.propagation?.stage !== 'done' && (await propagate(run, iter, a, iter.fixes.find((f) => f.id === a.fixId)!))) return true;
  }
  return false;
}

/** Not finished: a step under way, or kept and its propagation not settled (or not yet offered). */
const unfinished = (a: Attempt): boolean => a.stage !== 'done' || (a.outcome === 'kept' && a.propagation?.stage !== 'done');

/** Every attempt of the run so far: fix id → its verdict (null: it ended without one). */
function attemptsOf(run: Run): Map<string, Verdict | null> {
  const map = new Map<string, Verdict | null>();
  for (const iter of run.state.iterations) for (const a of iter.attempts) map.set(a.fixId, a.verdict);
  return map;
}

/** The next fix to try, in nextFix's order but across the whole run: a fallback is not needed
 *  once the fix it replaces was kept, even when a later diagnosis (which no longer proposes that
 *  fix) lists it on its own. Fixes whose change a kept propagation already made are passed over
 *  (`covered`, for the caller to record). */
function nextToTry(run: Run, fixes: readonly Fix[]): { fix: Fix | undefined; covered: { fix: Fix; by: Attempt; verdict: Verdict }[] } {
  const attempts = attemptsOf(run);
  const fallbackOf = new Map<string, string>();
  for (const f of [...run.state.iterations.flatMap((i) => i.fixes), ...fixes]) if (f.alternativeOf && !fallbackOf.has(f.id)) fallbackOf.set(f.id, f.alternativeOf);
  const needed = fixes.filter((f) => {
    const replaces = fallbackOf.get(f.id);
    if (!replaces || !attempts.has(replaces)) return true;
    const v = attempts.get(replaces);
    return v === null || v === 'ROLLBACK';
  });
  const covered: { fix: Fix; by: Attempt; verdict: Verdict }[] = [];
  for (;;) {
    const fix = nextFix(needed, attempts);
    const cover = fix && coveredBy(run, fix);
    if (!cover) return { fix, covered };
    attempts.set(fix.id, cover.verdict);
    covered.push({ fix, by: cover.attempt, verdict: cover.verdict });
  }
}

/** Records the fixes a propagation already made, then returns the next one to try. */
async function pickNext(run: Run, iter: IterationRecord): Promise<Fix | undefined> {
  const { fix, covered } = nextToTry(run, iter.fixes);
  for (const c of covered) {
    const why = `The same change was already made by carrying "${c.by.title}" over to ${c.fix.agents.join(', ')}.`;
    iter.attempts.push({ fixId: c.fix.id, title: c.fix.title, agents: c.fix.agents, stage: 'done', outcome: 'covered', verdict: c.verdict, why, coveredBy: c.by.fixId });
    await recordDecision(run.runDir, run.state.runId, { at: run.now(), iteration: iter.iteration, fixId: c.fix.id, title: c.fix.title, kind: 'fix', verdict: c.verdict, action: 'nothing-changed', why, report: null }, run.secrets);
    await run.save();
    run.say(`"${c.fix.title}": ${why}`);
  }
  return fix;
}

/** The closing measurement: the fresh logs the next iteration starts from, and this one's improvement. */
async function closeIteration(run: Run, iter: IterationRecord): Promise<void> {
  const next = iter.iteration + 1;
  await run.phase('aggregate', next);
  const { metrics, measurement, items } = await measure(run, run.state.evaluation ?? [], run.relative(next, metricsFileName(next)));
  await writeMetrics(run, next, metrics);
  run.state.evaluation = items;
  iter.measurement = measurement;
  iter.improvementPct = iterationImprovement(previousMeasurement(run, iter), measurement);
  iter.endedAt = run.now();
  await run.save();
  run.say(`Iteration ${iter.iteration} is complete: ${improvementText(iter.improvementPct)} fewer actionable errors per refreshed item than before it.`);
}

function previousMeasurement(run: Run, iter: IterationRecord): Measurement {
  const before = run.state.iterations.filter((i) => i.iteration < iter.iteration && i.measurement).at(-1);
  return before?.measurement ?? run.state.baseline!;
}

function exitInput(run: Run, iter: IterationRecord) {
  const finished = run.state.iterations.filter((i) => i.measurement);
  return {
    iteration: iter.iteration,
    maxIterations: run.settings.maxIterations,
    plateauPct: run.settings.plateauPct,
    improvements: finished.map((i) => i.improvementPct),
    baseline: run.state.baseline!,
    latest: iter.measurement!,
  };
}

/** Diagnoses the fresh logs for the next iteration; null when nothing is left to try. */
async function nextIteration(run: Run, iter: IterationRecord): Promise<IterationRecord | null> {
  const n = iter.iteration + 1;
  const metricsFile = run.relative(n, metricsFileName(n));
  const metrics = await readJsonFile(join(run.runDir, ...metricsFile.split('/')), MetricsSchema, 'metrics of the iteration');
  if (!metrics) throw new UserError('loop-metrics-missing', `The fresh metrics of iteration ${n} are missing.`, 'They were moved or deleted; this run cannot go on. Start a new run.');
  await run.phase('diagnose', n);
  const source = await fixesFor(run, n, metrics);
  if (!source || !nextToTry(run, source.fixes).fix) return null;
  const record: IterationRecord = { iteration: n, startedAt: run.now(), endedAt: null, metricsFile, diagnosticReport: source.report, fixes: source.fixes, attempts: [], measurement: null, improvementPct: null };
  run.state.iterations.push(record);
  await run.save();
  sayFixes(run, n, source.fixes);
  return record;
}

function sayFixes(run: Run, n: number, fixes: readonly Fix[]): void {
  const changing = fixes.filter((f) => !isAdviceOnly(f)).length;
  run.say(`Iteration ${n}: ${plural(changing, 'fix', 'fixes')} to try${fixes.length > changing ? `, ${fixes.length - changing} advice only (never applied)` : ''}.`);
}

/** metrics_iteration_N.json and aggregated_logs_iteration_N.txt; returns the first, relative to the run. */
async function writeMetrics(run: Run, n: number, metrics: Metrics): Promise<string> {
  const dir = run.iterationDir(n);
  await ensureDir(dir);
  await atomicWriteJson(join(dir, metricsFileName(n)), metrics);
  await atomicWrite(join(dir, aggregatedLogsFileName(n)), renderAggregatedLogs(metrics, { iteration: n, secrets: run.secrets }));
  return run.relative(n, metricsFileName(n));
}

/** The exit, the rollback offer after a regression, the final report, and `loopEnded`. */
async function finish(run: Run, exit: Exit): Promise<void> {
  const last = currentIteration(run.state)?.iteration ?? 1;
  if (!run.state.exit) {
    const rollback = exit.reason === 'regression' ? await offerRollback(run, last, exit) : undefined;
    run.state.exit = { ...exit, at: run.now(), ...(rollback ? { rollback } : {}) };
    await run.save();
  }
  await run.phase('report', last);
  const latest = [...run.state.iterations].reverse().find((i) => i.measurement)?.measurement ?? null;
  const latestMetrics = latest ? await readJsonFile(join(run.runDir, ...latest.metricsFile.split('/')), MetricsSchema, 'metrics of the last measurement') : undefined;
  const text = renderFinalReport(run.state, await readDecisionLog(run.runDir), latestMetrics ?? null, run.secrets);
  const reportPath = join(run.runDir, FINAL_REPORT_FILE);
  await atomicWrite(reportPath, text);
  run.state.finalReport = FINAL_REPORT_FILE;
  run.state.status = 'ended';
  run.state.phase = 'idle';
  run.state.fixId = null;
  await run.save();
  run.deps.ports.notify({ type: 'loopEnded', at: run.now(), runId: run.state.runId, exitReason: run.state.exit!.reason, summary: finalSummary(run.state), reportPath });
}

/** After a regression: offer to roll back every fix this run left in the agents' files. */
async function offerRollback(run: Run, iteration: number, exit: Exit): Promise<NonNullable<NonNullable<LoopState['exit']>['rollback']>> {
  const applied: { fixId: string; title: string; appliedId: string; iteration: number; files: string[] }[] = [];
  for (const iter of run.state.iterations) {
    for (const a of iter.attempts) {
      const held = a.appliedId && (a.outcome === 'kept' || a.outcome === 'monitor' || a.outcome === 'modify') ? [{ fixId: a.fixId, title: a.title, appliedId: a.appliedId }] : [];
      for (const s of a.propagation?.siblings ?? []) if (s.appliedId && !s.rolledBack) held.push({ fixId: s.fixId, title: `${a.title} (${s.agent})`, appliedId: s.appliedId });
      for (const h of held) {
        const entry = await applicationById(run, h.appliedId);
        if (entry?.state === 'applied') applied.push({ ...h, iteration: iter.iteration, files: entry.files.map((f) => f.named) });
      }
    }
  }
  if (applied.length === 0) return { answer: null, fixIds: [], text: 'No fix of this run is in the agent files, so there is nothing to roll back.' };
  await run.phase('decide', iteration);
  const answer = await run.deps.ports.confirm({
    fixId: 'roll-back-this-run',
    title: `Roll back the ${plural(applied.length, 'fix', 'fixes')} this run kept`,
    iteration,
    agents: [...new Set(applied.flatMap((a) => a.files.map((f) => f.split('/')[0]!.replace(/\.bundle$/, ''))))],
    before: [exit.text],
    after: ['The agent files exactly as they were before the run: each restored from its backup and checked by sha256.', 'The plug-ins restarted to run the restored code.'],
    successCriteria: [],
    failureIndicators: [],
    files: [...new Set(applied.flatMap((a) => a.files))],
    diff: '',
    warnings: applied.map((a) => `Rolls back "${a.title}" (iteration ${a.iteration}).`),
  });
  if (answer !== 'proceed') {
    const text = `You kept the fixes in place: ${applied.map((a) => a.fixId).join(', ')}.`;
    return { answer, fixIds: applied.map((a) => a.fixId), text };
  }
  for (const a of [...applied].reverse()) {
    const entry = await applicationById(run, a.appliedId);
    if (entry?.state !== 'applied') continue; // taken by an earlier rollback of the same file
    await rollBack(run, a.iteration, a.appliedId, `The agents did worse than before the run: ${exit.text}`);
    await recordDecision(run.runDir, run.state.runId, { at: run.now(), iteration: a.iteration, fixId: a.fixId, title: a.title, kind: 'regression', verdict: null, action: 'rolled-back', why: exit.text, report: null }, run.secrets);
  }
  for (const iter of run.state.iterations) {
    for (const a of iter.attempts) {
      if (applied.some((x) => x.appliedId === a.appliedId)) Object.assign(a, { outcome: 'rolled-back', why: `Rolled back at the end of the run: ${exit.text}` });
      for (const s of a.propagation?.siblings ?? []) if (applied.some((x) => x.appliedId === s.appliedId)) s.rolledBack = true;
    }
  }
  await run.save();
  return { answer, fixIds: applied.map((a) => a.fixId), text: `Rolled back ${plural(applied.length, 'fix', 'fixes')}: ${applied.map((a) => a.fixId).join(', ')}.` };
}
