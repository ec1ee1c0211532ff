// The order fixes are tried in: impact (distinct items affected × severity weight) over risk.
// A plug-in that does not start affects every one of its items. Fallbacks follow the fix they
// replace; advice (no changes) comes last and is never handed to the loop.
import { isAdviceOnly, type Fix } from '../../../shared/fix.ts';
import type { Verdict } from '../../../shared/decision.ts';
import type { Severity } from '../../../shared/metrics.ts';

export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { crit: 10, err: 4, warn: 2, info: 1, noise: 0 };
export const RISK_DIVISOR: Readonly<Record<Fix['risk'], number>> = { low: 1, medium: 2, high: 4 };

const SEVERITY_WORDS: Readonly<Record<Severity, string>> = { crit: 'critical', err: 'error', warn: 'warning', info: 'information', noise: 'noise' };

export interface Impact {
  /** items the problem touches: items that showed it, or every item when the plug-in is down */
  items: number;
  severity: Severity;
  /** why `items` is what it is, in plain words */
  itemsText: string;
}

export interface Ranked {
  fix: Fix;
  impact: Impact;
}

export function score(r: Ranked): number {
  return (r.impact.items * SEVERITY_WEIGHT[r.impact.severity]) / RISK_DIVISOR[r.fix.risk];
}

/** Sets each fix's priority (1 = first) and priorityReason, and returns them in that order. */
export function prioritize(ranked: readonly Ranked[]): Fix[] {
  const byScore = (a: Ranked, b: Ranked) =>
    score(b) - score(a) || SEVERITY_WEIGHT[b.impact.severity] - SEVERITY_WEIGHT[a.impact.severity] || a.fix.agents[0]!.localeCompare(b.fix.agents[0]!) || a.fix.id.localeCompare(b.fix.id);
  const changing = ranked.filter((r) => !isAdviceOnly(r.fix));
  const advice = ranked.filter((r) => isAdviceOnly(r.fix)).sort(byScore);
  const primaries = changing.filter((r) => !r.fix.alternativeOf || !changing.some((p) => p.fix.id === r.fix.alternativeOf)).sort(byScore);
  const ordered: Ranked[] = [];
  const placeWithFallbacks = (r: Ranked) => {
    ordered.push(r);
    for (const alt of changing.filter((a) => a.fix.alternativeOf === r.fix.id).sort(byScore)) placeWithFallbacks(alt);
  };
  for (const p of primaries) placeWithFallbacks(p);
  return [...ordered, ...advice].map((r, i) => ({ ...r.fix, priority: i + 1, priorityReason: reason(r, i + 1) }));
}

function reason(r: Ranked, rank: number): string {
  const weight = SEVERITY_WEIGHT[r.impact.severity];
  const impact = r.impact.items * weight;
  const s = score(r);
  const figures = `${r.impact.itemsText} × ${weight} for ${SEVERITY_WORDS[r.impact.severity]} = impact ${impact}; ${r.fix.risk} risk (÷ ${RISK_DIVISOR[r.fix.risk]}) → score ${round(s)}`;
  if (isAdviceOnly(r.fix)) return `#${rank}: advice only, so it is listed after every fix that changes code (${figures}).`;
  if (r.fix.alternativeOf) return `#${rank}: the fallback of ${r.fix.alternativeOf}, tried only if that one is rolled back (${figures}).`;
  return `#${rank}: ${figures}.`;
}

const round = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** A fix tried before, and what came of it: its verdict, or null when it ended without one
 *  (it could not be applied, the user skipped it, the test could not run). */
export type Attempts = ReadonlyMap<string, Verdict | null>;

/** The highest-priority fix not tried yet that changes code. A fallback (`alternativeOf`) is
 *  offered only once the fix it replaces was tried and not kept (rolled back, or ended
 *  without a verdict); after KEEP, MONITOR or MODIFY it is not needed. */
export function nextFix(fixes: readonly Fix[], attempted: Attempts): Fix | undefined {
  const ids = new Set(fixes.map((f) => f.id));
  return [...fixes]
    .sort((a, b) => a.priority - b.priority)
    .find((f) => {
      if (isAdviceOnly(f) || attempted.has(f.id)) return false;
      if (!f.alternativeOf || !ids.has(f.alternativeOf)) return true;
      if (!attempted.has(f.alternativeOf)) return false;
      const verdict = attempted.get(f.alternativeOf);
      return verdict === null || verdict === 'ROLLBACK';
    });
}
