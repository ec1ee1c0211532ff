// When the loop stops (design.md, Decisions; the seed's exit conditions) — the only place it is
// decided (lessons #18: three versions of the plateau rule once disagreed, and it never fired).
// After every iteration, first match wins:
//  1. regression: the latest measurement is worse than the baseline (more actionable errors per
//     refreshed item, or a lower item success rate) → stop and offer to roll back what was kept
//  2. plateau: the last PLATEAU_ITERATIONS iterations each improved less than the plateau share
//  3. max iterations: this was the last iteration allowed
//  4. all fixes attempted: the next diagnosis proposes no fix that was not tried in this run
// A stop asked for by the person ends the loop at the next safe point, whatever these say.
import { z } from 'zod';
import { improvementText, perItemText, shareText } from './format.ts';
import { errorsPerItem, successRate, totals, type Measurement } from './measurement.ts';

/** An iteration that cuts errors per item by less than this (in %) made no real progress. */
export const PLATEAU_PCT = 5;
/** … and this many of them in a row end the loop. */
export const PLATEAU_ITERATIONS = 2;
export const MAX_ITERATIONS = 10;

export const EXIT_REASONS = ['all-fixes-attempted', 'plateau', 'max-iterations', 'regression', 'user-stop'] as const;
export const ExitReasonSchema = z.enum(EXIT_REASONS);
export type ExitReason = z.infer<typeof ExitReasonSchema>;

export interface Exit {
  reason: ExitReason;
  /** why, in plain words, with the numbers */
  text: string;
}

/** Relative drop from `previous` to `current`, in %: 40 → 30 is 25. null when either is unknown,
 *  or when there was nothing to drop (previous 0) and errors appeared. 0 → 0 is 0: no progress. */
export function improvementPct(previous: number | null, current: number | null): number | null {
  if (previous === null || current === null) return null;
  if (previous === 0) return current === 0 ? 0 : null;
  return ((previous - current) / previous) * 100;
}

/** The iteration's improvement: errors per refreshed item, this measurement against the one before. */
export const iterationImprovement = (previous: Measurement, current: Measurement): number | null => improvementPct(errorsPerItem(totals(previous)), errorsPerItem(totals(current)));

/** How the latest measurement is worse than the baseline, in plain words; null when it is not. */
export function regression(baseline: Measurement, latest: Measurement): string | null {
  const before = totals(baseline);
  const now = totals(latest);
  const reasons: string[] = [];
  const e0 = errorsPerItem(before);
  const e1 = errorsPerItem(now);
  if (e0 !== null && e1 !== null && e1 > e0) reasons.push(`${perItemText(e1)} actionable errors per refreshed item, up from ${perItemText(e0)} at the start`);
  const s0 = successRate(before);
  const s1 = successRate(now);
  if (s0 !== null && s1 !== null && s1 < s0) reasons.push(`${shareText(s1)} of the items updated well, down from ${shareText(s0)} at the start`);
  return reasons.length ? reasons.join('; ') : null;
}

/** An improvement below the plateau share; an unmeasurable one (nothing refreshed, or no errors
 *  left to drop) is no progress either. */
export const isLow = (improvement: number | null, plateauPct: number): boolean => improvement === null || improvement < plateauPct;

export interface ExitInput {
  /** the iteration that just ended (1-based) */
  iteration: number;
  maxIterations: number;
  plateauPct: number;
  /** each finished iteration's improvement, oldest first (the last is this iteration's) */
  improvements: readonly (number | null)[];
  baseline: Measurement;
  latest: Measurement;
  /** the next diagnosis has no fix left that this run has not tried */
  nothingLeft: boolean;
}

export function exitAfterIteration(x: ExitInput): Exit | null {
  const worse = regression(x.baseline, x.latest);
  if (worse) return { reason: 'regression', text: `The agents do worse than before the run began: ${worse}.` };
  const recent = x.improvements.slice(-PLATEAU_ITERATIONS);
  if (recent.length === PLATEAU_ITERATIONS && recent.every((i) => isLow(i, x.plateauPct))) {
    return {
      reason: 'plateau',
      text: `Progress has levelled off: each of the last ${PLATEAU_ITERATIONS} iterations cut the errors per refreshed item by less than ${x.plateauPct} % (${recent.map(improvementText).join(', then ')}).`,
    };
  }
  if (x.iteration >= x.maxIterations) return { reason: 'max-iterations', text: `The loop reached its limit of ${x.maxIterations} ${x.maxIterations === 1 ? 'iteration' : 'iterations'}.` };
  if (x.nothingLeft) return { reason: 'all-fixes-attempted', text: 'Every fix the diagnosis proposed has been tried; the fresh logs call for no new one.' };
  return null;
}

export const USER_STOP: Exit = { reason: 'user-stop', text: 'You stopped the loop.' };
