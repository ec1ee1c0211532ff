// Roll back an applied fix: restore its files from the backup, verified by sha256. Any earlier
// fix can be rolled back; newer fixes that change the same files are rolled back first, newest
// first, because each backup holds the files as they were before that fix only. A file edited
// since our write is not overwritten unless forced, and then its content is kept in the backup
// folder. Each fix's rollback is its own journaled transaction.
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError, diskFull } from '../errors.ts';
import { atomicWrite, ensureDir } from '../util/atomic-write.ts';
import { listAppliedFixes, type AppliedFix } from './applied-fixes.ts';
import { compactUtc, resolved, type FixContext } from './context.ts';
import { checkFreeSpace } from './disk-space.ts';
import { readState } from './file-state.ts';
import type { Journal } from './journal.ts';
import { readBackedUp } from './manifest.ts';
import { lockPluginsFolder, type RecoveryAction } from './recover.ts';
import { finishCommitted, runTransaction, tempName } from './transaction.ts';

/** Which application of a fix: its id, or the newest applied one of a fix id (in a run / iteration), or the last one. */
export type RollbackTarget = { id: string } | { fixId: string; runId?: string; iteration?: number } | { last: true };

export interface RollbackOptions {
  /** overwrite files edited after the fix was applied (their content is kept in the backup folder) */
  force?: boolean;
  /** why, in plain words, for the records */
  reason?: string;
  /** Agent Doctor decided it (a failed start, a ROLLBACK verdict), not a person */
  automatic?: boolean;
}

export interface RollbackResult {
  /** every fix rolled back, newest first; the requested one is last */
  rolledBack: AppliedFix[];
  /** files restored, relative to the Plug-ins folder */
  files: string[];
  /** what happened, in plain words */
  text: string;
  recovery: RecoveryAction[];
}

const MISSING = 'missing';

