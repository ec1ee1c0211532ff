// Phase 3's records in the iteration folder (design.md, Files a run writes):
// implementation_log.json — every application, validation, rollback and recovery, as measured —
// and implementation_report_<fix-id>.md, its rendering for people. Both redacted.
import { join } from 'node:path';
import { z } from 'zod';
import { FIX_ID } from '../../../shared/fix.ts';
import { redact } from '../../../shared/redact.ts';
import { atomicWrite, atomicWriteJson, ensureDir } from '../util/atomic-write.ts';
import { readJsonFile } from '../util/json-file.ts';
import { renderImplementationReport } from './implementation-report.ts';

export const IMPLEMENTATION_LOG = 'implementation_log.json';
export const implementationReportName = (fixId: string): string => `implementation_report_${fixId}.md`;

const at = z.iso.datetime({ offset: false });
const FileChangeSchema = z.object({ path: z.string(), before: z.string(), after: z.string() });

export const PluginCheckSchema = z.object({
  identifier: z.string(),
  /** not-seen: no start line within the wait (a plug-in may start only when first used) */
  state: z.enum(['started', 'failed', 'not-seen']),
  /** the deciding log line, or why */
  detail: z.string(),
  /** CRITICAL lines of the plug-in since the restart, start-up noise left out */
  criticals: z.array(z.string()),
});
export type PluginCheck = z.infer<typeof PluginCheckSchema>;

export const RestartSummarySchema = z.object({
  strategy: z.string(),
  failed: z.array(z.object({ id: z.string(), reason: z.string() })),
  serverVersion: z.string(),
  elapsedMs: z.number().nonnegative(),
});

export const ValidationSchema = z.object({
  at,
  /** started: loaded, no new CRITICAL · failed: did not load or logged CRITICAL · unconfirmed:
   *  no start line seen · not-restarted: Plex could not be restarted */
  verdict: z.enum(['started', 'failed', 'unconfirmed', 'not-restarted']),
  /** in plain words */
  reason: z.string(),
  restart: RestartSummarySchema.nullable(),
  plugins: z.array(PluginCheckSchema),
});
export type Validation = z.infer<typeof ValidationSchema>;

export const ImplementationEntrySchema = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('applied'),
    at,
    appliedId: z.string(),
    fixId: z.string().regex(FIX_ID),
    title: z.string(),
    files: z.array(FileChangeSchema),
    backupDir: z.string(),
    warnings: z.array(z.string()),
    diff: z.string(),
    /** null until the restart check ran */
    validation: ValidationSchema.nullable(),
  }),
  z.object({
    event: z.literal('rolled-back'),
    at,
    appliedId: z.string(),
    fixId: z.string().regex(FIX_ID),
    title: z.string(),
    files: z.array(FileChangeSchema),
    reason: z.string(),
    /** Agent Doctor decided it (failed start, ROLLBACK verdict), not a person */
    automatic: z.boolean(),
    /** files edited after our write were overwritten (their content kept in the backup) */
    forced: z.array(z.string()),
    /** the restart check after the rollback, when one ran */
    validation: ValidationSchema.nullable(),
  }),
  z.object({
    event: z.literal('recovered'),
    at,
    appliedId: z.string(),
    fixId: z.string().regex(FIX_ID),
    title: z.string(),
    text: z.string(),
  }),
]);
export type ImplementationEntry = z.infer<typeof ImplementationEntrySchema>;

export const ImplementationLogSchema = z.object({ version: z.literal(1), entries: z.array(ImplementationEntrySchema) });

export async function readImplementationLog(iterationDir: string): Promise<ImplementationEntry[]> {
  return (await readJsonFile(join(iterationDir, IMPLEMENTATION_LOG), ImplementationLogSchema, 'implementation log'))?.entries ?? [];
}

/** Changes the log with `edit` (append, or fill in a validation), then re-renders the fix's report. */
export async function recordImplementation(iterationDir: string, fixId: string, secrets: readonly string[], edit: (entries: ImplementationEntry[]) => void): Promise<void> {
  const entries = await readImplementationLog(iterationDir);
  edit(entries);
  const clean = entries.map((e) => redactStrings(e, secrets));
  await ensureDir(iterationDir);
  await atomicWriteJson(join(iterationDir, IMPLEMENTATION_LOG), ImplementationLogSchema.parse({ version: 1, entries: clean }));
  await atomicWrite(join(iterationDir, implementationReportName(fixId)), renderImplementationReport(fixId, clean.filter((e) => e.fixId === fixId)));
}

function redactStrings<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === 'string') return redact(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactStrings(v, secrets)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, secrets)])) as T;
  return value;
}
