// The Metrics model: what Phase 1 (aggregation) hands to every later phase.
// One zod schema, versioned; text reports are renderings of this JSON, never parsed back
// (lessons-from-predecessor.md #1).
import { z } from 'zod';

export const METRICS_SCHEMA_VERSION = 1;

/** crit: plug-in broken · err: item's primary metadata failed · warn: enrichment failed ·
 *  info: counted, not an error · noise: excluded from all metrics (agent-logs.md §8). */
export const SeveritySchema = z.enum(['crit', 'err', 'warn', 'info', 'noise']);
export type Severity = z.infer<typeof SeveritySchema>;

export const ItemOutcomeSchema = z.enum(['ok', 'failed', 'unknown']);
export type ItemOutcome = z.infer<typeof ItemOutcomeSchema>;

export const RATING_KEY = /^\d{1,12}$/;
export const SIGNATURE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MARKER_ID = SIGNATURE_ID;

const isoUtc = z.iso.datetime({ offset: false });

/** Enrichment markers keyed by kebab-case id: `found-on-iafd` (boolean), `cast`, `genres`,
 *  `directors` (counts logged in the FILMDICT dumps), … */
export const MarkersSchema = z.record(z.string().regex(MARKER_ID), z.union([z.boolean(), z.number()]));
export type Markers = z.infer<typeof MarkersSchema>;

export const ItemRecordSchema = z.object({
  ratingKey: z.string().regex(RATING_KEY),
  title: z.string().optional(),
  guid: z.string().optional(),
  file: z.string().optional(),
  outcome: ItemOutcomeSchema,
  /** the evidence that decided the outcome, in plain words (e.g. "site-url-error seen",
   *  "dump: cast 29, genres 5"); absent when the outcome is unknown */
  outcomeReason: z.string().optional(),
  /** signature id → occurrences seen while this item was being processed */
  signatures: z.record(z.string().regex(SIGNATURE_ID), z.number().int().nonnegative()),
  markers: MarkersSchema,
  /** UTC time of the last record attributed to the item */
  lastSeen: isoUtc,
});
export type ItemRecord = z.infer<typeof ItemRecordSchema>;

export const SignatureStatSchema = z.object({
  id: z.string().regex(SIGNATURE_ID),
  severity: SeveritySchema,
  /** false for start-up noise and informational signatures */
  actionable: z.boolean(),
  /** distinct items that showed the signature (the number that matters) */
  items: z.number().int().nonnegative(),
  /** raw occurrences, shown alongside */
  count: z.number().int().nonnegative(),
  /** up to three whole, redacted example lines */
  examples: z.array(z.string()).max(3),
});
export type SignatureStat = z.infer<typeof SignatureStatSchema>;

/** ERROR/CRITICAL records that match no signature, grouped by a normalized pattern key. */
export const UnknownPatternSchema = z.object({
  key: z.string(),
  level: z.string(),
  /** PGMA's level is unreliable: severity from its ❌/⚠ mark or `Error:`/`Warning:` prefix */
  severity: SeveritySchema.optional(),
  count: z.number().int().positive(),
  examples: z.array(z.string()).max(3),
});
export type UnknownPattern = z.infer<typeof UnknownPatternSchema>;

export const PluginStartSchema = z.object({
  at: isoUtc,
  ok: z.boolean(),
  /** the failure line (e.g. the RestrictedPython SyntaxError) when ok is false */
  reason: z.string().optional(),
});

export const AgentMetricsSchema = z.object({
  /** short agent name as PGMA logs it, e.g. "GEVI" */
  agent: z.string().min(1),
  /** CFBundleIdentifier, e.g. "com.plexapp.agents.GEVI" */
  identifier: z.string().min(1),
  records: z.number().int().nonnegative(),
  signatures: z.record(z.string(), SignatureStatSchema),
  unknownPatterns: z.array(UnknownPatternSchema),
  items: z.record(z.string().regex(RATING_KEY), ItemRecordSchema),
  /** actionable records that could not be tied to any item */
  unattributed: z.number().int().nonnegative(),
  pluginStarts: z.array(PluginStartSchema),
  firstRecord: isoUtc.nullable(),
  lastRecord: isoUtc.nullable(),
});
export type AgentMetrics = z.infer<typeof AgentMetricsSchema>;

