// Builders for the verify tests: item results, passes and criterion results in a line each.
import type { CriterionResult, ItemPass, TestOutcome } from '../../../../shared/decision.ts';
import { CriterionSchema, type CriterionInput } from '../../../../shared/fix.ts';
import type { Comparison, PluginStarted } from '../../../../main/engine/verify/metric-values.ts';
import type { TestPass } from '../../../../main/engine/verify/pass.ts';

export function item(outcome: TestOutcome, signatures: Record<string, number> = {}, markers: ItemPass['markers'] = {}): ItemPass {
  return { outcome, signatures, markers, durationMs: outcome === 'missing' ? null : 3000 };
}

/** A pass whose items are keyed 1, 2, 3 … in order. */
export function pass(kind: TestPass['kind'], items: ItemPass[], more: Partial<TestPass> = {}): TestPass {
  return {
    fixId: 'the-fix',
    kind,
    startedAt: '2026-02-01T10:00:00.000Z',
    finishedAt: '2026-02-01T10:01:00.000Z',
    items: Object.fromEntries(items.map((it, i) => [String(i + 1), it])),
    signatures: [],
    pluginStarts: [],
    lostInput: [],
    ...more,
  };
}

export const started: PluginStarted = { value: 1, text: 'GEVI started at 2026-02-01T09:59:00.000Z' };

export function comparison(before: TestPass, after: TestPass, more: Partial<Comparison> = {}): Comparison {
  return { before, after, seenBefore: new Set(before.signatures), pluginStarted: started, ...more };
}

export const criterion = (input: Partial<CriterionInput> = {}) =>
  CriterionSchema.parse({ id: 'c', description: 'a criterion', metric: 'itemSuccessRate', op: 'atLeast', target: 0.5, ...input });

/** A criterion result that is met / fired (true), not (false) or could not be measured (null). */
export function result(holds: boolean | null, severity: 'minor' | 'critical' = 'minor', description = 'a check'): CriterionResult {
  return { criterion: criterion({ description, severity }), before: null, after: null, holds, text: 'measured' };
}

export const results = (met: number, notMet: number, unmeasured = 0): CriterionResult[] => [
  ...Array.from({ length: met }, () => result(true)),
  ...Array.from({ length: notMet }, () => result(false)),
  ...Array.from({ length: unmeasured }, () => result(null)),
];
