// Measuring the whole system the same way every time: the evaluation items (chosen once from the
// first aggregation: per agent, the most recent items with an outcome) are refreshed once, and
// only the log lines written meanwhile are aggregated — the fresh logs a new iteration starts from.
// The same items, one refresh each, so two measurements compare per refreshed item (design.md).
import type { Metrics } from '../../../shared/metrics.ts';
import { metricsFromRecords, signatureById } from '../logs/index.ts';
import { RefreshWatcher } from '../plex/index.ts';
import { locateItems, refreshItems, type RefreshOutcome } from '../verify/index.ts';
import type { Run } from './context.ts';
import { plural } from './format.ts';
import { MAX_EVALUATION_ITEMS, type AgentMeasurement, type EvaluationItem, type Measurement } from './measurement.ts';

/** Per agent, up to `perAgent` items that had an outcome (ok or failed), newest first; taken in
 *  turns across the agents so that a cap on the total leaves every agent its share. */
export function chooseEvaluationItems(metrics: Metrics, perAgent: number, total = MAX_EVALUATION_ITEMS): EvaluationItem[] {
  const queues = Object.values(metrics.agents)
    .sort((a, b) => a.agent.localeCompare(b.agent))
    .map((agent) =>
      Object.values(agent.items)
        .filter((i) => i.outcome !== 'unknown')
        .sort((x, y) => y.lastSeen.localeCompare(x.lastSeen) || Number(x.ratingKey) - Number(y.ratingKey))
        .slice(0, perAgent)
        .map((i): EvaluationItem => ({ agent: agent.agent, identifier: agent.identifier, ratingKey: i.ratingKey, title: i.title ?? '', ...(i.guid ? { guid: i.guid } : {}) })),
    );
  const chosen: EvaluationItem[] = [];
  for (let round = 0; chosen.length < total && queues.some((q) => q.length > round); round++) {
    for (const q of queues) if (q[round] && chosen.length < total) chosen.push(q[round]!);
  }
  // measured and reported agent by agent
  return chosen.sort((a, b) => a.agent.localeCompare(b.agent));
}

export interface MeasureResult {
  metrics: Metrics;
  measurement: Measurement;
  /** the items as Plex knows them now (a re-added item has a new ratingKey) */
  items: EvaluationItem[];
}

/** Refreshes the evaluation items once and aggregates exactly the lines written meanwhile. */
export async function measure(run: Run, items: readonly EvaluationItem[], metricsFile: string): Promise<MeasureResult> {
  const { client, notifications, tailer } = run.deps.session;
  const signal = run.deps.control.abort;
  const located = await locateItems(
    client,
    items.map((i) => ({ agent: i.agent, ratingKey: i.ratingKey, title: i.title || undefined, guid: i.guid, reason: 'other-failure' as const })),
    signal,
  );
  for (const note of located.notes) run.say(note);
  const identifiers = new Map(items.map((i) => [i.agent, i.identifier]));
  const now = located.items.map((i) => ({ agent: i.agent, identifier: identifiers.get(i.agent)!, ratingKey: i.ratingKey, title: i.title, ...(i.guid ? { guid: i.guid } : {}) }));
  run.say(`Measuring: refreshing ${plural(now.length, 'item')} of ${[...new Set(now.map((i) => i.agent))].join(', ')} once and reading only the log lines written meanwhile.`);

  notifications.start();
  await notifications.waitUntilOpen({ timeoutMs: run.deps.pass?.connectTimeoutMs ?? 5_000, signal });
  const checkpoint = await tailer.checkpoint();
  const refreshes = await refreshItems(
    new RefreshWatcher(client, notifications, run.clock),
    now.map((i) => i.ratingKey),
    { ...run.passOptions() },
  );
  const read = await tailer.readSince(checkpoint);
  const metrics = metricsFromRecords(read.records, {
    logsDir: tailer.logsDir,
    agents: [...new Set(now.map((i) => i.identifier))],
    secrets: run.secrets,
    skipped: read.skipped,
    now: run.clock.now(),
    ...(run.deps.timeZone ? { timeZone: run.deps.timeZone } : {}),
  });
  return { metrics, measurement: { at: run.now(), agents: agentMeasurements(metrics, now, refreshes), metricsFile }, items: now };
}

/** Per agent: what its finished refreshes logged, counted on the refreshed items only. */
export function agentMeasurements(metrics: Metrics, items: readonly EvaluationItem[], refreshes: ReadonlyMap<string, RefreshOutcome>): AgentMeasurement[] {
  const byAgent = new Map<string, AgentMeasurement>();
  for (const item of items) {
    const m = byAgent.get(item.agent) ?? { agent: item.agent, identifier: item.identifier, refreshed: 0, actionableErrors: 0, itemsWithOutcome: 0, ok: 0 };
    byAgent.set(item.agent, m);
    if (refreshes.get(item.ratingKey)?.state !== 'finished') continue;
    m.refreshed += 1;
    const seen = metrics.agents[item.agent]?.items[item.ratingKey];
    if (!seen) continue;
    for (const [id, n] of Object.entries(seen.signatures)) if (signatureById.get(id)?.actionable) m.actionableErrors += n;
    if (seen.outcome !== 'unknown') m.itemsWithOutcome += 1;
    if (seen.outcome === 'ok') m.ok += 1;
  }
  return [...byAgent.values()];
}
