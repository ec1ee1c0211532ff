// One Agent Doctor per Plug-ins folder (design.md, Safety). The lock is a file named after the
// folder's real path, in a per-user place that the app and the CLI share whatever data folder
// they use. It is created whole (written to a temp file, then hard-linked into place, which
// fails if a lock exists) and names its holder. A lock whose process is gone is stale and taken
// over. Within one process the lock is re-entrant: the loop holds it while it applies, tests
// and rolls back.
import { link, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { ensureDir } from '../util/atomic-write.ts';
import { sha256 } from '../util/sha256.ts';
import { resolved, type FixContext } from './context.ts';

const HolderSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  program: z.string(),
  pluginsDir: z.string(),
  dataDir: z.string(),
  since: z.string(),
  nonce: z.string(),
});
export type LockHolder = z.infer<typeof HolderSchema>;

export interface PluginsLock {
  readonly holder: LockHolder;
  /** the holder of a stale lock that was taken over (it died while working) */
  readonly tookOverFrom: LockHolder | undefined;
  /** false when this process already held it (a nested use) */
  readonly fresh: boolean;
  release(): Promise<void>;
}

interface Held {
  holder: LockHolder;
  count: number;
  tookOverFrom: LockHolder | undefined;
}

const held = new Map<string, Held>();

/** Path of the lock file for a (real) Plug-ins folder. */
export const lockPathFor = (lockDir: string, realPluginsDir: string): string => join(lockDir, `plugins-${sha256(realPluginsDir).slice(0, 16)}.lock`);

/** Takes the lock of `realPluginsDir` or throws a UserError naming who holds it. */
export async function acquirePluginsLock(ctx: FixContext, realPluginsDir: string): Promise<PluginsLock> {
  const { lockDir, program, clock } = resolved(ctx);
  const path = lockPathFor(lockDir, realPluginsDir);
  const mine = held.get(path);
  if (mine) {
    mine.count++;
    return handle(path, mine, false);
  }
  await ensureDir(lockDir);
  const holder: LockHolder = { pid: process.pid, host: hostname(), program, pluginsDir: realPluginsDir, dataDir: ctx.dataDir, since: clock.now().toISOString(), nonce: randomBytes(8).toString('hex') };
  const temp = `${path}.${holder.nonce}.tmp`;
  let tookOverFrom: LockHolder | undefined;
  try {
    // inside the try: a write that fails half-way (disk full) leaves no temp file behind
    await writeFile(temp, JSON.stringify(holder) + '\n', { mode: 0o600 });
    for (let attempt = 0; ; attempt++) {
      try {
        await link(temp, path);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        if (attempt >= 3) throw new UserError('plugins-locked', `Another Agent Doctor keeps taking the lock of ${realPluginsDir}. Nothing was changed.`, 'Wait until it has finished, or quit it, then try again.');
      }
      const other = await readHolder(path);
      if (other === 'gone') continue;
      if (other !== 'unreadable' && isAlive(other)) throw lockedError(other, realPluginsDir);
      if (other === 'unreadable') throw unreadableLockError(path);
      // the holder died: remove its lock only if it is still the same one
      const again = await readHolder(path);
      if (again !== 'gone' && again !== 'unreadable' && again.nonce === other.nonce) await unlink(path).catch(() => undefined);
      tookOverFrom = other;
    }
  } finally {
    await rm(temp, { force: true });
  }
  const entry: Held = { holder, count: 1, tookOverFrom };
  held.set(path, entry);
  return handle(path, entry, true);
}

/** Who holds the lock now, if a live process does (undefined: free or stale). */
export async function lockHolder(ctx: FixContext, realPluginsDir: string): Promise<LockHolder | undefined> {
  const path = lockPathFor(resolved(ctx).lockDir, realPluginsDir);
  if (held.has(path)) return undefined;
  const other = await readHolder(path);
  if (other === 'gone') return undefined;
  if (other === 'unreadable') throw unreadableLockError(path);
  return isAlive(other) ? other : undefined;
}

/** Throws the "locked" UserError when another live Agent Doctor works on the folder. */
export async function assertNotLocked(ctx: FixContext, realPluginsDir: string): Promise<void> {
  const other = await lockHolder(ctx, realPluginsDir);
  if (other) throw lockedError(other, realPluginsDir);
}

function handle(path: string, entry: Held, fresh: boolean): PluginsLock {
  let released = false;
  return {
    holder: entry.holder,
    tookOverFrom: entry.tookOverFrom,
    fresh,
    async release() {
      if (released) return;
      released = true;
      if (--entry.count > 0) return;
      held.delete(path);
      const now = await readHolder(path);
      if (now !== 'gone' && now !== 'unreadable' && now.nonce === entry.holder.nonce) await unlink(path);
    },
  };
}

async function readHolder(path: string): Promise<LockHolder | 'gone' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    return 'unreadable';
  }
  try {
    const parsed = HolderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** A process on another computer (a shared home folder) cannot be checked: it counts as alive. */
function isAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return held.size > 0 && [...held.values()].some((h) => h.holder.nonce === holder.nonce);
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockedError(holder: LockHolder, pluginsDir: string): UserError {
  const where = holder.host === hostname() ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
  return new UserError(
    'plugins-locked',
    `Another Agent Doctor is working on ${pluginsDir}: ${holder.program} (${where}, since ${holder.since.replace('T', ' ').slice(0, 19)} UTC). Nothing was changed.`,
    'Wait until it has finished, or quit it, then try again.',
  );
}

function unreadableLockError(path: string): UserError {
  return new UserError('lock-unreadable', `The lock file ${path} cannot be read, so Agent Doctor cannot tell whether another copy is working. Nothing was changed.`, `If no other Agent Doctor is running, delete ${path} and try again.`);
}
