// Evaluates a fix's success criteria and failure indicators against (before, after), each
// operator exactly as shared/fix.ts documents it. A success criterion `holds` when it is met; a
// failure indicator `holds` when its condition is true — it fired (e.g. `pluginStarted equals 0`:
// the plug-in did not start). null: the values needed are missing, said in the text.
import type { CriterionResult } from '../../../shared/decision.ts';
import { operatorWords, type Criterion, type Operator } from '../../../shared/fix.ts';
import { describeMetric, formatValue, metricPair, type Comparison, type MetricPair } from './metric-values.ts';

/** rates and averages are compared with this slack, so 0.1 + 0.2 still equals 0.3 */
const EPSILON = 1e-9;

/** `success`: a success criterion (holds = met) · `indicator`: a failure indicator (holds = fired) */
export type Role = 'success' | 'indicator';

export function evaluateCriteria(criteria: readonly Criterion[], role: Role, c: Comparison): CriterionResult[] {
  return criteria.map((criterion) => evaluateCriterion(criterion, role, c));
}

export function evaluateCriterion(criterion: Criterion, role: Role, c: Comparison): CriterionResult {
  const m = metricPair(criterion.metric, c);
  const holds = check(criterion.op, criterion.target, m.before, m.after);
  return { criterion, before: m.before, after: m.after, holds, text: describe(criterion, role, m, holds) };
}

/** true / false, or null when a value it needs is missing (or a relative change from 0 is asked). */
export function check(op: Operator, target: number | undefined, before: number | null, after: number | null): boolean | null {
  if (after === null) return null;
  const t = target ?? NaN;
  switch (op) {
    case 'atLeast':
      return after >= t - EPSILON;
    case 'atMost':
      return after <= t + EPSILON;
    case 'above':
      return after > t + EPSILON;
    case 'below':
      return after < t - EPSILON;
    case 'equals':
      return Math.abs(after - t) <= EPSILON;
  }
  if (before === null) return null;
  switch (op) {
    case 'belowBefore':
      return after < before - EPSILON;
    case 'aboveBefore':
      return after > before + EPSILON;
    case 'notBelowBefore':
      return after >= before - EPSILON;
    case 'notAboveBefore':
      return after <= before + EPSILON;
    case 'reduceBy':
      // nothing to reduce: the criterion cannot tell whether the fix helped
      if (before === 0) return after === 0 ? null : false;
      return ((before - after) / before) * 100 >= t - EPSILON;
    case 'increaseBy':
      // from nothing, any gain is an unbounded increase; no gain is none
      if (before === 0) return after > 0;
      return ((after - before) / before) * 100 >= t - EPSILON;
  }
}

function describe(criterion: Criterion, role: Role, m: MetricPair, holds: boolean | null): string {
  const f = (v: number | null) => formatValue(m.kind, v);
  const values = m.before === null && needsOnlyAfter(criterion.op) ? `${m.label}: ${f(m.after)}` : `${m.label}: ${f(m.before)} → ${f(m.after)}${change(m)}`;
  const detail = m.detail ? ` (${m.detail})` : '';
  const target = `${role === 'success' ? 'wanted' : 'fires when'}: ${targetText(criterion)}`;
  const unknown = holds === null ? ` — ${whyUnknown(criterion.op, m)}` : '';
  return `${values}${detail}; ${target}${unknown}`;
}

const needsOnlyAfter = (op: Operator) => !op.endsWith('Before') && op !== 'reduceBy' && op !== 'increaseBy';

function change(m: MetricPair): string {
  if (m.before === null || m.after === null || m.before === 0 || m.kind === 'flag') return '';
  const pct = Math.round(((m.after - m.before) / m.before) * 100);
  return ` (${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct)} %)`;
}

/** The criterion's target in words, e.g. "down by at least 20 %" or "at most 0". */
export function targetText(c: Criterion): string {
  const kind = describeMetric(c.metric).kind;
  if (c.op === 'reduceBy' || c.op === 'increaseBy') return operatorWords(c.op, String(c.target));
  const target = formatValue(kind, c.target ?? null);
  // a yes/no metric reads better as the bare answer: "fires when: no"
  return c.op === 'equals' && kind === 'flag' ? target : operatorWords(c.op, target);
}

function whyUnknown(op: Operator, m: MetricPair): string {
  if (m.after === null) return m.kind === 'flag' ? 'not known' : 'not measurable after the fix (no item had an outcome)';
  if (m.before === null) return 'not measurable before the fix';
  if (op === 'reduceBy' && m.before === 0) return 'it was already 0 before, nothing to reduce';
  return 'not measurable';
}
