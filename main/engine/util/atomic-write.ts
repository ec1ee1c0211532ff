// Durable file replacement: temp file in the same folder → write → fsync → rename → fsync
// the folder. A reader (or a crash) sees the old bytes or the new bytes, never a mix.
// A transaction over several files prepares every temp file first and renames afterwards
// (prepareAtomicWrite), so the window in which files of one change disagree stays short and a
// journal can name the temp files before they exist.
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface AtomicWriteOptions {
  /** file mode for a new file; an existing file keeps its mode */
  mode?: number;
  /** this mode whatever the existing file has (restoring a backup) */
  setMode?: number;
  /** name of the temp file, in the target's folder (default: a random hidden name) */
  tempName?: string;
}

export interface PreparedWrite {
  readonly path: string;
  /** the temp file holding the new bytes, already synced to disk */
  readonly temp: string;
  /** rename the temp file over the target and sync the folder */
  commit(): Promise<void>;
  /** remove the temp file; the target is untouched */
  discard(): Promise<void>;
}

export async function atomicWrite(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  await (await prepareAtomicWrite(path, data, options)).commit();
}

/** Writes `data` to a synced temp file beside `path`; nothing visible changes until commit(). */
export async function prepareAtomicWrite(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<PreparedWrite> {
  const dir = dirname(path);
  const temp = join(dir, options.tempName ?? `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let mode = options.setMode ?? options.mode ?? 0o644;
  if (options.setMode === undefined) {
    try {
      mode = (await stat(path)).mode & 0o7777;
    } catch {
      // new file
    }
  }
  const fh = await open(temp, 'wx', mode);
  try {
    await fh.writeFile(data);
    await fh.chmod(mode);
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
  await fh.close();
  return {
    path,
    temp,
    commit: async () => {
      try {
        await rename(temp, path);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
      await fsyncDir(dir);
    },
    discard: () => rm(temp, { force: true }),
  };
}

export async function atomicWriteJson(path: string, value: unknown): Promise<void> {
  await atomicWrite(path, JSON.stringify(value, null, 2) + '\n');
}

/** Makes a rename or unlink in `dir` durable. Some file systems refuse to fsync a folder. */
export async function fsyncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // EISDIR/EINVAL/EPERM on platforms that cannot fsync a directory: nothing more to do
  } finally {
    await fh?.close();
  }
}

/** mkdir -p whose new folders survive a power loss: each created folder's parent is synced. */
export async function ensureDir(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return;
  for (let d = dir; ; d = dirname(d)) {
    await fsyncDir(dirname(d));
    if (d === first || dirname(d) === d) break;
  }
}
