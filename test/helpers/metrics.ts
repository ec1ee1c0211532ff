// Metrics built by hand for tests: an agent with the items given, and the aggregation that
// holds agents, checked against the shared schema so every fixture holds to the contract.
import { MetricsSchema, type AgentMetrics, type ItemRecord, type Metrics } from '../../shared/metrics.ts';

/** An agent of `com.plexapp.agents.<name>` with `items`; no signatures unless given. */
export function agentMetrics(name: string, items: ItemRecord[], extra: Partial<AgentMetrics> = {}): AgentMetrics {
  return {
    agent: name,
    identifier: `com.plexapp.agents.${name}`,
    records: 1,
    signatures: {},
    unknownPatterns: [],
    items: Object.fromEntries(items.map((i) => [i.ratingKey, i])),
    unattributed: 0,
    pluginStarts: [],
    firstRecord: null,
    lastRecord: null,
    ...extra,
  };
}

/** An aggregation of `agents` (by name) read from /logs at `generatedAt`, no window unless given. */
export function metricsOf(agents: AgentMetrics[], extra: Partial<Omit<Metrics, 'agents'>> = {}): Metrics {
  return MetricsSchema.parse({
    schemaVersion: 1,
    generatedAt: '2026-02-01T12:00:00.000Z',
    window: { since: null, until: null },
    logsDir: '/logs',
    files: [],
    skipped: [],
    ...extra,
    agents: Object.fromEntries(agents.map((a) => [a.agent, a])),
  });
}
