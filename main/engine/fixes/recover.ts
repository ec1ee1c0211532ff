// Start-up recovery and the Plug-ins lock as callers hold it. Taking the lock afresh resolves
// every unfinished journal of that folder first, so no change ever starts on top of a half-done
// one: a pending journal goes back to the before state (an interrupted rollback thereby
// finishes), a committed one only has its records finished.
import { realpath } from 'node:fs/promises';
import { UserError } from '../errors.ts';
import { listJournals, removeJournal, type Journal } from './journal.ts';
import { acquirePluginsLock, type PluginsLock } from './lock.ts';
import { finishCommitted, restoreBefore } from './transaction.ts';
import { recordImplementation } from './implementation-log.ts';
import { resolved, type FixContext } from './context.ts';

export interface RecoveryAction {
  txId: string;
  fixId: string;
  title: string;
  /** what was interrupted */
  kind: 'apply' | 'rollback';
  /** undone: the files are as before the fix · finished-apply: the fix was complete, its records
   *  are now too · finished-rollback: the rollback is complete */
  outcome: 'undone' | 'finished-apply' | 'finished-rollback';
  /** files written to get there (relative to the Plug-ins folder) */
  restored: string[];
  /** files found edited by someone else, copied into the backup folder before being restored */
  keptAside: string[];
  /** one plain sentence */
  text: string;
}

export interface HeldPluginsFolder extends PluginsLock {
  /** real path of the Plug-ins folder */
  readonly pluginsDir: string;
  /** what taking the lock had to finish first (empty: nothing was interrupted) */
  readonly recovery: RecoveryAction[];
}

/** Takes the Plug-ins lock (re-entrant in one process) and resolves interrupted changes first. */
export async function lockPluginsFolder(ctx: FixContext): Promise<HeldPluginsFolder> {
  const real = await realpath(ctx.pluginsDir).catch(() => {
    throw new UserError('plex-plugins-missing', `The Plug-ins folder ${ctx.pluginsDir} does not exist.`, 'Pass the folder that holds your agent bundles with --plugins.');
  });
  const lock = await acquirePluginsLock(ctx, real);
  try {
    const dataDirs = [ctx.dataDir, ...(lock.tookOverFrom && lock.tookOverFrom.dataDir !== ctx.dataDir ? [lock.tookOverFrom.dataDir] : [])];
    const recovery = lock.fresh ? await resolveJournals(ctx, real, dataDirs) : [];
    return { holder: lock.holder, tookOverFrom: lock.tookOverFrom, fresh: lock.fresh, release: () => lock.release(), pluginsDir: real, recovery };
  } catch (err) {
    await lock.release();
    throw err;
  }
}

/** Run once at engine start: finishes or undoes whatever an earlier run left unfinished. */
export async function recover(ctx: FixContext): Promise<RecoveryAction[]> {
  const held = await lockPluginsFolder(ctx);
  await held.release();
  return held.recovery;
}

async function resolveJournals(ctx: FixContext, realPluginsDir: string, dataDirs: readonly string[]): Promise<RecoveryAction[]> {
  const actions: RecoveryAction[] = [];
  const failures: string[] = [];
  for (const dataDir of dataDirs) {
    for (const journal of await listJournals(dataDir)) {
      if (journal.pluginsDir !== realPluginsDir) continue;
      try {
        actions.push(await resolveJournal(journal, { ...ctx, dataDir }));
      } catch (err) {
        failures.push(`${journal.title}: ${(err as Error).message}`);
      }
    }
  }
  if (failures.length) {
    throw new UserError(
      'recovery-failed',
      `An interrupted change to the agent files could not be finished: ${failures.join('; ')}`,
      'Agent Doctor will not change these agents until it is resolved. Restore the files named above from the backup folder by hand, or reinstall the agent, then delete the journal file in the "journal" folder of the Agent Doctor data folder.',
    );
  }
  return actions;
}

async function resolveJournal(journal: Journal, ctx: FixContext): Promise<RecoveryAction> {
  const base = { txId: journal.txId, fixId: journal.fixId, title: journal.title, kind: journal.kind };
  if (journal.state === 'committed') {
    await finishCommitted(journal, ctx);
    const text = journal.kind === 'apply' ? `"${journal.title}" had been applied completely when Agent Doctor stopped; its records are now complete.` : `"${journal.title}" had been rolled back completely when Agent Doctor stopped; its records are now complete.`;
    return { ...base, outcome: journal.kind === 'apply' ? 'finished-apply' : 'finished-rollback', restored: [], keptAside: [], text };
  }
  const { restored, keptAside } = await restoreBefore(journal, ctx);
  const files = `${journal.files.length} ${journal.files.length === 1 ? 'file is' : 'files are'} as before the fix (sha256 verified)`;
  const aside = keptAside.length ? ` ${keptAside.join(', ')} had been edited meanwhile; that version is kept in ${journal.backupDir}.` : '';
  if (journal.kind === 'rollback') {
    await finishCommitted({ ...journal, state: 'committed' }, ctx, { note: '(finished after an interruption)' });
    return { ...base, outcome: 'finished-rollback', restored, keptAside, text: `The rollback of "${journal.title}" was interrupted and has now been finished: ${files}.${aside}` };
  }
  const text = `Applying "${journal.title}" was interrupted, so it was undone: ${files}.${aside}`;
  const { clock, secrets } = resolved(ctx);
  await recordImplementation(journal.iterationDir, journal.fixId, secrets, (entries) =>
    entries.push({ event: 'recovered', at: clock.now().toISOString(), appliedId: journal.appliedId, fixId: journal.fixId, title: journal.title, text }),
  );
  await removeJournal(ctx.dataDir, journal.txId);
  return { ...base, outcome: 'undone', restored, keptAside, text };
}
