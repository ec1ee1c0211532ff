import { describe, expect, it } from 'vitest';
import { describeErrorRate, sparklinePath } from '../../../renderer/lib/sparkline.ts';

const point = (rate: number | null) => ({ at: '2026-03-02T10:00:00.000Z', rate, itemsWithOutcome: rate === null ? 0 : 10 });

describe('sparklinePath', () => {
  it('draws 0 % at the bottom and 100 % at the top, left to right', () => {
    expect(sparklinePath([0, 1], 100, 20, 0)).toBe('M0 20 L100 0');
  });

  it('breaks the line where a scan had no rate, and draws a lone point as a dot', () => {
    expect(sparklinePath([0.5, null, 0.5, 0.5], 30, 10, 0)).toBe('M0 5h0 M20 5 L30 5');
  });

  it('centres a single point', () => {
    expect(sparklinePath([0.25], 40, 10, 0)).toBe('M20 7.5h0');
  });

  it('draws nothing without a rate', () => {
    expect(sparklinePath([], 40, 10)).toBe('');
    expect(sparklinePath([null, null], 40, 10)).toBe('');
  });

  it('keeps out-of-range values inside the box', () => {
    expect(sparklinePath([-0.5, 1.5], 10, 10, 0)).toBe('M0 10 L10 0');
  });
});

describe('describeErrorRate', () => {
  it.each([
    [[], 'Not scanned yet'],
    [[point(null)], 'No item had an outcome yet'],
    [[point(0.2)], '20 % of items failed'],
    [[point(0.7), point(null), point(0.35)], '35 % of items failed (was 70 %, 2 scans)'],
  ])('%j → %s', (points, text) => {
    expect(describeErrorRate(points)).toBe(text);
  });
});
