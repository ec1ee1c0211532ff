import { describe, expect, it } from 'vitest';
import { formatValue, metricPair, newSignatures, timeoutRate } from '../../../../main/engine/verify/metric-values.ts';
import { comparison, item, pass } from './passes.ts';

// 5 items: two ok, one failed, one without outcome, one timed out
const after = pass('after', [
  item('ok', { 'iafd-url-error': 4, 'iafd-cfscrape-fallback': 4, 'site-field-error': 0 }, { 'found-on-iafd': true, cast: 3 }),
  item('ok', {}, { 'found-on-iafd': false, cast: 0 }),
  item('failed', { 'iafd-url-error': 2, 'site-field-error': 4 }, { cast: 0 }),
  item('unknown', { 'iafd-url-error': 6 }),
  item('timeout', { 'iafd-url-error': 1 }),
]);
const before = pass('baseline', [item('failed'), item('failed'), item('failed'), item('ok'), item('ok')]);
const c = comparison(before, after);
const value = (ref: string) => metricPair(ref, c).after;

describe('metric values per refreshed item (shared/fix.ts)', () => {
  it('signature:<id> — occurrences per item with an outcome (ok or failed)', () => {
    expect(value('signature:iafd-url-error')).toBe((4 + 0 + 2) / 3);
  });

  it('items:<id> — the share of items with an outcome that showed it', () => {
    expect(value('items:iafd-url-error')).toBe(2 / 3);
    expect(value('items:site-field-error')).toBe(1 / 3);
  });

  it('marker:<id> — the items whose marker is true or above 0', () => {
    expect(value('marker:found-on-iafd')).toBe(1);
    expect(value('marker:cast')).toBe(1);
    expect(value('marker:genres')).toBe(0);
  });

  it('itemSuccessRate — ok / items with an outcome', () => {
    expect(value('itemSuccessRate')).toBe(2 / 3);
    expect(metricPair('itemSuccessRate', c).before).toBe(2 / 5);
  });

  it('actionableErrorsPerItem — actionable occurrences per item whose refresh ended (info signatures do not count)', () => {
    // iafd-cfscrape-fallback is informational; the timed-out item is not a refreshed item
    expect(value('actionableErrorsPerItem')).toBe((4 + 2 + 4 + 6) / 4);
  });

  it('timeoutRate — timed-out items among those refreshed; none for the aggregated baseline', () => {
    expect(timeoutRate(after)).toBe(1 / 5);
    expect(timeoutRate(pass('after', [item('ok'), item('missing')]))).toBe(0);
    expect(timeoutRate(pass('aggregated', [item('ok')]))).toBeNull();
  });

  it('newSignatures — actionable ids seen after and neither in the baseline nor in the pre-test', () => {
    const withNew = comparison(before, { ...after, signatures: ['iafd-request-exception', 'iafd-url-error', 'site-field-error'] }, { seenBefore: new Set(['iafd-url-error', 'site-field-error']) });
    expect(newSignatures(withNew)).toEqual(['iafd-request-exception']);
    expect(metricPair('newSignatures', withNew)).toMatchObject({ before: null, after: 1, detail: 'iafd-request-exception' });
  });

  it('pluginStarted — 1, 0 or unknown, as the start lines say', () => {
    expect(metricPair('pluginStarted', c)).toMatchObject({ before: null, after: 1 });
    expect(metricPair('pluginStarted', comparison(before, after, { pluginStarted: { value: null, text: 'no start found' } })).after).toBeNull();
  });

  it('is unknown (null), never 0 or 100 %, when no item had an outcome', () => {
    const silent = comparison(before, pass('after', [item('unknown'), item('timeout')]));
    for (const ref of ['signature:iafd-url-error', 'items:iafd-url-error', 'itemSuccessRate']) expect(metricPair(ref, silent).after).toBeNull();
    expect(metricPair('actionableErrorsPerItem', comparison(before, pass('after', [item('timeout')]))).after).toBeNull();
  });
});

describe('formatValue', () => {
  it.each([
    ['rate', 2 / 3, '66.7 %'],
    ['rate', 0.75, '75 %'],
    ['perItem', 4.154, '4.15'],
    ['perItem', 0, '0'],
    ['count', 13, '13'],
    ['flag', 0, 'no'],
    ['flag', 1, 'yes'],
    ['rate', null, 'n/a'],
  ] as const)('%s %s → %s', (kind, v, text) => {
    expect(formatValue(kind, v)).toBe(text);
  });
});
