// Phase 4's output: per-item test results and the verdict on one fix.
import { z } from 'zod';
import { CriterionSchema, FIX_ID } from './fix.ts';
import { ItemOutcomeSchema, MarkersSchema, RATING_KEY, SIGNATURE_ID } from './metrics.ts';

export const VerdictSchema = z.enum(['KEEP', 'MONITOR', 'MODIFY', 'ROLLBACK']);
export type Verdict = z.infer<typeof VerdictSchema>;

/** An item's outcome in one test pass; `timeout` = Plex did not finish in time (never "failed"). */
export const TestOutcomeSchema = z.union([ItemOutcomeSchema, z.literal('timeout'), z.literal('missing')]);
export type TestOutcome = z.infer<typeof TestOutcomeSchema>;

export const ItemPassSchema = z.object({
  outcome: TestOutcomeSchema,
  signatures: z.record(z.string().regex(SIGNATURE_ID), z.number().int().nonnegative()),
  markers: MarkersSchema,
  /** from PUT …/refresh to the end of the refresh, as measured */
  durationMs: z.number().nonnegative().nullable(),
  /** how the end of the refresh was noticed: a WebSocket activity or timeline event, or polling */
  detectedBy: z.enum(['activity', 'timeline', 'poll']).optional(),
});
export type ItemPass = z.infer<typeof ItemPassSchema>;

export const TestItemSchema = z.object({
  ratingKey: z.string().regex(RATING_KEY),
  title: z.string(),
  guid: z.string().optional(),
  /** why it was chosen: it showed an addressed signature, or it filled the sample */
  reason: z.enum(['addressed-signature', 'other-failure']),
  before: ItemPassSchema.nullable(),
  after: ItemPassSchema.nullable(),
});
export type TestItem = z.infer<typeof TestItemSchema>;

/** A check Agent Doctor runs on every test, whatever the fix says (a plug-in that crashed during
 *  the test, error kinds never seen before, many timeouts…). Worded as the bad thing it detects. */
export const BuiltinCheckSchema = z.object({
  id: z.string().regex(FIX_ID),
  description: z.string().min(1),
  builtin: z.literal(true),
  severity: z.enum(['minor', 'critical']),
});
export type BuiltinCheck = z.infer<typeof BuiltinCheckSchema>;

export const CriterionResultSchema = z.object({
  /** a criterion of the fix, or (failure indicators only) one of the built-in checks */
  criterion: z.union([CriterionSchema, BuiltinCheckSchema]),
  before: z.number().nullable(),
  after: z.number().nullable(),
  /** success criterion: met? failure indicator: fired? null = could not be evaluated */
  holds: z.boolean().nullable(),
  /** plain words, e.g. "IAFD URL errors per item: 2.10 → 0.40 (−81 %)" */
  text: z.string(),
});
export type CriterionResult = z.infer<typeof CriterionResultSchema>;

export const PairedSchema = z.object({
  failToOk: z.number().int().nonnegative(),
  okToFail: z.number().int().nonnegative(),
  okToOk: z.number().int().nonnegative(),
  failToFail: z.number().int().nonnegative(),
  /** items without an outcome on one side */
  unpaired: z.number().int().nonnegative(),
  /** exact two-sided sign test on the discordant pairs; null with no discordant pair */
  pValue: z.number().min(0).max(1).nullable(),
});
export type Paired = z.infer<typeof PairedSchema>;

export const DecisionSchema = z.object({
  fixId: z.string().regex(FIX_ID),
  iteration: z.number().int().positive(),
  verdict: VerdictSchema,
  /** share of evaluable success criteria met, 0..100; null with no evaluable criterion */
  criteriaMetPct: z.number().min(0).max(100).nullable(),
  criteria: z.array(CriterionResultSchema),
  indicators: z.array(CriterionResultSchema),
  itemsWithOutcome: z.number().int().nonnegative(),
  paired: PairedSchema,
  /** false with --no-pre-test: the comparison is against the aggregated baseline only */
  pairedBaseline: z.boolean(),
  /** each reason written out, first the one that decided */
  reasons: z.array(z.string().min(1)).min(1),
  decidedAt: z.iso.datetime({ offset: false }),
});
export type Decision = z.infer<typeof DecisionSchema>;

/** One entry of `testing_decisions.json` (appended after every test): the verdict, the items it
 *  rests on, and what the test had to say about its own sample. */
export const TestRecordSchema = z.object({
  fixId: z.string().regex(FIX_ID),
  fixTitle: z.string(),
  decision: DecisionSchema,
  items: z.array(TestItemSchema),
  /** how the sample was made and anything that weakens it, in plain words */
  notes: z.array(z.string()),
  /** file name of the matching test_report_<fix-id>_iteration_N.md */
  report: z.string().min(1),
});
export type TestRecord = z.infer<typeof TestRecordSchema>;

export const TestingDecisionsSchema = z.array(TestRecordSchema);
