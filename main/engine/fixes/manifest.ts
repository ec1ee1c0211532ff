// The backup of one applied fix: `<iteration>/_BACKUPS/<fix-id>_<YYYYMMDD_HHMMSS>/`, each file
// at its path relative to the Plug-ins folder (21 agents' utils.py never collide, lessons #8),
// plus manifest.json with every file's sha256 and mode before and after. Never inside Plug-ins.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { FIX_ID } from '../../../shared/fix.ts';
import { atomicWrite, atomicWriteJson, ensureDir } from '../util/atomic-write.ts';
import { readJsonFile } from '../util/json-file.ts';
import { UserError } from '../errors.ts';
import { compactUtc } from './context.ts';
import { ChangedFileSchema } from './file-state.ts';
import type { PlannedFile } from './plan.ts';
import { sha256 } from '../util/sha256.ts';

export const BACKUPS_FOLDER = '_BACKUPS';
export const MANIFEST_NAME = 'manifest.json';

export const ManifestSchema = z.object({
  version: z.literal(1),
  fixId: z.string().regex(FIX_ID),
  title: z.string(),
  runId: z.string(),
  iteration: z.number().int().positive(),
  /** real path of the Plug-ins folder */
  pluginsDir: z.string(),
  createdAt: z.iso.datetime({ offset: false }),
  files: z.array(ChangedFileSchema),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** A new, unused backup folder name for `fixId` at `now`. */
export async function newBackupDir(iterationDir: string, fixId: string, now: Date): Promise<string> {
  const root = join(iterationDir, BACKUPS_FOLDER);
  const base = `${fixId}_${compactUtc(now)}`;
  const taken = new Set(await readdir(root).catch(() => [] as string[]));
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}_${n}`;
    if (!taken.has(name)) return join(root, name);
  }
}

/** Copies one file's before bytes into the backup, synced, with its mode. */
export async function backUpFile(backupDir: string, file: PlannedFile): Promise<void> {
  const target = join(backupDir, ...file.realRel.split('/'));
  await ensureDir(join(target, '..'));
  await atomicWrite(target, file.before, { setMode: file.beforeState.mode });
}

export async function writeManifest(backupDir: string, manifest: Manifest): Promise<void> {
  await atomicWriteJson(join(backupDir, MANIFEST_NAME), ManifestSchema.parse(manifest));
}

export async function readManifest(backupDir: string): Promise<Manifest> {
  const manifest = await readJsonFile(join(backupDir, MANIFEST_NAME), ManifestSchema, 'backup manifest');
  if (!manifest) throw new UserError('backup-missing', `The backup ${backupDir} has no ${MANIFEST_NAME}, so it cannot be restored.`, 'The backup folder was moved or deleted. Restore the agent files by hand or reinstall the agent.');
  return manifest;
}

/** The backed-up bytes of `path`, checked against the manifest's before sha256. */
export async function readBackedUp(backupDir: string, path: string, expectedSha: string): Promise<Buffer> {
  const copy = join(backupDir, ...path.split('/'));
  let bytes: Buffer;
  try {
    bytes = await readFile(copy);
  } catch (err) {
    throw new UserError('backup-missing', `The backup copy ${copy} cannot be read (${(err as NodeJS.ErrnoException).code}). Nothing was changed.`, 'The backup folder was moved or damaged. Restore the agent file by hand or reinstall the agent.');
  }
  if (sha256(bytes) !== expectedSha) {
    throw new UserError('backup-damaged', `The backup copy ${copy} is not the file that was backed up (its sha256 differs). Nothing was changed.`, 'The backup was changed or damaged. Restore the agent file by hand or reinstall the agent.');
  }
  return bytes;
}
