// What the app shows of past runs, read from the runs folder: the history (each run, its
// iterations and fixes, and whether each fix is in the agents' files now — the list of applied
// fixes decides that, not the run's own state), one test result in full, and where a report is.
// Runs made by `agent-doctor implement` (no loop_state.json) are shown from the applied fixes.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { FixRef, HistorySchema, FixResultSchema, ReportRef } from '../../../shared/ipc.ts';
import { RUN_ID } from '../../../shared/ipc.ts';
import { UserError } from '../errors.ts';
import { implementationReportName, listAppliedFixes, type AppliedFix } from '../fixes/index.ts';
import { reportFileName } from '../diagnose/index.ts';
import { FINAL_REPORT_FILE, iterationFolder, loopStatePath, readLoopState, runDir, runsDir, type LoopState } from '../loop/index.ts';
import { DECISIONS_FILE, readDecisions } from '../verify/index.ts';

type History = z.input<typeof HistorySchema>;
type HistoryRun = History['runs'][number];
type FixResult = z.input<typeof FixResultSchema>;

export interface RecordsContext {
  dataDir: string;
  pluginsDir: string;
}

/** Run folders, newest first (run ids start with their UTC start time). */
export async function runIds(dataDir: string): Promise<string[]> {
  const names = await readdir(runsDir(dataDir)).catch(() => [] as string[]);
  return names.filter((n) => RUN_ID.test(n)).sort((a, b) => b.localeCompare(a));
}

/** The loop state of a run, or null for a run without one (made by hand) or one that cannot be read. */
export async function stateOf(dataDir: string, runId: string): Promise<LoopState | null> {
  const path = loopStatePath(runDir(dataDir, runId));
  if (!(await exists(path))) return null;
  return readLoopState(path).catch(() => null);
}

export async function history(ctx: RecordsContext): Promise<History> {
  const applied = await listAppliedFixes(ctx);
  const runs: HistoryRun[] = [];
  for (const runId of await runIds(ctx.dataDir)) {
    const state = await stateOf(ctx.dataDir, runId);
    const run = state ? await fromState(ctx, state, applied) : await fromApplied(ctx, runId, applied);
    if (run) runs.push(run);
  }
  return { runs };
}

async function fromState(ctx: RecordsContext, state: LoopState, applied: readonly AppliedFix[]): Promise<HistoryRun> {
  return {
    runId: state.runId,
    startedAt: state.startedAt,
    endedAt: state.exit?.at ?? null,
    exitReason: state.exit?.reason ?? null,
    hasFinalReport: await exists(join(runDir(ctx.dataDir, state.runId), FINAL_REPORT_FILE)),
    iterations: state.iterations.map((iter) => ({
      iteration: iter.iteration,
      improvementPct: iter.improvementPct,
      fixes: iter.attempts.flatMap((a) => [
        { ...fixState(state.runId, iter.iteration, a.fixId, applied), title: a.title, verdict: a.verdict },
        ...(a.propagation?.siblings ?? [])
          .filter((s) => s.appliedId)
          .map((s) => ({ ...fixState(state.runId, iter.iteration, s.fixId, applied), title: `${a.title} (carried over to ${s.agent})`, verdict: s.tested?.verdict ?? null })),
      ]),
    })),
  };
}

/** A run made with `agent-doctor implement`: its applied fixes and their tests, if any. */
async function fromApplied(ctx: RecordsContext, runId: string, applied: readonly AppliedFix[]): Promise<HistoryRun | null> {
  const mine = applied.filter((f) => f.runId === runId).reverse(); // oldest first
  if (mine.length === 0) return null;
  const iterations = [...new Set(mine.map((f) => f.iteration))].sort((a, b) => a - b);
  return {
    runId,
    startedAt: mine[0]!.appliedAt,
    endedAt: null,
    exitReason: null,
    hasFinalReport: false,
    iterations: await Promise.all(
      iterations.map(async (iteration) => {
        const records = await readDecisions(join(runDir(ctx.dataDir, runId), iterationFolder(iteration), DECISIONS_FILE)).catch(() => []);
        const ids = [...new Set(mine.filter((f) => f.iteration === iteration).map((f) => f.fixId))];
        return {
          iteration,
          improvementPct: null,
          fixes: ids.map((fixId) => ({
            ...fixState(runId, iteration, fixId, applied),
            title: mine.find((f) => f.fixId === fixId)!.title,
            verdict: records.findLast((r) => r.fixId === fixId)?.decision.verdict ?? null,
          })),
        };
      }),
    ),
  };
}