/** binary: NUL bytes, not text · invalid-utf8: read with U+FFFD in place of the bad bytes
 *  (the line is kept) · line-too-long: over 1 MiB, skipped · unreadable: could not be opened
 *  or read · empty: no bytes · truncated-line: the last line had no line end (read as is when
 *  the file was quiet, else left for the next read) · unparsed-line: text that belongs to no
 *  record · gone: a file deleted before it was read to the end (what it gained is lost) */
export const SkipReasonSchema = z.enum(['binary', 'invalid-utf8', 'line-too-long', 'unreadable', 'empty', 'truncated-line', 'unparsed-line', 'gone']);
export type SkipReason = z.infer<typeof SkipReasonSchema>;

export const MetricsSchema = z.object({
  schemaVersion: z.literal(METRICS_SCHEMA_VERSION),
  generatedAt: isoUtc,
  window: z.object({ since: isoUtc.nullable(), until: isoUtc.nullable() }),
  /** IANA zone the logs' local timestamps were read in (they carry no zone) */
  timeZone: z.string().optional(),
  logsDir: z.string(),
  files: z.array(
    z.object({
      /** relative to logsDir */
      path: z.string(),
      bytes: z.number().int().nonnegative(),
      records: z.number().int().nonnegative(),
    }),
  ),
  /** input we could not use, counted with its reason: nothing is dropped silently */
  skipped: z.array(
    z.object({
      file: z.string(),
      reason: SkipReasonSchema,
      count: z.number().int().positive(),
      detail: z.string().optional(),
    }),
  ),
  agents: z.record(z.string(), AgentMetricsSchema),
});
export type Metrics = z.infer<typeof MetricsSchema>;

// ---- derived values: computed, never stored, so they can never disagree with the data ----

export interface ItemCounts {
  ok: number;
  failed: number;
  unknown: number;
  /** items with an outcome (ok + failed) */
  withOutcome: number;
}

export function itemCounts(items: Iterable<Pick<ItemRecord, 'outcome'>>): ItemCounts {
  const c = { ok: 0, failed: 0, unknown: 0, withOutcome: 0 };
  for (const item of items) c[item.outcome] += 1;
  c.withOutcome = c.ok + c.failed;
  return c;
}

/** Items `ok` / items with an outcome, in 0..1; null when no item has an outcome
 *  (never "100 % of 0", lessons #3 and agent-logs.md §9). */
export function itemSuccessRate(items: Iterable<Pick<ItemRecord, 'outcome'>>): number | null {
  const c = itemCounts(items);
  return c.withOutcome === 0 ? null : c.ok / c.withOutcome;
}

/** Sum of raw occurrences of actionable signatures. */
export function actionableErrors(agent: Pick<AgentMetrics, 'signatures'>): number {
  let n = 0;
  for (const s of Object.values(agent.signatures)) if (s.actionable) n += s.count;
  return n;
}

// ---- log positions: where a reader stopped, persisted so a later read (Phase 4, a resumed
// loop) yields exactly the lines written after it, across rotation (plex-facts.md §7) ----

export const LogFileCursorSchema = z
  .object({
    /** relative to the logs folder, as the file was named when the checkpoint was taken */
    path: z.string().min(1),
    /** file identity: it survives a rename (rotation `.log` → `.log.1`) */
    dev: z.string().regex(/^\d+$/),
    ino: z.string().regex(/^\d+$/),
    size: z.number().int().nonnegative(),
    /** bytes already read: the end of the last whole line */
    offset: z.number().int().nonnegative(),
    /** base64 of the file's first bytes: tells a re-created file that reuses the inode */
    head: z.string().max(128),
  })
  .refine((c) => c.offset <= c.size, { message: 'offset is beyond the file size', path: ['offset'] });
export type LogFileCursor = z.infer<typeof LogFileCursorSchema>;

export const LogCheckpointSchema = z.object({
  version: z.literal(1),
  logsDir: z.string().min(1),
  takenAt: isoUtc,
  /** the tailer that issued it; a running tailer answers its own checkpoints from memory */
  session: z.string().min(1),
  /** records read by that tailer before the checkpoint */
  seq: z.number().int().nonnegative(),
  files: z.array(LogFileCursorSchema),
});
export type LogCheckpoint = z.infer<typeof LogCheckpointSchema>;
