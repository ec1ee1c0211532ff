import { describe, expect, it } from 'vitest';
import { percent, points, pValue } from '../../../renderer/lib/format.ts';

describe('format', () => {
  it.each([
    [0, '0 %'],
    [0.245, '24.5 %'],
    [0.2449, '24.5 %'],
    [1, '100 %'],
    [0.333333, '33.3 %'],
  ])('percent(%s) = %s', (share, text) => expect(percent(share)).toBe(text));

  it('writes points without a needless decimal', () => {
    expect(points(75)).toBe('75 %');
    expect(points(-81.04)).toBe('-81 %');
  });

  it.each([
    [null, 'no item changed outcome'],
    [0.0004, 'p < 0.001'],
    [0.03125, 'p = 0.031'],
    [1, 'p = 1.000'],
  ])('pValue(%s) = %s', (p, text) => expect(pValue(p)).toBe(text));
});
