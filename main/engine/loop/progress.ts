// The run's progress as the seed tracks it ("Fixes Attempted: 3 … Status: Slowing progress, may
// plateau soon"): as `LoopProgress` for the popover, and as the block the CLI prints after every
// iteration. Computed from the state, never stored, so it can never disagree with it.
import type { z } from 'zod';
import type { LoopProgressSchema } from '../../../shared/ipc.ts';
import { improvementPct, isLow, PLATEAU_ITERATIONS } from './exit-conditions.ts';
import { improvementText, pctText, pointsText, shareText } from './format.ts';
import { errorsPerItem, successRate, totals, type Measurement } from './measurement.ts';
import type { AttemptOutcome, LoopState } from './state.ts';

export type LoopProgress = z.infer<typeof LoopProgressSchema>;

/** outcomes of a fix that was applied at some point */
const APPLIED: ReadonlySet<AttemptOutcome> = new Set(['kept', 'rolled-back', 'monitor', 'modify']);

export interface ProgressInput {
  outcomes: readonly (AttemptOutcome | null)[];
  baseline: Measurement | null;
  /** the latest measurement (the baseline until an iteration has ended) */
  latest: Measurement | null;
  /** finished iterations' improvements, oldest first */
  improvements: readonly (number | null)[];
  plateauPct: number;
}

export function progressOf(state: LoopState): LoopProgress {
  const finished = state.iterations.filter((i) => i.measurement !== null);
  return computeProgress({
    outcomes: state.iterations.flatMap((i) => i.attempts.map((a) => a.outcome)),
    baseline: state.baseline,
    latest: finished.at(-1)?.measurement ?? state.baseline,
    improvements: finished.map((i) => i.improvementPct),
    plateauPct: state.settings.plateauPct,
  });
}

export function computeProgress(p: ProgressInput): LoopProgress {
  const base = p.baseline ? totals(p.baseline) : null;
  const now = p.latest ? totals(p.latest) : null;
  const errorReductionPct = base && now ? improvementPct(errorsPerItem(base), errorsPerItem(now)) : null;
  const recent = p.improvements.slice(-2).filter((i): i is number => i !== null);
  return {
    fixesAttempted: p.outcomes.filter((o) => o !== null && APPLIED.has(o)).length,
    fixesKept: p.outcomes.filter((o) => o === 'kept').length,
    fixesRolledBack: p.outcomes.filter((o) => o === 'rolled-back').length,
    errorReductionPct,
    itemSuccessRate: { baseline: base ? successRate(base) : null, now: now ? successRate(now) : null },
    recentImprovementPct: recent,
    statusLine: statusLine(p.improvements, errorReductionPct, p.plateauPct),
  };
}

/** One line on where the run stands, from the iterations' improvements. */
export function statusLine(improvements: readonly (number | null)[], errorReductionPct: number | null, plateauPct: number): string {
  if (improvements.length === 0) return 'First iteration under way';
  if (errorReductionPct !== null && errorReductionPct < 0) return 'Worse than before the run began';
  const recent = improvements.slice(-PLATEAU_ITERATIONS);
  if (recent.length === PLATEAU_ITERATIONS && recent.every((i) => isLow(i, plateauPct))) return 'No real progress lately: the loop has reached a plateau';
  const last = improvements.at(-1)!;
  if (isLow(last, plateauPct)) return 'Little progress in the last iteration: one more like it ends the loop';
  const previous = improvements.at(-2);
  if (previous !== undefined && previous !== null && last! < previous) return 'Slowing progress, may plateau soon';
  return 'Good progress';
}

/** The seed's progress block, as terminal lines. */
export function renderProgress(iteration: number, p: LoopProgress, finished: boolean): string[] {
  const failed = p.fixesRolledBack;
  const rate = p.itemSuccessRate;
  const points = rate.baseline !== null && rate.now !== null ? ` (${pointsText((rate.now - rate.baseline) * 100)})` : '';
  return [
    `ITERATION ${iteration} ${finished ? 'COMPLETE' : 'UNDER WAY'}`,
    '',
    'Overall Progress:',
    `  Fixes Attempted: ${p.fixesAttempted}`,
    `  Fixes Successful: ${p.fixesKept}`,
    `  Fixes Failed: ${failed}`,
    '',
    `  Total Error Reduction: ${p.errorReductionPct === null ? 'not measurable yet' : pctText(p.errorReductionPct)}`,
    `  Success Rate: ${shareText(rate.baseline)} → ${shareText(rate.now)}${points}`,
    '',
    `Last ${p.recentImprovementPct.length === 1 ? 'Iteration' : '2 Iterations'} Improvement: ${p.recentImprovementPct.length ? p.recentImprovementPct.map(improvementText).join(', ') : 'none measured yet'}`,
    `Status: ${p.statusLine}`,
  ];
}
