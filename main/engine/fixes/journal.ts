// The journal: one durable JSON file per transaction in `<data>/journal/`, written before the
// first byte of agent code changes and removed after the last record is written. Whatever is
// left there at start-up is an interrupted transaction (recover.ts).
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { atomicWriteJson, ensureDir, fsyncDir } from '../util/atomic-write.ts';
import { readJsonFile } from '../util/json-file.ts';
import { APPLICATION_FIELDS } from './applied-fixes.ts';
import { ChangedFileSchema } from './file-state.ts';

export const JOURNAL_FOLDER = 'journal';

export const JournalSchema = z.object({
  version: z.literal(1),
  txId: z.string().regex(/^[a-z0-9_-]+$/),
  /** apply: before → after · rollback: after → before */
  kind: z.enum(['apply', 'rollback']),
  /** committed: every file reached the target; only the records are left to finish */
  state: z.enum(['pending', 'committed']),
  /** the applied fix this is about (its apply transaction's txId) */
  appliedId: z.string(),
  ...APPLICATION_FIELDS,
  startedAt: z.iso.datetime({ offset: false }),
  /** rollback: why */
  reason: z.string().optional(),
  automatic: z.boolean().optional(),
  /** apply: what its log entry shows, kept so the entry can be written after a crash */
  details: z.object({ warnings: z.array(z.string()), diff: z.string() }).optional(),
  files: z.array(
    ChangedFileSchema.extend({
      /** sha256 found when the transaction started (after, or an edited file under --force) */
      current: z.string(),
      /** temp file name in the file's folder */
      temp: z.string(),
    }),
  ),
});
export type Journal = z.infer<typeof JournalSchema>;

export const journalDir = (dataDir: string): string => join(dataDir, JOURNAL_FOLDER);
const journalPath = (dataDir: string, txId: string): string => join(journalDir(dataDir), `${txId}.json`);

export async function writeJournal(dataDir: string, journal: Journal): Promise<void> {
  await ensureDir(journalDir(dataDir));
  await atomicWriteJson(journalPath(dataDir, journal.txId), JournalSchema.parse(journal));
}

export async function removeJournal(dataDir: string, txId: string): Promise<void> {
  await rm(journalPath(dataDir, txId), { force: true });
  await fsyncDir(journalDir(dataDir));
}

/** Every journal left in `dataDir`, oldest first; damaged ones throw (they are never guessed at). */
export async function listJournals(dataDir: string): Promise<Journal[]> {
  const names = await readdir(journalDir(dataDir)).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  const journals: Journal[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const j = await readJsonFile(join(journalDir(dataDir), name), JournalSchema, 'journal of an interrupted change');
    if (j) journals.push(j);
  }
  return journals.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.txId.localeCompare(b.txId));
}
