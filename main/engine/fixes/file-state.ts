// A file's identity for the transaction: its sha256, its mode and its size.
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { sha256 } from '../util/sha256.ts';

export const FileStateSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** permission bits, e.g. 0o644 = 420 */
  mode: z.number().int().min(0).max(0o7777),
  size: z.number().int().nonnegative(),
});
export type FileState = z.infer<typeof FileStateSchema>;

export const stateOf = (bytes: Uint8Array, mode: number): FileState => ({ sha256: sha256(bytes), mode, size: bytes.byteLength });

/** The file's bytes and state now; undefined when it does not exist. */
export async function readState(path: string): Promise<{ bytes: Buffer; state: FileState } | undefined> {
  try {
    const [bytes, st] = await Promise.all([readFile(path), stat(path)]);
    return { bytes, state: stateOf(bytes, st.mode & 0o7777) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** One file of a fix: where it is, and its state before and after the change. */
export const ChangedFileSchema = z.object({
  /** the real file relative to the real Plug-ins folder (the backup keeps this path) */
  path: z.string(),
  /** the path as the fix named it (differs behind a symlink) */
  named: z.string(),
  before: FileStateSchema,
  after: FileStateSchema,
});
export type ChangedFile = z.infer<typeof ChangedFileSchema>;
