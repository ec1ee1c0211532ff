// Apply a plan: under the Plug-ins lock, check the files are still what was planned, back them
// up (manifest with sha256 and mode before and after), then the journaled transaction writes the
// planned bytes, and the records say so. Any failure leaves every file as it was.
import { rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { UserError, diskFull } from '../errors.ts';
import type { AppliedFix } from './applied-fixes.ts';
import { compactUtc, resolved, runPosition, type IterationContext } from './context.ts';
import { checkFreeSpace } from './disk-space.ts';
import { readState } from './file-state.ts';
import type { Journal } from './journal.ts';
import { backUpFile, newBackupDir, writeManifest } from './manifest.ts';
import type { Plan } from './plan.ts';
import { lockPluginsFolder, type RecoveryAction } from './recover.ts';
import { finishCommitted, runTransaction, tempName } from './transaction.ts';

export interface Applied extends AppliedFix {
  /** interrupted changes that had to be finished first (usually none) */
  recovery: RecoveryAction[];
}

export async function applyPlan(plan: Plan, ctx: IterationContext): Promise<Applied> {
  const { clock, disk, onStep } = resolved(ctx);
  const { runId, iteration } = runPosition(ctx.iterationDir);
  const held = await lockPluginsFolder(ctx);
  try {
    if (held.pluginsDir !== plan.pluginsDir) throw new UserError('plan-elsewhere', `This plan is for ${plan.pluginsDir}, not ${held.pluginsDir}. Nothing was changed.`, 'Plan the fix again for this Plug-ins folder.');
    for (const f of plan.files) {
      const now = await readState(f.path);
      if (now?.state.sha256 !== f.beforeState.sha256) {
        throw new UserError('changed-since-plan', `${f.rel} changed after the fix was proposed. Nothing was changed.`, 'Something else edited the agent (an update, another tool). Run the diagnosis again.');
      }
    }
    await checkFreeSpace(disk, [
      { dir: ctx.iterationDir, bytes: plan.files.reduce((n, f) => n + f.beforeState.size, 0), what: 'the backup' },
      { dir: plan.pluginsDir, bytes: plan.files.reduce((n, f) => n + f.afterState.size, 0), what: 'the new versions of the files' },
    ]);

    const now = clock.now();
    const txId = `${compactUtc(now)}-${plan.fix.id}-${randomBytes(3).toString('hex')}`.toLowerCase();
    const backupDir = await newBackupDir(ctx.iterationDir, plan.fix.id, now);
    const files = plan.files.map((f) => ({ path: f.realRel, named: f.rel, before: f.beforeState, after: f.afterState }));
    try {
      for (const [i, f] of plan.files.entries()) {
        await backUpFile(backupDir, f);
        await onStep(`apply:backup-file-${i + 1}`);
      }
      await writeManifest(backupDir, { version: 1, fixId: plan.fix.id, title: plan.fix.title, runId, iteration, pluginsDir: plan.pluginsDir, createdAt: now.toISOString(), files });
      await onStep('apply:backup-manifest');
    } catch (err) {
      await rm(backupDir, { recursive: true, force: true });
      throw diskFull(err, 'while backing up the files. Nothing was changed.');
    }

    const journal: Journal = {
      version: 1,
      txId,
      kind: 'apply',
      state: 'pending',
      appliedId: txId,
      fixId: plan.fix.id,
      title: plan.fix.title,
      runId,
      iteration,
      iterationDir: ctx.iterationDir,
      backupDir,
      pluginsDir: plan.pluginsDir,
      identifiers: [...new Set(plan.files.map((f) => f.bundle.identifier))],
      startedAt: now.toISOString(),
      files: files.map((f) => ({ ...f, current: f.before.sha256, temp: tempName(f.path, txId) })),
    };
    let committed: Journal;
    try {
      committed = await runTransaction(journal, plan.files.map((f) => f.after), ctx, { warnings: plan.warnings, diff: plan.diff });
    } catch (err) {
      throw diskFull(err, 'while writing the fix, so it was undone: every file is as before.');
    }
    return { ...(await finishCommitted(committed, ctx)), recovery: held.recovery };
  } finally {
    await held.release();
  }
}

