// A measurement of the whole system: the evaluation items refreshed once, and what their fresh log
// lines say. The loop takes one before anything changes (the baseline) and one at the end of every
// iteration; the exit conditions and the progress block compare them. Counts are per refreshed
// item (design.md), so two measurements of the same items compare fairly.
import { z } from 'zod';
import { RATING_KEY } from '../../../shared/metrics.ts';

const count = z.number().int().nonnegative();

export const AgentMeasurementSchema = z.object({
  agent: z.string().min(1),
  identifier: z.string().min(1),
  /** refreshes Plex finished (items that timed out or vanished are left out) */
  refreshed: count,
  /** actionable signature occurrences in the records of those refreshes */
  actionableErrors: count,
  /** of the refreshed items: ok or failed (the rest logged no result) */
  itemsWithOutcome: count,
  ok: count,
});
export type AgentMeasurement = z.infer<typeof AgentMeasurementSchema>;

export const MeasurementSchema = z.object({
  at: z.iso.datetime({ offset: false }),
  agents: z.array(AgentMeasurementSchema),
  /** the metrics of the fresh lines, relative to the run folder */
  metricsFile: z.string().min(1),
});
export type Measurement = z.infer<typeof MeasurementSchema>;

/** Refreshes per measurement at most, whatever the number of agents: at a real Plex's 3 s per
 *  refresh, two at a time, 100 items take about 2.5 minutes. */
export const MAX_EVALUATION_ITEMS = 100;

/** The items every measurement refreshes, fixed once from the first aggregation. */
export const EvaluationItemSchema = z.object({
  agent: z.string().min(1),
  identifier: z.string().min(1),
  ratingKey: z.string().regex(RATING_KEY),
  title: z.string(),
  guid: z.string().optional(),
});
export type EvaluationItem = z.infer<typeof EvaluationItemSchema>;

export interface Totals {
  refreshed: number;
  actionableErrors: number;
  itemsWithOutcome: number;
  ok: number;
}

export function totals(m: Pick<Measurement, 'agents'>, agent?: string): Totals {
  const t = { refreshed: 0, actionableErrors: 0, itemsWithOutcome: 0, ok: 0 };
  for (const a of m.agents) {
    if (agent !== undefined && a.agent !== agent) continue;
    t.refreshed += a.refreshed;
    t.actionableErrors += a.actionableErrors;
    t.itemsWithOutcome += a.itemsWithOutcome;
    t.ok += a.ok;
  }
  return t;
}

/** Actionable errors per refreshed item; null when no refresh finished. */
export const errorsPerItem = (t: Totals): number | null => (t.refreshed === 0 ? null : t.actionableErrors / t.refreshed);

/** Items ok / items with an outcome, 0..1; null when none had an outcome. */
export const successRate = (t: Totals): number | null => (t.itemsWithOutcome === 0 ? null : t.ok / t.itemsWithOutcome);
