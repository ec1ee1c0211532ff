// The stepper's six steps and where each engine phase sits on them. `propose` is the end of
// diagnosing (a fix waits for the user), `propagate` applies a kept fix to more agents and
// `report` closes the decision: the stepper shows the steps of one fix, not every phase.
import type { Phase } from '../../shared/events.ts';

export const STEPS = [
  { id: 'aggregate', label: 'Read logs' },
  { id: 'diagnose', label: 'Diagnose' },
  { id: 'implement', label: 'Apply' },
  { id: 'restart', label: 'Restart' },
  { id: 'test', label: 'Test' },
  { id: 'decide', label: 'Decide' },
] as const;

export type StepState = 'done' | 'current' | 'todo';

const STEP_OF: Record<Phase, number> = {
  idle: -1,
  aggregate: 0,
  diagnose: 1,
  propose: 1,
  implement: 2,
  propagate: 2,
  restart: 3,
  test: 4,
  decide: 5,
  report: 5,
};

/** The step a phase belongs to; -1 when nothing runs. */
export const stepIndex = (phase: Phase): number => STEP_OF[phase];

export function stepStates(phase: Phase): StepState[] {
  const current = stepIndex(phase);
  if (current < 0) return STEPS.map(() => 'todo');
  return STEPS.map((_, i) => (i < current ? 'done' : i === current ? 'current' : 'todo'));
}
