import { describe, expect, it } from 'vitest';
import { LoopProgressSchema } from '../../../../shared/ipc.ts';
import { computeProgress, renderProgress, statusLine } from '../../../../main/engine/loop/progress.ts';
import { system } from './measurements.ts';

describe('the status line', () => {
  it.each([
    ['before any iteration ended', [], null, 'First iteration under way'],
    ['worse than the start', [10, -30], -5, 'Worse than before the run began'],
    ['two low iterations in a row', [40, 3, 2], 45, 'No real progress lately: the loop has reached a plateau'],
    ['one low iteration', [40, 3], 42, 'Little progress in the last iteration: one more like it ends the loop'],
    ['an unmeasurable iteration', [40, null], 40, 'Little progress in the last iteration: one more like it ends the loop'],
    ['improvement shrinking (the seed: 15 %, 8 %)', [15, 8], 22, 'Slowing progress, may plateau soon'],
    ['improvement growing', [8, 15], 22, 'Good progress'],
    ['one good iteration', [30], 30, 'Good progress'],
  ] as const)('%s', (_what, improvements, reduction, line) => {
    expect(statusLine(improvements, reduction, 5)).toBe(line);
  });
});

describe('the progress of a run', () => {
  it('counts the fixes that were applied, kept and rolled back; skipped, refused and covered ones are not attempts', () => {
    const p = computeProgress({ outcomes: ['kept', 'rolled-back', 'monitor', 'modify', 'kept', 'skipped', 'refused', 'covered', 'failed', null], baseline: system(100, 2), latest: system(58, 4), improvements: [15, 8], plateauPct: 5 });
    expect(LoopProgressSchema.parse(p)).toEqual({
      fixesAttempted: 5,
      fixesKept: 2,
      fixesRolledBack: 1,
      errorReductionPct: expect.closeTo(42, 9),
      itemSuccessRate: { baseline: 0.2, now: 0.4 },
      recentImprovementPct: [15, 8],
      statusLine: 'Slowing progress, may plateau soon',
    });
  });

  it('keeps only measured improvements, the last two', () => {
    expect(computeProgress({ outcomes: [], baseline: system(10), latest: system(10), improvements: [50, null, 3], plateauPct: 5 }).recentImprovementPct).toEqual([3]);
  });

  it('says "unknown" rather than inventing numbers before anything was measured', () => {
    const p = computeProgress({ outcomes: [], baseline: null, latest: null, improvements: [], plateauPct: 5 });
    expect(p).toMatchObject({ errorReductionPct: null, itemSuccessRate: { baseline: null, now: null }, recentImprovementPct: [], statusLine: 'First iteration under way' });
  });

  it('prints the block of the seed', () => {
    const p = computeProgress({ outcomes: ['kept', 'kept', 'rolled-back'], baseline: system(100, 1), latest: system(58, 3), improvements: [20, 15, 8], plateauPct: 5 });
    expect(renderProgress(3, p, true)).toEqual([
      'ITERATION 3 COMPLETE',
      '',
      'Overall Progress:',
      '  Fixes Attempted: 3',
      '  Fixes Successful: 2',
      '  Fixes Failed: 1',
      '',
      '  Total Error Reduction: 42 %',
      '  Success Rate: 10 % → 30 % (+20 points)',
      '',
      'Last 2 Iterations Improvement: 15 %, 8 %',
      'Status: Slowing progress, may plateau soon',
    ]);
  });

  it('prints what is not measured yet as such', () => {
    const lines = renderProgress(1, computeProgress({ outcomes: [], baseline: null, latest: null, improvements: [], plateauPct: 5 }), false);
    expect(lines).toContain('  Total Error Reduction: not measurable yet');
    expect(lines).toContain('  Success Rate: n/a → n/a');
    expect(lines).toContain('Last 2 Iterations Improvement: none measured yet');
  });
});
