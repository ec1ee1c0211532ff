// One test pass: the plan's items refreshed once, and what the log lines written meanwhile say
// about each of them. `baseline` is the paired pre-test (before the fix), `after` the test of the
// applied fix; `aggregated` stands in for the pre-test when there was none (--no-pre-test): the
// same items as the aggregated baseline saw them. Persisted by the loop between the two passes.
import { z } from 'zod';
import { ItemPassSchema, type ItemPass } from '../../../shared/decision.ts';
import { FIX_ID } from '../../../shared/fix.ts';
import { RATING_KEY, SIGNATURE_ID, SkipReasonSchema, type Metrics } from '../../../shared/metrics.ts';
import { metricsFromRecords, type LogRecord, type SkippedInput } from '../logs/index.ts';
import { agentsOf } from './choose-items.ts';
import type { TestPlan } from './plan.ts';
import type { RefreshOutcome } from './refresh-items.ts';

const isoUtc = z.iso.datetime({ offset: false });

export const PluginStartSeenSchema = z.object({
  agent: z.string(),
  at: isoUtc,
  ok: z.boolean(),
  reason: z.string().optional(),
  /** the agent had already worked on items in this pass: a crash or a restart, not a lazy first start */
  midTest: z.boolean(),
});
export type PluginStartSeen = z.infer<typeof PluginStartSeenSchema>;

export const TestPassSchema = z.object({
  fixId: z.string().regex(FIX_ID),
  kind: z.enum(['baseline', 'after', 'aggregated']),
  startedAt: isoUtc.nullable(),
  finishedAt: isoUtc.nullable(),
  /** keyed by the plan's ratingKey */
  items: z.record(z.string().regex(RATING_KEY), ItemPassSchema),
  /** actionable signature ids the fix's agents logged in this pass */
  signatures: z.array(z.string().regex(SIGNATURE_ID)),
  pluginStarts: z.array(PluginStartSeenSchema),
  /** log input that could not be read (a file deleted mid-test loses lines: said in the report) */
  lostInput: z.array(z.object({ file: z.string(), reason: SkipReasonSchema, count: z.number().int().positive() })),
});
export type TestPass = z.infer<typeof TestPassSchema>;

export interface EvidenceInput {
  plan: TestPlan;
  kind: 'baseline' | 'after';
  refreshes: ReadonlyMap<string, RefreshOutcome>;
  /** the records written since the checkpoint taken before the first refresh, in written order per log */
  records: readonly LogRecord[];
  skipped: readonly SkippedInput[];
  logsDir: string;
  secrets?: readonly string[];
  startedAt: Date;
  finishedAt: Date;
}

/** Fresh records → per-item results: the after-metrics of exactly the refreshes of this pass. */
export function passFromRecords(input: EvidenceInput): TestPass {
  const { plan } = input;
  const metrics = metricsFromRecords(input.records, {
    logsDir: input.logsDir,
    agents: plan.agents.map((a) => a.identifier),
    secrets: input.secrets,
    skipped: input.skipped,
    now: input.finishedAt,
  });
  const items: Record<string, ItemPass> = {};
  for (const item of plan.items) {
    const refresh = input.refreshes.get(item.ratingKey);
    if (!refresh) continue;
    const seen = metrics.agents[item.agent]?.items[item.ratingKey];
    items[item.ratingKey] = {
      outcome: refresh.state === 'finished' ? (seen?.outcome ?? 'unknown') : refresh.state,
      signatures: seen?.signatures ?? {},
      markers: seen?.markers ?? {},
      durationMs: refresh.elapsedMs,
      ...(refresh.detectedBy ? { detectedBy: refresh.detectedBy } : {}),
    };
  }
  return {
    fixId: plan.fixId,
    kind: input.kind,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    items,
    signatures: actionableSignatures(metrics, plan),
    pluginStarts: pluginStartsSeen(metrics, plan, input.records),
    lostInput: input.skipped.filter((s) => s.reason === 'gone' || s.reason === 'unreadable').map(({ file, reason, count }) => ({ file, reason, count })),
  };
}

/** The plan's items as the aggregated baseline saw them: the "before" of a test without pre-test. */
export function passFromBaseline(plan: TestPlan, baseline: Metrics): TestPass {
  const items: Record<string, ItemPass> = {};
  for (const item of plan.items) {
    const seen = baseline.agents[item.agent]?.items[item.baselineRatingKey];
    if (seen) items[item.ratingKey] = { outcome: seen.outcome, signatures: seen.signatures, markers: seen.markers, durationMs: null };
  }
  return {
    fixId: plan.fixId,
    kind: 'aggregated',
    startedAt: baseline.window.since,
    finishedAt: baseline.window.until,
    items,
    signatures: actionableSignatures(baseline, plan),
    pluginStarts: [],
    lostInput: [],
  };
}

function actionableSignatures(metrics: Metrics, plan: TestPlan): string[] {
  const ids = new Set<string>();
  for (const a of agentsOf(metrics, { agents: plan.agents.map((x) => x.agent) }).agents) {
    for (const s of Object.values(a.signatures)) if (s.actionable && s.count > 0) ids.add(s.id);
  }
  return [...ids].sort();
}

const ITEM_REQUEST = /^Handling request GET \/:\/plugins\/[^/]+\/messaging\/function\//;

/** A plug-in start seen in the pass is "mid-test" when the agent had handled an item request
 *  before it: a crash or a restart. A start before any request is the lazy first start some
 *  agents make when they are first used after a reload (plex-facts.md §5.1). */
function pluginStartsSeen(metrics: Metrics, plan: TestPlan, records: readonly LogRecord[]): PluginStartSeen[] {
  const out: PluginStartSeen[] = [];
  for (const { agent, identifier } of plan.agents) {
    const starts = metrics.agents[agent]?.pluginStarts ?? [];
    if (starts.length === 0) continue;
    const id = identifier.toLowerCase();
    const firstRequest = records.find((r) => r.source.toLowerCase() === id && ITEM_REQUEST.test(r.message))?.at;
    for (const s of starts) out.push({ agent, at: s.at, ok: s.ok, ...(s.reason ? { reason: s.reason } : {}), midTest: firstRequest !== undefined && firstRequest < s.at });
  }
  return out;
}
