import { describe, expect, it } from 'vitest';
import { pairOutcomes, signTest } from '../../../../main/engine/verify/paired.ts';
import { item, pass } from './passes.ts';

describe('signTest: the exact two-sided sign test', () => {
  // reference values: exact binomial tails, as R's binom.test(x, n, 0.5) gives them
  it.each([
    [0, 1, 1],
    [0, 5, 0.0625],
    [0, 6, 0.03125],
    [1, 9, 0.021484375],
    [2, 8, 0.109375],
    [5, 15, 0.04138946533203125],
    [7, 13, 0.26317596435546875],
    [10, 10, 1],
    [12, 0, 0.00048828125],
    [0, 20, 1.9073486328125e-6],
    [40, 60, 0.05688793364098079],
    [450, 550, 0.0017305360849763176],
    [0, 100, 1.5777218104420236e-30],
  ])('%i fail→ok against %i ok→fail gives p = %d', (a, b, p) => {
    expect(signTest(a, b)).toBeCloseTo(p, 15);
    expect(signTest(a, b)! / p).toBeCloseTo(1, 12);
  });

  it('is symmetric and never above 1', () => {
    for (let a = 0; a <= 30; a++) for (let b = 0; b <= 30; b++) if (a + b > 0) expect(signTest(a, b)).toBe(signTest(b, a));
    expect(signTest(3, 3)).toBe(1);
  });

  it('has no p-value without a discordant pair', () => {
    expect(signTest(0, 0)).toBeNull();
  });
});

describe('pairOutcomes', () => {
  it('counts each item by its outcome before and after, and leaves items without an outcome on one side unpaired', () => {
    const before = pass('baseline', [item('failed'), item('failed'), item('ok'), item('ok'), item('failed'), item('unknown'), item('ok'), item('timeout')]);
    const after = pass('after', [item('ok'), item('ok'), item('failed'), item('ok'), item('failed'), item('ok'), item('unknown'), item('ok')]);
    expect(pairOutcomes(before, after)).toEqual({ failToOk: 2, okToFail: 1, okToOk: 1, failToFail: 1, unpaired: 3, pValue: 1 });
  });

  it('counts an item missing from the before pass as unpaired', () => {
    const before = pass('aggregated', []);
    expect(pairOutcomes(before, pass('after', [item('ok')]))).toMatchObject({ unpaired: 1, pValue: null });
  });

  it('gives the p-value of the split', () => {
    const before = pass('baseline', Array.from({ length: 10 }, () => item('failed')));
    const after = pass('after', Array.from({ length: 10 }, () => item('ok')));
    expect(pairOutcomes(before, after).pValue).toBe(0.001953125);
  });
});
