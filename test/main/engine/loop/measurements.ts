// Measurements for unit tests: a whole system from per-agent numbers.
import type { AgentMeasurement, Measurement } from '../../../../main/engine/loop/measurement.ts';

export type AgentNumbers = Partial<Omit<AgentMeasurement, 'agent' | 'identifier'>>;

/** `measurement({ GEVI: { refreshed: 10, actionableErrors: 40, itemsWithOutcome: 10, ok: 5 } })` */
export function measurement(agents: Record<string, AgentNumbers>, at = '2026-02-01T12:00:00.000Z'): Measurement {
  return {
    at,
    metricsFile: 'iteration_1/metrics_iteration_1.json',
    agents: Object.entries(agents).map(([agent, n]) => ({ agent, identifier: `com.plexapp.agents.${agent}`, refreshed: 10, actionableErrors: 0, itemsWithOutcome: 10, ok: 10, ...n })),
  };
}

/** One agent, ten refreshed items: `errors` actionable errors, `ok` of 10 updated well. */
export const system = (errors: number, ok = 5): Measurement => measurement({ GEVI: { refreshed: 10, actionableErrors: errors, itemsWithOutcome: 10, ok } });
