// The verdict on one fix (design.md, Decisions) — the only place it is made (lessons #18).
// Rules, in order; the first that applies decides and is the first reason:
//  1. a critical failure indicator fired                         → ROLLBACK
//  2. no success criterion could be measured (or there are none) → MODIFY if a minor indicator
//     fired, else MONITOR: the fix is unproven, so it is never kept for good, and nothing says
//     it did harm either (that is what the critical indicators are for)
//  3. criteria met < 50 %                                         → ROLLBACK
//  4. a minor failure indicator fired (criteria met ≥ 50 %)       → MODIFY
//  5. criteria met ≥ 75 %                                         → KEEP
//  6. criteria met 50–74 %                                        → MONITOR
//  7. fewer than 5 items with an outcome after the fix            → at best MONITOR (KEEP becomes
//     MONITOR: too little evidence), said first
// The percentages compare unrounded (74.9 % is below 75 %). The paired counts and the sign-test
// p-value are reported with every verdict; they inform the person, the rules above decide.
import type { CriterionResult, Paired, Verdict } from '../../../shared/decision.ts';
import { plural } from './choose-items.ts';

export const KEEP_PCT = 75;
export const MONITOR_PCT = 50;
export const MIN_ITEMS_WITH_OUTCOME = 5;
/** below this the paired split is called unlikely to be chance */
export const SIGNIFICANT_P = 0.05;

/** The app lets the person move the two thresholds (Settings → thresholds). */
export interface Thresholds {
  keepPct: number;
  monitorPct: number;
}
export const DEFAULT_THRESHOLDS: Thresholds = { keepPct: KEEP_PCT, monitorPct: MONITOR_PCT };

export interface DecisionInput {
  criteria: readonly CriterionResult[];
  indicators: readonly CriterionResult[];
  /** items with an outcome (ok or failed) after the fix */
  itemsWithOutcome: number;
  paired: Paired;
  /** false: there was no pre-test, "before" is the aggregated baseline */
  pairedBaseline: boolean;
  thresholds?: Thresholds;
}

export interface Verdicted {
  verdict: Verdict;
  /** unrounded, 0..100; null when no success criterion could be measured */
  criteriaMetPct: number | null;
  reasons: string[];
}

export function decide(input: DecisionInput): Verdicted {
  const { keepPct, monitorPct } = input.thresholds ?? DEFAULT_THRESHOLDS;
  const measured = input.criteria.filter((c) => c.holds !== null);
  const met = measured.filter((c) => c.holds === true).length;
  const pct = measured.length ? (met / measured.length) * 100 : null;
  const fired = input.indicators.filter((i) => i.holds === true);
  const critical = fired.filter((i) => i.criterion.severity === 'critical');
  const minor = fired.filter((i) => i.criterion.severity !== 'critical');
  const summary = criteriaSummary(input.criteria, met, measured.length, pct);

  let verdict: Verdict;
  const reasons: string[] = [];
  if (critical.length) {
    verdict = 'ROLLBACK';
    for (const i of critical) reasons.push(`Roll back: a critical failure indicator fired — ${i.criterion.description} (${i.text}).`);
    reasons.push(`${summary}.`);
  } else if (pct === null) {
    verdict = minor.length ? 'MODIFY' : 'MONITOR';
    reasons.push(
      `${summary}: the fix is not proven, so it is not kept for good; ${minor.length ? 'a minor failure indicator fired, so the fix needs changing.' : 'nothing shows harm either, so it stays for now and is tested again later.'}`,
    );
  } else if (pct < monitorPct) {
    verdict = 'ROLLBACK';
    reasons.push(`${summary}, below ${monitorPct} %: roll back.`);
  } else if (minor.length) {
    verdict = 'MODIFY';
    reasons.push(`${summary}, but a minor failure indicator fired: keep the idea, change the fix.`);
  } else if (pct >= keepPct) {
    verdict = 'KEEP';
    reasons.push(`${summary}, at least ${keepPct} %, and no failure indicator fired: keep the fix.`);
  } else {
    verdict = 'MONITOR';
    reasons.push(`${summary}, between ${monitorPct} and ${keepPct} %, and no failure indicator fired: keep it for now and test again later.`);
  }
  for (const i of minor) reasons.push(`Minor failure indicator: ${i.criterion.description} (${i.text}).`);
  for (const c of input.criteria) if (c.holds === false) reasons.push(`Not met: ${c.criterion.description} (${c.text}).`);

  if (input.itemsWithOutcome < MIN_ITEMS_WITH_OUTCOME) {
    const n = input.itemsWithOutcome;
    const thin = `${n === 0 ? 'No item' : `Only ${plural(n, 'item')}`} had an outcome after the fix (fewer than ${MIN_ITEMS_WITH_OUTCOME}): too little evidence`;
    if (verdict === 'KEEP') {
      verdict = 'MONITOR';
      reasons.unshift(`${thin} to keep it for good, so MONITOR: test it again later.`);
    } else {
      reasons.push(`${thin} for a firm verdict.`);
    }
  }
  reasons.push(pairedReason(input.paired, input.pairedBaseline));
  return { verdict, criteriaMetPct: pct, reasons };
}

function criteriaSummary(criteria: readonly CriterionResult[], met: number, measured: number, pct: number | null): string {
  const unmeasured = criteria.length - measured;
  if (criteria.length === 0) return 'The fix has no success criteria';
  if (pct === null) return criteria.length === 1 ? 'Its one success criterion could not be measured' : `None of its ${criteria.length} success criteria could be measured`;
  return `Met ${met} of ${measured} success criteria (${formatPct(pct)}${unmeasured ? `; ${unmeasured} more could not be measured` : ''})`;
}

/** One decimal, rounded down: 74.96 % must not read as 75 % next to a MONITOR. */
export function formatPct(pct: number): string {
  const shown = Math.floor(pct * 10) / 10;
  return `${Number.isInteger(shown) ? shown : shown.toFixed(1)} %`;
}

function pairedReason(p: Paired, paired: boolean): string {
  const split = `${plural(p.failToOk, 'item')} went from failed to ok, ${p.okToFail} from ok to failed`;
  const chance =
    p.pValue === null ? 'no item changed between ok and failed' : `sign test p = ${formatP(p.pValue)}: ${p.pValue < SIGNIFICANT_P ? 'unlikely to be chance' : 'could be chance'}`;
  if (paired) return `Paired test on the same items, before and after the fix: ${split} (${chance}).`;
  return `No paired pre-test: compared with the aggregated baseline only, which may count several refreshes per item: ${split} (${chance}).`;
}

export function formatP(p: number): string {
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}
