import { describe, expect, it } from 'vitest';
import { PhaseSchema, type Phase } from '../../../shared/events.ts';
import { STEPS, stepIndex, stepStates } from '../../../renderer/lib/phases.ts';

describe('the stepper steps', () => {
  it('are the six steps of one fix, in order', () => {
    expect(STEPS.map((s) => s.id)).toEqual(['aggregate', 'diagnose', 'implement', 'restart', 'test', 'decide']);
  });

  it.each<[Phase, number]>([
    ['idle', -1],
    ['aggregate', 0],
    ['diagnose', 1],
    ['propose', 1],
    ['implement', 2],
    ['propagate', 2],
    ['restart', 3],
    ['test', 4],
    ['decide', 5],
    ['report', 5],
  ])('phase %s sits on step %i', (phase, index) => {
    expect(stepIndex(phase)).toBe(index);
  });

  it('place every phase the engine has', () => {
    for (const phase of PhaseSchema.options) expect(typeof stepIndex(phase)).toBe('number');
  });

  it('are done before the current one and to do after it', () => {
    expect(stepStates('restart')).toEqual(['done', 'done', 'done', 'current', 'todo', 'todo']);
    expect(stepStates('idle')).toEqual(['todo', 'todo', 'todo', 'todo', 'todo', 'todo']);
  });
});