export async function rollbackFix(target: RollbackTarget, ctx: FixContext, options: RollbackOptions = {}): Promise<RollbackResult> {
  const { clock, disk } = resolved(ctx);
  const held = await lockPluginsFolder(ctx);
  try {
    const all = await listAppliedFixes(ctx); // newest first
    const applied = all.filter((f) => f.state === 'applied');
    const chosen = pick(target, applied, all);
    const chain = withNewerOnSameFiles(chosen, applied);

    // everything checked before the first write: backups intact, files as we left them
    const onDisk = new Map<string, string>();
    for (const fix of chain) {
      for (const f of fix.files) {
        if (!onDisk.has(f.path)) onDisk.set(f.path, (await readState(join(fix.pluginsDir, ...f.path.split('/'))))?.state.sha256 ?? MISSING);
      }
    }
    const backups = new Map<AppliedFix, Buffer[]>();
    const edited: string[] = [];
    for (const fix of chain) {
      backups.set(fix, await Promise.all(fix.files.map((f) => readBackedUp(fix.backupDir, f.path, f.before.sha256))));
      for (const f of fix.files) {
        if (onDisk.get(f.path) !== f.after.sha256) edited.push(f.named);
        onDisk.set(f.path, f.before.sha256);
      }
    }
    if (edited.length && !options.force) {
      const list = [...new Set(edited)].join(', ');
      throw new UserError(
        'edited-since-applied',
        `${list} ${edited.length === 1 ? 'was' : 'were'} changed after "${chosen.title}" was applied, so rolling back would throw those changes away. Nothing was changed.`,
        `To roll back anyway, run "agent-doctor rollback --fix ${chosen.fixId} --force": the changed version is kept in the backup folder ${chosen.backupDir}.`,
      );
    }
    await checkFreeSpace(disk, [{ dir: held.pluginsDir, bytes: chain.reduce((n, fix) => n + fix.files.reduce((m, f) => m + f.before.size, 0), 0), what: 'the restored files' }]);

    const done: AppliedFix[] = [];
    for (const fix of chain) {
      const now = clock.now();
      const txId = `${compactUtc(now)}-${fix.fixId}-rollback-${randomBytes(3).toString('hex')}`.toLowerCase();
      const files: Journal['files'] = [];
      for (const f of fix.files) {
        const path = join(fix.pluginsDir, ...f.path.split('/'));
        const current = await readState(path);
        const sha = current?.state.sha256 ?? MISSING;
        if (current && sha !== f.after.sha256) {
          // forced over someone's edit: keep their version
          const aside = join(fix.backupDir, `_replaced_${compactUtc(now)}`, ...f.path.split('/'));
          await ensureDir(dirname(aside));
          await atomicWrite(aside, current.bytes);
        }
        files.push({ ...f, current: sha, temp: tempName(f.path, txId) });
      }
      const reason = fix === chosen ? (options.reason ?? 'Rolled back on request.') : `Rolled back first because it changes the same files as "${chosen.title}", which was rolled back.`;
      const journal: Journal = {
        version: 1,
        txId,
        kind: 'rollback',
        state: 'pending',
        appliedId: fix.id,
        fixId: fix.fixId,
        title: fix.title,
        runId: fix.runId,
        iteration: fix.iteration,
        iterationDir: fix.iterationDir,
        backupDir: fix.backupDir,
        pluginsDir: fix.pluginsDir,
        identifiers: fix.identifiers,
        startedAt: now.toISOString(),
        reason,
        automatic: options.automatic ?? false,
        files,
      };
      let committed: Journal;
      try {
        committed = await runTransaction(journal, backups.get(fix)!, ctx);
      } catch (err) {
        throw diskFull(err, `while rolling back "${fix.title}"; its files are as they were before the rollback started.`);
      }
      done.push(await finishCommitted(committed, ctx));
    }

    const restored = [...new Set(chain.flatMap((fix) => fix.files.map((f) => f.named)))];
    const others = done.filter((f) => f.id !== chosen.id);
    const text = [
      `Rolled back "${chosen.title}": ${restored.length} ${restored.length === 1 ? 'file' : 'files'} restored from the backup and verified (sha256).`,
      others.length ? `Also rolled back, first, because ${others.length === 1 ? 'it changes' : 'they change'} the same files: ${others.map((f) => `"${f.title}"`).join(', ')}.` : '',
      'Restart the agent (or Plex) for it to run the restored code.',
    ]
      .filter(Boolean)
      .join(' ');
    return { rolledBack: done, files: restored, text, recovery: held.recovery };
  } finally {
    await held.release();
  }
}

function pick(target: RollbackTarget, applied: AppliedFix[], all: AppliedFix[]): AppliedFix {
  const matches = (f: AppliedFix) =>
    'last' in target ? true : 'id' in target ? f.id === target.id : f.fixId === target.fixId && (target.runId === undefined || f.runId === target.runId) && (target.iteration === undefined || f.iteration === target.iteration);
  const found = applied.find(matches);
  if (found) return found;
  const hint = applied.length ? `Fixes that can be rolled back now: ${applied.map((f) => f.fixId).join(', ')}.` : 'No fix applied by Agent Doctor is in the agent files now.';
  if ('last' in target) throw new UserError('nothing-applied', 'There is no applied fix to roll back.', hint);
  const gone = all.find(matches);
  if (gone) throw new UserError('already-rolled-back', `"${gone.title}" was already rolled back${gone.rolledBackAt ? ` (${gone.rolledBackAt.replace('T', ' ').slice(0, 19)} UTC)` : ''}.`, hint);
  throw new UserError('not-applied', `No applied fix matches ${'id' in target ? target.id : target.fixId}.`, hint);
}

/** `chosen` plus the newer applied fixes that share a file with it (or with those), newest first. */
function withNewerOnSameFiles(chosen: AppliedFix, appliedNewestFirst: AppliedFix[]): AppliedFix[] {
  const newer = appliedNewestFirst.slice(0, appliedNewestFirst.indexOf(chosen)).reverse(); // oldest first
  const files = new Set(chosen.files.map((f) => f.path));
  const chain = [chosen];
  for (const fix of newer) {
    if (fix.files.some((f) => files.has(f.path))) {
      chain.push(fix);
      for (const f of fix.files) files.add(f.path);
    }
  }
  return chain.reverse();
}
