import { describe, expect, it } from 'vitest';
import { exitAfterIteration, improvementPct, isLow, iterationImprovement, MAX_ITERATIONS, PLATEAU_ITERATIONS, PLATEAU_PCT, regression, type ExitInput } from '../../../../main/engine/loop/exit-conditions.ts';
import { measurement, system } from './measurements.ts';

const base: ExitInput = { iteration: 1, maxIterations: MAX_ITERATIONS, plateauPct: PLATEAU_PCT, improvements: [40], baseline: system(100), latest: system(60), nothingLeft: false };

describe('the numbers behind the exit conditions', () => {
  it('are the design values: 5 % twice in a row, 10 iterations', () => {
    expect([PLATEAU_PCT, PLATEAU_ITERATIONS, MAX_ITERATIONS]).toEqual([5, 2, 10]);
  });

  it.each([
    ['40 → 30 is a 25 % drop', 40, 30, 25],
    ['no change is 0 %', 10, 10, 0],
    ['more errors is a negative improvement', 10, 15, -50],
    ['nothing before and nothing after is no progress', 0, 0, 0],
    ['errors where there were none cannot be a percentage', 0, 3, null],
    ['an unknown side is unknown', null, 3, null],
    ['… either side', 3, null, null],
  ] as const)('improvement: %s', (_what, before, after, expected) => {
    expect(improvementPct(before, after)).toBe(expected);
  });

  it('an iteration improves by the drop of actionable errors per refreshed item, not raw counts', () => {
    // 100 errors on 10 items → 60 errors on 20 items: 10 → 3 per item
    const before = measurement({ GEVI: { refreshed: 10, actionableErrors: 100 } });
    const after = measurement({ GEVI: { refreshed: 20, actionableErrors: 60 } });
    expect(iterationImprovement(before, after)).toBe(70);
  });

  it.each([
    [4.9, true],
    [5, false],
    [-3, true],
    [null, true],
  ] as const)('an improvement of %s counts as low: %s', (improvement, low) => {
    expect(isLow(improvement, PLATEAU_PCT)).toBe(low);
  });
});

describe('regression below the baseline', () => {
  it('is more actionable errors per refreshed item than at the start', () => {
    expect(regression(system(50), system(51))).toBe('5.10 actionable errors per refreshed item, up from 5 at the start');
  });

  it('is a lower item success rate than at the start', () => {
    expect(regression(system(50, 6), system(10, 5))).toBe('50 % of the items updated well, down from 60 % at the start');
  });

  it('names both when both hold', () => {
    expect(regression(system(50, 6), system(60, 5))).toMatch(/^6 actionable errors .*; 50 % of the items updated well/);
  });

  it('is not the same numbers, nor anything unmeasurable', () => {
    expect(regression(system(50), system(50))).toBeNull();
    expect(regression(system(50), measurement({ GEVI: { refreshed: 0, itemsWithOutcome: 0, ok: 0 } }))).toBeNull();
  });
});

describe('which exit, after an iteration', () => {
  it('none while the loop makes progress and has fixes left', () => {
    expect(exitAfterIteration(base)).toBeNull();
  });

  it('regression first, even when other conditions hold too', () => {
    const exit = exitAfterIteration({ ...base, iteration: 10, improvements: [1, 1], latest: system(120), nothingLeft: true });
    expect(exit).toEqual({ reason: 'regression', text: 'The agents do worse than before the run began: 12 actionable errors per refreshed item, up from 10 at the start.' });
  });

  it('plateau: two iterations in a row under 5 %', () => {
    const exit = exitAfterIteration({ ...base, iteration: 3, improvements: [40, 4.9, 0], latest: system(60), nothingLeft: true });
    expect(exit).toEqual({ reason: 'plateau', text: 'Progress has levelled off: each of the last 2 iterations cut the errors per refreshed item by less than 5 % (4.9 %, then 0 %).' });
  });

  it('no plateau after one low iteration, nor when the low ones are not consecutive', () => {
    expect(exitAfterIteration({ ...base, iteration: 2, improvements: [40, 1] })).toBeNull();
    expect(exitAfterIteration({ ...base, iteration: 3, improvements: [1, 40, 2] })).toBeNull();
  });

  it('plateau counts an unmeasurable iteration as no progress', () => {
    expect(exitAfterIteration({ ...base, iteration: 2, improvements: [null, 2] })?.text).toMatch(/\(not measurable, then 2 %\)/);
  });

  it('follows a plateau share the person chose', () => {
    expect(exitAfterIteration({ ...base, iteration: 2, plateauPct: 10, improvements: [8, 9] })?.reason).toBe('plateau');
  });

  it('max iterations after the last iteration allowed', () => {
    expect(exitAfterIteration({ ...base, iteration: 10 })).toEqual({ reason: 'max-iterations', text: 'The loop reached its limit of 10 iterations.' });
    expect(exitAfterIteration({ ...base, iteration: 1, maxIterations: 1 })?.text).toBe('The loop reached its limit of 1 iteration.');
    expect(exitAfterIteration({ ...base, iteration: 9 })).toBeNull();
  });

  it('all fixes attempted when nothing is left and nothing else holds', () => {
    expect(exitAfterIteration({ ...base, nothingLeft: true })).toEqual({ reason: 'all-fixes-attempted', text: 'Every fix the diagnosis proposed has been tried; the fresh logs call for no new one.' });
  });
});
