import { describe, expect, it } from 'vitest';
import { agentMetrics, metricsOf } from '../../../helpers/metrics.ts';
import { passFromBaseline, passFromRecords, TestPassSchema } from '../../../../main/engine/verify/pass.ts';
import type { TestPlan } from '../../../../main/engine/verify/plan.ts';
import type { RefreshOutcome } from '../../../../main/engine/verify/refresh-items.ts';
import { log, recordsFromText } from '../logs/records-from-text.ts';

const plan: TestPlan = {
  fixId: 'iafd-headers',
  agents: [{ agent: 'GEVI', identifier: 'com.plexapp.agents.GEVI' }],
  items: ['431', '432', '433', '434'].map((rk) => ({ agent: 'GEVI', ratingKey: rk, baselineRatingKey: rk === '431' ? '401' : rk, title: `Film ${rk}`, reason: 'addressed-signature' as const })),
  notes: [],
};

const at = (s: string) => `2026-02-01 11:${s}`;
const line = (time: string, thread: string, level: string, where: string, msg: string) => `${at(time)} (${thread}) :  ${level} (${where}) - ${msg}`;
const start = (time: string) => [line(time, '1fc90ec40', 'INFO', 'core:349', 'Starting framework core - Version: 2.6.3, Build: 72f9ed8'), line(time, '1fc90ec40', 'INFO', 'core:611', 'Started plug-in')];
const update = (time: string, rk: string, cast: number, iafdErrors: number) => [
  line(time, '16da7f000', 'DEBUG', 'runtime:717', 'Handling request GET /:/plugins/com.plexapp.agents.GEVI/messaging/function/X0FnZW50S2l0OlVwZGF0ZU1ldGFkYXRh/e30_/e30_'),
  line(time, '16da7f000', 'DEBUG', 'networking:144', `Requesting 'http://127.0.0.1:32400/library/metadata/${rk}/tree'`),
  line(time, '16da7f000', 'INFO', 'sandbox:19', 'GEVI  - UPDATE CALLED'),
  ...Array.from({ length: iafdErrors }, () => line(time, '16da7f000', 'ERROR', 'networking:197', "Error opening URL 'https://www.iafd.com/results.asp?searchtype=comprehensive&searchstring=A'")),
  line(time, '16da7f000', 'INFO', 'sandbox:19', `GEVI  - UTILS :: ${'2e. Cast'.padEnd(30)}${cast} - []`),
  line(time, '16da7f000', 'INFO', 'sandbox:19', `GEVI  - UTILS :: ${'2d. Genres'.padEnd(30)}${cast} - []`),
  line(time, '16da7f000', 'DEBUG', 'runtime:918', 'Response: [200] str, 16 bytes'),
];

const refreshes = new Map<string, RefreshOutcome>([
  ['431', { state: 'finished', elapsedMs: 3100, detectedBy: 'activity' }],
  ['432', { state: 'timeout', elapsedMs: 120_000 }],
  ['433', { state: 'missing', elapsedMs: 20 }],
  ['434', { state: 'finished', elapsedMs: 2900, detectedBy: 'poll' }],
]);

function evidence(text: string, skipped: Parameters<typeof passFromRecords>[0]['skipped'] = []) {
  return passFromRecords({ plan, kind: 'after', refreshes, records: recordsFromText(text), skipped, logsDir: '/logs', startedAt: new Date('2026-02-01T11:00:00Z'), finishedAt: new Date('2026-02-01T11:10:00Z') });
}

describe('passFromRecords: the fresh records of one pass, per item', () => {
  it('gives each refreshed item its outcome, signatures, markers, time and how its end was noticed', () => {
    const p = TestPassSchema.parse(evidence(log([...update('04:00,000', '431', 3, 2), ...update('04:05,000', '432', 0, 1)])));
    expect(p.items['431']).toEqual({ outcome: 'ok', signatures: { 'iafd-url-error': 2 }, markers: { cast: 3, genres: 3 }, durationMs: 3100, detectedBy: 'activity' });
    // Plex did not finish it in time: a timeout, whatever its lines said
    expect(p.items['432']).toMatchObject({ outcome: 'timeout', signatures: { 'iafd-url-error': 1 } });
    expect(p.items['433']).toMatchObject({ outcome: 'missing', durationMs: 20 });
    // finished, but the log said nothing about it
    expect(p.items['434']).toEqual({ outcome: 'unknown', signatures: {}, markers: {}, durationMs: 2900, detectedBy: 'poll' });
    expect(p.signatures).toEqual(['iafd-url-error']);
    expect(p).toMatchObject({ kind: 'after', fixId: 'iafd-headers', startedAt: '2026-02-01T11:00:00.000Z', pluginStarts: [], lostInput: [] });
  });

  it('tells a lazy first start (before any request) from a restart after the agent had worked', () => {
    const p = evidence(log([...start('03:00,000'), ...update('04:00,000', '431', 3, 0), ...start('05:00,000'), ...update('06:00,000', '434', 2, 0)]));
    expect(p.pluginStarts.map((s) => [s.ok, s.midTest])).toEqual([
      [true, false],
      [true, true],
    ]);
  });

  it('keeps what could not be read: a log deleted before it was read to the end', () => {
    const p = evidence(log(update('04:00,000', '431', 3, 0)), [{ file: 'PMS Plugin Logs/com.plexapp.agents.GEVI.log.5', reason: 'gone', count: 1 }]);
    expect(p.lostInput).toEqual([{ file: 'PMS Plugin Logs/com.plexapp.agents.GEVI.log.5', reason: 'gone', count: 1 }]);
  });
});

describe('passFromBaseline: the "before" of a test without pre-test', () => {
  it('takes each item as the aggregated baseline saw it, under the key it had then', () => {
    const baseline = metricsOf(
      [
        agentMetrics(
          'GEVI',
          [
            { ratingKey: '401', title: 'Film 431', outcome: 'failed', signatures: { 'iafd-url-error': 4 }, markers: { cast: 0 }, lastSeen: '2026-02-01T10:00:00.000Z' },
            { ratingKey: '432', outcome: 'ok', signatures: {}, markers: {}, lastSeen: '2026-02-01T10:00:00.000Z' },
          ],
          {
            records: 10,
            signatures: {
              'iafd-url-error': { id: 'iafd-url-error', severity: 'warn', actionable: true, items: 1, count: 4, examples: [] },
              'iafd-cfscrape-fallback': { id: 'iafd-cfscrape-fallback', severity: 'info', actionable: false, items: 1, count: 4, examples: [] },
            },
          },
        ),
      ],
      { window: { since: '2026-01-31T12:00:00.000Z', until: null } },
    );
    const p = passFromBaseline(plan, baseline);
    expect(p.kind).toBe('aggregated');
    expect(p.items).toEqual({
      '431': { outcome: 'failed', signatures: { 'iafd-url-error': 4 }, markers: { cast: 0 }, durationMs: null },
      '432': { outcome: 'ok', signatures: {}, markers: {}, durationMs: null },
    });
    expect(p.signatures).toEqual(['iafd-url-error']);
    expect(p.startedAt).toBe('2026-01-31T12:00:00.000Z');
  });
});