function fixState(runId: string, iteration: number, fixId: string, applied: readonly AppliedFix[]) {
  const mine = applied.filter((f) => f.runId === runId && f.iteration === iteration && f.fixId === fixId);
  return { ref: { runId, iteration, fixId }, applied: mine.some((f) => f.state === 'applied'), rolledBack: mine.length > 0 && mine.every((f) => f.state === 'rolled-back') };
}

/** The last test of a fix in an iteration, in full. */
export async function result(ctx: RecordsContext, ref: FixRef): Promise<FixResult> {
  const records = await readDecisions(join(runDir(ctx.dataDir, ref.runId), iterationFolder(ref.iteration), DECISIONS_FILE));
  const record = records.findLast((r) => r.fixId === ref.fixId);
  if (!record) {
    throw new UserError('result-missing', `There is no test result for "${ref.fixId}" in iteration ${ref.iteration} of run ${ref.runId}.`, 'It was not tested: it was skipped, refused, rolled back at its start check, or the run stopped first.');
  }
  const applied = await listAppliedFixes(ctx);
  return { ref, title: record.fixTitle, decision: record.decision, items: record.items, applied: fixState(ref.runId, ref.iteration, ref.fixId, applied).applied };
}

/** The newest test of the newest run that has one. */
export async function lastResult(dataDir: string): Promise<FixRef | null> {
  for (const runId of await runIds(dataDir)) {
    const state = await stateOf(dataDir, runId);
    if (!state) continue;
    let newest: { at: string; ref: FixRef } | null = null;
    for (const iter of state.iterations) {
      for (const a of iter.attempts) {
        const tests = [{ t: a.tested, fixId: a.fixId }, { t: a.retest?.tested, fixId: a.fixId }, ...(a.propagation?.siblings ?? []).map((s) => ({ t: s.tested, fixId: s.fixId }))];
        for (const { t, fixId } of tests) if (t && (!newest || t.decidedAt > newest.at)) newest = { at: t.decidedAt, ref: { runId, iteration: iter.iteration, fixId } };
      }
    }
    if (newest) return newest.ref;
  }
  return null;
}

/** The absolute path of a report of a run; a UserError when it does not exist. */
export async function reportPath(dataDir: string, ref: ReportRef): Promise<string> {
  const run = runDir(dataDir, ref.runId);
  let path: string;
  if (ref.kind === 'final') path = join(run, FINAL_REPORT_FILE);
  else {
    const dir = join(run, iterationFolder(ref.iteration));
    if (ref.kind === 'diagnostic') path = join(dir, reportFileName(ref.iteration));
    else if (ref.kind === 'implementation') path = join(dir, implementationReportName(ref.fixId));
    else {
      const records = await readDecisions(join(dir, DECISIONS_FILE)).catch(() => []);
      path = join(dir, records.findLast((r) => r.fixId === ref.fixId)?.report ?? `test_report_${ref.fixId}_iteration_${ref.iteration}.md`);
    }
  }
  if (!(await exists(path))) throw new UserError('report-missing', `That report does not exist (${path}).`, 'It is written when its step runs; the run may have stopped before. Open the reports folder to see what there is.');
  return path;
}

const exists = (path: string): Promise<boolean> => stat(path).then(
  () => true,
  () => false,
);
