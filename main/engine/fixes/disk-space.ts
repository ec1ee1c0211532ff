// Enough room before anything is written: the backup copies go to the run folder, the new
// versions are first written as temp files beside the originals. A full disk found halfway
// would still be safe (the transaction undoes itself), but refusing up front is kinder.
import { stat, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../errors.ts';

/** How much room a folder's volume has; a port so a full disk can be tested. */
export interface DiskSpace {
  /** bytes available to this user on the volume that holds `path` */
  freeBytes(path: string): Promise<number>;
}

export const systemDiskSpace: DiskSpace = {
  async freeBytes(path) {
    const s = await statfs(path);
    return Number(s.bavail) * Number(s.bsize);
  },
};

/** Room kept for the journal, the manifest, the records and the file system's own needs. */
export const SPACE_MARGIN_BYTES = 1024 * 1024;

export interface SpaceNeed {
  /** a folder (it may not exist yet: its nearest existing parent is measured) */
  dir: string;
  bytes: number;
  /** what goes there, for the message */
  what: string;
}

/** Throws a UserError when a volume cannot hold what goes onto it (needs on one volume add up). */
export async function checkFreeSpace(disk: DiskSpace, needs: readonly SpaceNeed[]): Promise<void> {
  const volumes = new Map<string, { at: string; bytes: number; what: string[] }>();
  for (const need of needs) {
    const at = await existingAncestor(need.dir);
    const dev = String((await stat(at)).dev);
    const v = volumes.get(dev) ?? { at, bytes: SPACE_MARGIN_BYTES, what: [] };
    v.bytes += need.bytes;
    v.what.push(need.what);
    volumes.set(dev, v);
  }
  for (const v of volumes.values()) {
    const free = await disk.freeBytes(v.at);
    if (free < v.bytes) {
      throw new UserError(
        'no-space',
        `Not enough free disk space: ${v.what.join(' and ')} need ${formatBytes(v.bytes)} on the disk that holds ${v.at}, but only ${formatBytes(free)} is free. Nothing was changed.`,
        'Free some disk space, then try again.',
      );
    }
  }
}

async function existingAncestor(dir: string): Promise<string> {
  for (let d = dir; ; d = dirname(d)) {
    try {
      await stat(d);
      return d;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(d) === d) throw err;
    }
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(1)} GB`;
}
