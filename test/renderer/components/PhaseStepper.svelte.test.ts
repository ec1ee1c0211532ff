// The stepper: six steps, the current one marked for eyes and screen readers alike.
import { render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import PhaseStepper from '../../../renderer/components/PhaseStepper.svelte';
import type { Phase } from '../../../shared/events.ts';

const steps = () => screen.getAllByRole('listitem');
const current = () => steps().find((li) => li.getAttribute('aria-current') === 'step');

describe('PhaseStepper', () => {
  it('shows the six steps in order', () => {
    render(PhaseStepper, { props: { phase: 'aggregate' } });
    expect(steps().map((li) => li.querySelector('.label')?.textContent)).toEqual(['Read logs', 'Diagnose', 'Apply', 'Restart', 'Test', 'Decide']);
  });

  it.each<[Phase, string, number]>([
    ['aggregate', 'Read logs', 0],
    ['propose', 'Diagnose', 1],
    ['restart', 'Restart', 3],
    ['report', 'Decide', 5],
  ])('in phase %s marks %s as current and the steps before it as done', (phase, label, doneCount) => {
    render(PhaseStepper, { props: { phase } });
    expect(current()?.textContent).toContain(label);
    expect(steps().filter((li) => li.classList.contains('done'))).toHaveLength(doneCount);
    expect(screen.queryAllByText('(done)')).toHaveLength(doneCount);
  });

  it('marks no step when idle', () => {
    render(PhaseStepper, { props: { phase: 'idle' } });
    expect(current()).toBeUndefined();
    expect(screen.getByText('Idle')).toBeTruthy();
  });

  it('follows the phase as it changes', () => {
    const props = $state<{ phase: Phase }>({ phase: 'implement' });
    render(PhaseStepper, { props });
    expect(current()?.textContent).toContain('Apply');
    props.phase = 'test';
    flushSync();
    expect(current()?.textContent).toContain('Test');
    expect(screen.getByText('Refreshing test items')).toBeTruthy();
  });

  it('shows a very long or non-ASCII fix title whole', () => {
    const title = `Cast aus „IAFD“ übernehmen — 東京物語 ${'x'.repeat(400)}`;
    render(PhaseStepper, { props: { phase: 'test', title } });
    expect(screen.getByText(title).getAttribute('title')).toBe(title);
  });
});
