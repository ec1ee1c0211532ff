// Which fixes are in the agents' files now: `<data>/applied_fixes.json`, one entry per applied
// fix, newest last, marked when it is rolled back. Rollback (any earlier fix, newest first when
// they share a file) and the app's history read it.
import { join } from 'node:path';
import { realpath } from 'node:fs/promises';
import { z } from 'zod';
import { FIX_ID } from '../../../shared/fix.ts';
import { atomicWriteJson, ensureDir } from '../util/atomic-write.ts';
import { readJsonFile } from '../util/json-file.ts';
import type { FixContext } from './context.ts';
import { ChangedFileSchema } from './file-state.ts';

export const APPLIED_FIXES_FILE = 'applied_fixes.json';

/** What identifies one application of a fix; the journal of each of its transactions repeats it. */
export const APPLICATION_FIELDS = {
  fixId: z.string().regex(FIX_ID),
  title: z.string(),
  runId: z.string(),
  iteration: z.number().int().positive(),
  iterationDir: z.string(),
  backupDir: z.string(),
  /** real path of the Plug-ins folder */
  pluginsDir: z.string(),
  /** plug-ins to restart for the change to take effect */
  identifiers: z.array(z.string()),
};

export const AppliedFixSchema = z.object({
  /** the apply transaction's id: one application of a fix */
  id: z.string(),
  ...APPLICATION_FIELDS,
  files: z.array(ChangedFileSchema),
  appliedAt: z.iso.datetime({ offset: false }),
  state: z.enum(['applied', 'rolled-back']),
  rolledBackAt: z.iso.datetime({ offset: false }).optional(),
  rollbackReason: z.string().optional(),
});
export type AppliedFix = z.infer<typeof AppliedFixSchema>;

const AppliedFixesSchema = z.object({ version: z.literal(1), fixes: z.array(AppliedFixSchema) });

const registryPath = (dataDir: string) => join(dataDir, APPLIED_FIXES_FILE);

export async function readAppliedFixes(dataDir: string): Promise<AppliedFix[]> {
  return (await readJsonFile(registryPath(dataDir), AppliedFixesSchema, 'list of applied fixes'))?.fixes ?? [];
}

/** Adds or replaces (by id) an entry; idempotent, so recovery can finish a half-recorded step. */
export async function saveAppliedFix(dataDir: string, entry: AppliedFix): Promise<void> {
  const fixes = await readAppliedFixes(dataDir);
  const at = fixes.findIndex((f) => f.id === entry.id);
  if (at >= 0) fixes[at] = entry;
  else fixes.push(entry);
  await ensureDir(dataDir);
  await atomicWriteJson(registryPath(dataDir), { version: 1, fixes });
}

/** The fixes applied to this Plug-ins folder, newest first, rolled-back ones included. */
export async function listAppliedFixes(ctx: Pick<FixContext, 'dataDir' | 'pluginsDir'>): Promise<AppliedFix[]> {
  const real = await realpath(ctx.pluginsDir).catch(() => ctx.pluginsDir);
  return (await readAppliedFixes(ctx.dataDir)).filter((f) => f.pluginsDir === real).reverse();
}
