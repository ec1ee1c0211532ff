import { describe, expect, it } from 'vitest';
import type { AgentMetrics, ItemRecord, Metrics } from '../../../../shared/metrics.ts';
import { agentMeasurements, chooseEvaluationItems } from '../../../../main/engine/loop/measure.ts';
import { MAX_EVALUATION_ITEMS } from '../../../../main/engine/loop/measurement.ts';
import type { RefreshOutcome } from '../../../../main/engine/verify/index.ts';
import { agentMetrics, metricsOf } from '../../../helpers/metrics.ts';

const item = (ratingKey: string, outcome: ItemRecord['outcome'], lastSeen: string, signatures: Record<string, number> = {}): ItemRecord => ({ ratingKey, title: `Film ${ratingKey}`, guid: `com.plexapp.agents.x://${ratingKey}?lang=en`, outcome, signatures, markers: {}, lastSeen });

const agent = (name: string, items: ItemRecord[]): AgentMetrics => agentMetrics(name, items);
const metrics = (...agents: AgentMetrics[]): Metrics => metricsOf(agents);

describe('the evaluation items', () => {
  it('are, per agent, the most recent items with a known outcome, up to the limit', () => {
    const m = metrics(
      agent('GEVI', [item('1', 'ok', '2026-02-01T10:00:00.000Z'), item('2', 'failed', '2026-02-01T11:00:00.000Z'), item('3', 'unknown', '2026-02-01T12:00:00.000Z'), item('4', 'ok', '2026-02-01T09:00:00.000Z')]),
      agent('AEBN', [item('9', 'failed', '2026-02-01T08:00:00.000Z')]),
    );
    expect(chooseEvaluationItems(m, 2).map((i) => `${i.agent}:${i.ratingKey}`)).toEqual(['AEBN:9', 'GEVI:2', 'GEVI:1']);
    expect(chooseEvaluationItems(m, 2)[0]).toEqual({ agent: 'AEBN', identifier: 'com.plexapp.agents.AEBN', ratingKey: '9', title: 'Film 9', guid: 'com.plexapp.agents.x://9?lang=en' });
  });

  it('are at most 100 in all, every agent keeping its share', () => {
    const many = (name: string, n: number) => agent(name, Array.from({ length: n }, (_, i) => item(`${name.length}${i + 100}`, 'ok', `2026-02-01T10:${String(i % 60).padStart(2, '0')}:00.000Z`)));
    const m = metrics(many('A', 80), many('BB', 80), many('CCC', 3));
    const chosen = chooseEvaluationItems(m, 60);
    expect(chosen).toHaveLength(MAX_EVALUATION_ITEMS);
    expect(['A', 'BB', 'CCC'].map((a) => chosen.filter((i) => i.agent === a).length)).toEqual([49, 48, 3]);
  });
});

describe('what a measurement counts', () => {
  it('per agent: finished refreshes, the actionable errors of those items, their outcomes', () => {
    const m = metrics(agent('GEVI', [item('1', 'failed', '2026-02-01T10:00:00.000Z', { 'iafd-url-error': 3, 'pgma-info-as-error': 7 }), item('2', 'ok', '2026-02-01T10:00:00.000Z', {}), item('3', 'failed', '2026-02-01T10:00:00.000Z', { 'iafd-url-error': 5 })]));
    const items = ['1', '2', '3', '4'].map((rk) => ({ agent: 'GEVI', identifier: 'com.plexapp.agents.GEVI', ratingKey: rk, title: '' }));
    const refreshes = new Map<string, RefreshOutcome>([
      ['1', { state: 'finished', elapsedMs: 10 }],
      ['2', { state: 'finished', elapsedMs: 10 }],
      ['3', { state: 'timeout', elapsedMs: 10 }],
      ['4', { state: 'finished', elapsedMs: 10 }],
    ]);
    // item 3 timed out: its lines do not count; item 4 logged nothing: refreshed, no outcome;
    // pgma-info-as-error is not actionable
    expect(agentMeasurements(m, items, refreshes)).toEqual([{ agent: 'GEVI', identifier: 'com.plexapp.agents.GEVI', refreshed: 3, actionableErrors: 3, itemsWithOutcome: 2, ok: 1 }]);
  });
});
