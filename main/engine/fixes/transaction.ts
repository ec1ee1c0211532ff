// The durable core shared by apply, rollback and recovery. A transaction over the files of one
// fix: journal (pending) → every temp file written and synced → every rename → read back and
// verified → journal committed → records → journal removed. Each durable step is reported to
// the context's step observer by name ("apply:renamed-2"), which is where the crash tests kill
// the process. Going back is always to the before state, restored from the backup and checked
// by sha256: that is what recovery does with a pending journal, and what an error does here.
import { chmod, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.ts';
import { atomicWrite, ensureDir, prepareAtomicWrite, type PreparedWrite } from '../util/atomic-write.ts';
import { saveAppliedFix, readAppliedFixes, type AppliedFix } from './applied-fixes.ts';
import { resolved, type FixContext } from './context.ts';
import { readState, type FileState } from './file-state.ts';
import { readImplementationLog, recordImplementation, type ImplementationEntry, type Validation } from './implementation-log.ts';
import { removeJournal, writeJournal, type Journal } from './journal.ts';
import { readBackedUp } from './manifest.ts';

export const tempName = (path: string, txId: string): string => `.${basename(path)}.ad-${txId}.tmp`;
const recoveryTempName = (path: string, txId: string): string => `.${basename(path)}.ad-${txId}-r.tmp`;
const absolute = (j: Pick<Journal, 'pluginsDir'>, rel: string): string => join(j.pluginsDir, ...rel.split('/'));
const targetOf = (j: Journal, f: Journal['files'][number]): FileState => (j.kind === 'apply' ? f.after : f.before);

/** Moves every file of `journal` to its target bytes (`contents`, in the journal's file order). */
export async function runTransaction(pending: Journal, contents: readonly Buffer[], ctx: FixContext, details?: Journal['details']): Promise<Journal> {
  const { onStep } = resolved(ctx);
  const journal: Journal = details ? { ...pending, details } : pending;
  const step = (name: string) => onStep(`${journal.kind}:${name}`);
  await writeJournal(ctx.dataDir, journal);
  await step('journal-written');
  const prepared: PreparedWrite[] = [];
  try {
    for (const [i, f] of journal.files.entries()) {
      const target = targetOf(journal, f);
      prepared.push(await prepareAtomicWrite(absolute(journal, f.path), contents[i]!, { setMode: target.mode, tempName: f.temp }));
      await step(`temp-written-${i + 1}`);
    }
    for (const [i, p] of prepared.entries()) {
      await p.commit();
      await step(`renamed-${i + 1}`);
    }
    for (const f of journal.files) {
      const now = await readState(absolute(journal, f.path));
      const target = targetOf(journal, f);
      if (now?.state.sha256 !== target.sha256 || now.state.mode !== target.mode) {
        throw new UserError('write-not-verified', `${f.named} does not read back as written (sha256 or mode differs).`, 'The disk may be failing. Check it with Disk Utility.');
      }
    }
    await step('before-commit');
  } catch (err) {
    await Promise.all(prepared.map((p) => p.discard().catch(() => undefined)));
    await backToBefore(journal, ctx, err);
    // a rollback's target is the before state: reaching it another way completes it
    if (journal.kind === 'rollback') return { ...journal, state: 'committed' };
    await removeJournal(ctx.dataDir, journal.txId);
    throw err;
  }
  const committed: Journal = { ...journal, state: 'committed' };
  await writeJournal(ctx.dataDir, committed);
  await step('committed');
  return committed;
}

/** An error stopped the transaction: back to the before state now, or leave the journal for the next start. */
async function backToBefore(journal: Journal, ctx: FixContext, cause: unknown): Promise<void> {
  try {
    await restoreBefore(journal, ctx);
  } catch (err) {
    throw new UserError(
      'undo-failed',
      `A change to the agent files stopped halfway (${(cause as Error).message}) and could not be undone right away (${(err as Error).message}).`,
      'Agent Doctor finishes it the next time it starts. Do not edit the agent files meanwhile.',
      { cause: err },
    );
  }
}

/** Every file of `journal` back to its before bytes and mode, from the backup, verified by sha256.
 *  A file found in a state this transaction never wrote is first copied aside into the backup
 *  folder, so nothing is lost. Returns the files it wrote. Idempotent. */
export async function restoreBefore(journal: Journal, ctx: FixContext): Promise<{ restored: string[]; keptAside: string[] }> {
  const { onStep } = resolved(ctx);
  const restored: string[] = [];
  const keptAside: string[] = [];
  for (const f of journal.files) {
    const dir = dirname(absolute(journal, f.path));
    await rm(join(dir, f.temp), { force: true });
    await rm(join(dir, recoveryTempName(f.path, journal.txId)), { force: true });
  }
  for (const [i, f] of journal.files.entries()) {
    const path = absolute(journal, f.path);
    const now = await readState(path);
    if (now?.state.sha256 === f.before.sha256) {
      if (now.state.mode !== f.before.mode) await chmod(path, f.before.mode);
      continue;
    }
    const bytes = await readBackedUp(journal.backupDir, f.path, f.before.sha256);
    if (now && now.state.sha256 !== f.after.sha256 && now.state.sha256 !== f.current) {
      const aside = join(journal.backupDir, `_found_${journal.txId}`, ...f.path.split('/'));
      await ensureDir(dirname(aside));
      await atomicWrite(aside, now.bytes);
      keptAside.push(f.named);
    }
    await (await prepareAtomicWrite(path, bytes, { setMode: f.before.mode, tempName: recoveryTempName(f.path, journal.txId) })).commit();
    const check = await readState(path);
    if (check?.state.sha256 !== f.before.sha256) throw new UserError('restore-not-verified', `${f.named} does not read back as restored (sha256 differs).`, 'The disk may be failing. Check it with Disk Utility.');
    restored.push(f.named);
    await onStep(`recover:restored-${i + 1}`);
  }
  return { restored, keptAside };
}

/** The records of a committed transaction (applied fixes list, implementation log and report),
 *  then the journal removed. Idempotent: recovery calls it for a journal committed before a crash. */
export async function finishCommitted(journal: Journal, ctx: FixContext, extra: { validation?: Validation | null; note?: string } = {}): Promise<AppliedFix> {
  const { onStep, clock, secrets } = resolved(ctx);
  const now = clock.now().toISOString();
  const entry = await appliedEntry(journal, ctx.dataDir, journal.kind === 'apply' ? { state: 'applied' } : { state: 'rolled-back', rolledBackAt: now, rollbackReason: journal.reason ?? 'rolled back' });
  await saveAppliedFix(ctx.dataDir, entry);
  const already = await readImplementationLog(journal.iterationDir);
  const event = journal.kind === 'apply' ? 'applied' : 'rolled-back';
  if (!already.some((e) => e.appliedId === journal.appliedId && e.event === event)) {
    await recordImplementation(journal.iterationDir, journal.fixId, secrets, (entries) => entries.push(logEntry(journal, now, extra)));
  }
  await onStep(`${journal.kind}:recorded`);
  await removeJournal(ctx.dataDir, journal.txId);
  await onStep(`${journal.kind}:journal-removed`);
  return entry;
}

async function appliedEntry(j: Journal, dataDir: string, state: Pick<AppliedFix, 'state' | 'rolledBackAt' | 'rollbackReason'>): Promise<AppliedFix> {
  const known = (await readAppliedFixes(dataDir)).find((f) => f.id === j.appliedId);
  const base: AppliedFix = known ?? {
    id: j.appliedId,
    fixId: j.fixId,
    title: j.title,
    runId: j.runId,
    iteration: j.iteration,
    iterationDir: j.iterationDir,
    backupDir: j.backupDir,
    pluginsDir: j.pluginsDir,
    identifiers: j.identifiers,
    files: j.files.map((f) => ({ path: f.path, named: f.named, before: f.before, after: f.after })),
    appliedAt: j.startedAt,
    state: 'applied',
  };
  const { rolledBackAt: _a, rollbackReason: _r, ...rest } = base;
  return { ...rest, ...state };
}

function logEntry(j: Journal, now: string, extra: { validation?: Validation | null; note?: string }): ImplementationEntry {
  const files = j.files.map((f) => ({ path: f.named, before: f.before.sha256, after: f.after.sha256 }));
  if (j.kind === 'apply') {
    return { event: 'applied', at: now, appliedId: j.appliedId, fixId: j.fixId, title: j.title, files, backupDir: j.backupDir, warnings: j.details?.warnings ?? [], diff: j.details?.diff ?? '', validation: extra.validation ?? null };
  }
  return {
    event: 'rolled-back',
    at: now,
    appliedId: j.appliedId,
    fixId: j.fixId,
    title: j.title,
    files,
    reason: extra.note ? `${j.reason ?? 'rolled back'} ${extra.note}` : (j.reason ?? 'rolled back'),
    automatic: j.automatic ?? false,
    forced: j.files.filter((f) => f.current !== f.after.sha256).map((f) => f.named),
    validation: extra.validation ?? null,
  };
}
