// From two passes to a decision: every success criterion and failure indicator of the fix, the
// built-in checks, the paired counts, then the rules of decide.ts. Pure: the same passes always
// give the same decision.
import type { Decision, TestItem } from '../../../shared/decision.ts';
import type { Fix } from '../../../shared/fix.ts';
import type { Metrics } from '../../../shared/metrics.ts';
import { UserError } from '../errors.ts';
import { builtinIndicators } from './builtin-checks.ts';
import { evaluateCriteria } from './criteria.ts';
import { decide, type Thresholds } from './decide.ts';
import type { Comparison, PluginStarted } from './metric-values.ts';
import { pairOutcomes } from './paired.ts';
import { passFromBaseline, type TestPass } from './pass.ts';
import type { TestPlan } from './plan.ts';

export interface JudgeInput {
  fix: Fix;
  plan: TestPlan;
  iteration: number;
  /** the aggregated metrics the plan was made from */
  baseline: Metrics;
  /** the paired pre-test; null when there was none (--no-pre-test) */
  before: TestPass | null;
  after: TestPass;
  pluginStarted: PluginStarted;
  thresholds?: Thresholds;
  now?: Date;
}

export interface Judgement {
  decision: Decision;
  items: TestItem[];
  /** about the sample: how it was made and what weakens it */
  notes: string[];
}

export function judge(input: JudgeInput): Judgement {
  const { fix, plan, after } = input;
  for (const pass of [input.before, after]) {
    if (pass && pass.fixId !== plan.fixId) {
      throw new UserError('test-pass-mismatch', `The test results given are for fix "${pass.fixId}", not "${plan.fixId}".`, 'Run the test of this fix again.');
    }
  }
  const aggregated = passFromBaseline(plan, input.baseline);
  const before = input.before ?? aggregated;
  const c: Comparison = { before, after, seenBefore: new Set([...aggregated.signatures, ...(input.before?.signatures ?? [])]), pluginStarted: input.pluginStarted };
  const criteria = evaluateCriteria(fix.successCriteria, 'success', c);
  const indicators = [...evaluateCriteria(fix.failureIndicators, 'indicator', c), ...builtinIndicators(c)];
  const paired = pairOutcomes(before, after);
  const itemsWithOutcome = Object.values(after.items).filter((i) => i.outcome === 'ok' || i.outcome === 'failed').length;
  const verdict = decide({ criteria, indicators, itemsWithOutcome, paired, pairedBaseline: input.before !== null, thresholds: input.thresholds });
  const decision: Decision = {
    fixId: fix.id,
    iteration: input.iteration,
    verdict: verdict.verdict,
    criteriaMetPct: verdict.criteriaMetPct,
    criteria,
    indicators,
    itemsWithOutcome,
    paired,
    pairedBaseline: input.before !== null,
    reasons: verdict.reasons,
    decidedAt: (input.now ?? new Date()).toISOString(),
  };
  const items: TestItem[] = plan.items.map((i) => ({
    ratingKey: i.ratingKey,
    title: i.title,
    ...(i.guid ? { guid: i.guid } : {}),
    reason: i.reason,
    before: before.items[i.ratingKey] ?? null,
    after: after.items[i.ratingKey] ?? null,
  }));
  const notes = [...plan.notes];
  if (!input.before) notes.push('No paired pre-test was run: "before" is the aggregated baseline, which may count several refreshes per item.');
  for (const pass of [input.before, after]) {
    for (const l of pass?.lostInput ?? []) notes.push(`Some log lines of the ${pass!.kind === 'after' ? 'test' : 'pre-test'} could not be read: ${l.file} (${l.reason === 'gone' ? 'deleted before it was read to the end' : 'unreadable'}).`);
  }
  return { decision, items, notes };
}
