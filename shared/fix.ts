// Fixes as data: what Phase 2 (diagnosis) proposes and Phases 3–4 apply and judge.
// A diagnostic report written by a person drives the loop through these same schemas,
// so every field is validated here and the engine re-checks paths and content (fixes/).
import { z } from 'zod';
import { SIGNATURE_ID, MARKER_ID } from './metrics.ts';

export const FIX_ID = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;

/** A path relative to the Plug-ins folder, e.g. `GEVI.bundle/Contents/Code/utils.py`.
 *  Shape only; the engine's path jail resolves it against the real folder. */
export const PluginPathSchema = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(p), 'must be relative to the Plug-ins folder, not absolute')
  .refine((p) => !p.split(/[\\/]/).includes('..'), 'must not contain ".."')
  .refine((p) => !p.includes('\0'), 'must not contain NUL');

export const ReplaceChangeSchema = z.object({
  kind: z.literal('replace'),
  file: PluginPathSchema,
  /** exact text to find (no regex) */
  find: z.string().min(1),
  replace: z.string(),
  /** how many times `find` must occur; any other count refuses the fix */
  occurrences: z.number().int().positive().default(1),
});

export const PatchChangeSchema = z.object({
  kind: z.literal('patch'),
  file: PluginPathSchema,
  /** unified diff for `file`; must apply without fuzz */
  diff: z.string().min(1),
});

export const ChangeSchema = z.discriminatedUnion('kind', [ReplaceChangeSchema, PatchChangeSchema]);
export type Change = z.infer<typeof ChangeSchema>;
export type ChangeInput = z.input<typeof ChangeSchema>;

/** What a criterion measures, per refreshed item (design.md, Criterion):
 *  - `signature:<id>`   occurrences of a signature per item with an outcome
 *  - `items:<id>`       share of items (0..1) that showed the signature
 *  - `marker:<id>`      items whose marker is true / > 0 (e.g. `marker:found-on-iafd`)
 *  - `itemSuccessRate`  items ok / items with an outcome (0..1)
 *  - `actionableErrorsPerItem`  actionable signature occurrences per item
 *  - `newSignatures`    actionable signature ids seen after but not before
 *  - `pluginStarted`    1 if the plug-in started after the change, else 0
 *  - `timeoutRate`      share of refreshed items that timed out (0..1) */
export const METRIC_NAMES = ['itemSuccessRate', 'actionableErrorsPerItem', 'newSignatures', 'pluginStarted', 'timeoutRate'] as const;
export const MetricRefSchema = z.string().refine((ref) => {
  if ((METRIC_NAMES as readonly string[]).includes(ref)) return true;
  const m = /^(signature|items|marker):(.+)$/.exec(ref);
  if (!m) return false;
  return m[1] === 'marker' ? MARKER_ID.test(m[2]!) : SIGNATURE_ID.test(m[2]!);
}, 'unknown metric reference');
export type MetricRef = string;

/**  `reduceBy` / `increaseBy`: relative change from before to after, target in percent.
 *   `atLeast` / `atMost` / `above` / `below` / `equals`: the after value against target.
 *   `belowBefore` / `aboveBefore` / `notBelowBefore` / `notAboveBefore`: after against before. */
export const OperatorSchema = z.enum([
  'reduceBy',
  'increaseBy',
  'atLeast',
  'atMost',
  'above',
  'below',
  'equals',
  'belowBefore',
  'aboveBefore',
  'notBelowBefore',
  'notAboveBefore',
]);
export type Operator = z.infer<typeof OperatorSchema>;
export const OPERATORS_NEEDING_TARGET: readonly Operator[] = ['reduceBy', 'increaseBy', 'atLeast', 'atMost', 'above', 'below', 'equals'];

/** An operator and its target in plain words, e.g. "down by at least 20 %", "more than 20 %".
 *  `target` is already formatted by the caller (it knows the metric's unit). */
export function operatorWords(op: Operator, target: string): string {
  switch (op) {
    case 'reduceBy':
      return `down by at least ${target} %`;
    case 'increaseBy':
      return `up by at least ${target} %`;
    case 'atLeast':
      return `at least ${target}`;
    case 'atMost':
      return `at most ${target}`;
    case 'above':
      return `more than ${target}`;
    case 'below':
      return `less than ${target}`;
    case 'equals':
      return `equal to ${target}`;
    case 'belowBefore':
      return 'lower than before';
    case 'aboveBefore':
      return 'higher than before';
    case 'notBelowBefore':
      return 'not lower than before';
    case 'notAboveBefore':
      return 'not higher than before';
  }
}

export const CriterionSchema = z
  .object({
    id: z.string().regex(FIX_ID),
    /** plain words shown to the user, e.g. "IAFD URL errors per item down by at least 20 %" */
    description: z.string().min(1),
    metric: MetricRefSchema,
    op: OperatorSchema,
    target: z.number().finite().optional(),
    /** for failure indicators: critical → ROLLBACK; minor → at worst MODIFY */
    severity: z.enum(['minor', 'critical']).default('minor'),
  })
  .refine((c) => !OPERATORS_NEEDING_TARGET.includes(c.op) || c.target !== undefined, {
    message: 'this operator needs a target',
    path: ['target'],
  });
export type Criterion = z.infer<typeof CriterionSchema>;
export type CriterionInput = z.input<typeof CriterionSchema>;

export const FixSchema = z.object({
  id: z.string().regex(FIX_ID).max(64),
  title: z.string().min(1).max(200),
  /** 1 = try first */
  priority: z.number().int().positive(),
  /** agent names as in Metrics (e.g. "GEVI") */
  agents: z.array(z.string().min(1)).min(1),
  /** signature ids this fix addresses */
  signatures: z.array(z.string().regex(SIGNATURE_ID)),
  rootCause: z.string().min(1),
  /** observed behaviour now */
  before: z.array(z.string().min(1)).min(1),
  /** expected behaviour after the fix */
  after: z.array(z.string().min(1)).min(1),
  /** no changes = advice only: shown, never applied */
  changes: z.array(ChangeSchema),
  advice: z.array(z.string()).default([]),
  successCriteria: z.array(CriterionSchema),
  failureIndicators: z.array(CriterionSchema),
  /** this fix is the fallback of that one, tried when that one is rolled back */
  alternativeOf: z.string().regex(FIX_ID).optional(),
  risk: z.enum(['low', 'medium', 'high']).default('medium'),
  /** why it sits where it does in the order, in plain words */
  priorityReason: z.string().default(''),
});
export type Fix = z.infer<typeof FixSchema>;
export type FixInput = z.input<typeof FixSchema>;

export const isAdviceOnly = (fix: Pick<Fix, 'changes'>): boolean => fix.changes.length === 0;

/** The files a fix touches, each once, in first-mention order. */
export function filesOf(fix: Pick<Fix, 'changes'>): string[] {
  return [...new Set(fix.changes.map((c) => c.file))];
}
