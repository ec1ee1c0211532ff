// What is in the agents' files, as the loop asks it: never from its own state alone (a crash can
// fall between a change and the state that records it) but from the list of applied fixes and the
// files' sha256 (fixes/). And the one way the loop rolls a fix back: on the decision's record,
// with the plug-ins restarted, and every attempt the rollback touched marked as rolled back.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listAppliedFixes, restartAndCheck, rollbackAndRestart, type AppliedFix } from '../fixes/index.ts';
import { sha256 } from '../util/sha256.ts';
import type { Run } from './context.ts';

/** The newest application of `fixId` made by this run in `iteration`, rolled back or not. */
export async function applicationOf(run: Run, iteration: number, fixId: string): Promise<AppliedFix | undefined> {
  return (await listAppliedFixes({ dataDir: run.deps.dataDir, pluginsDir: run.settings.pluginsDir })).find((f) => f.runId === run.state.runId && f.iteration === iteration && f.fixId === fixId);
}

export async function applicationById(run: Run, appliedId: string): Promise<AppliedFix | undefined> {
  return (await listAppliedFixes({ dataDir: run.deps.dataDir, pluginsDir: run.settings.pluginsDir })).find((f) => f.id === appliedId);
}

/** Where the files of an application stand: all as after it, all as before it, or something else. */
export async function filesState(fix: AppliedFix): Promise<'after' | 'before' | 'mixed'> {
  let after = 0;
  let before = 0;
  for (const f of fix.files) {
    const sha = await readFile(join(fix.pluginsDir, ...f.path.split('/'))).then(sha256, () => 'missing');
    if (sha === f.after.sha256) after += 1;
    else if (sha === f.before.sha256) before += 1;
  }
  return after === fix.files.length ? 'after' : before === fix.files.length ? 'before' : 'mixed';
}

/** Rolls an application back (unless that already happened before an interruption), restarts
 *  its plug-ins, and marks every attempt and sibling the rollback took with it. */
export async function rollBack(run: Run, iteration: number, appliedId: string, reason: string): Promise<string> {
  const fix = await applicationById(run, appliedId);
  const ctx = run.fixContext(iteration);
  if (fix?.state === 'rolled-back') {
    // rolled back before the run was interrupted: make sure the plug-ins run the restored code
    await restartAndCheck(fix.identifiers, ctx, run.restartDeps());
    return `"${fix.title}" was already rolled back.`;
  }
  const { rollback } = await rollbackAndRestart({ id: appliedId }, ctx, run.restartDeps(), { automatic: true, reason });
  noteRollbacks(run, new Set(rollback.rolledBack.map((f) => f.id)), appliedId);
  return rollback.text;
}

/** Attempts and propagated siblings whose application was rolled back along with `cause`. */
export function noteRollbacks(run: Run, ids: ReadonlySet<string>, cause: string): void {
  for (const iter of run.state.iterations) {
    for (const a of iter.attempts) {
      if (a.appliedId && a.appliedId !== cause && ids.has(a.appliedId) && a.outcome !== 'rolled-back') {
        a.outcome = 'rolled-back';
        a.why = 'Rolled back together with a fix that changes the same file (each backup holds the file as it was before its own fix).';
      }
      for (const s of a.propagation?.siblings ?? []) if (s.appliedId && ids.has(s.appliedId)) s.rolledBack = true;
    }
  }
}
