// Times in the Mac's zone and language, written once the page is on screen.
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import LocalTime from '../../../renderer/components/LocalTime.svelte';
import { when } from '../../../renderer/lib/format.ts';

const AT = '2026-03-01T21:30:00.000Z';

describe('LocalTime', () => {
  it('shows the time as the Mac writes it, in a <time> that carries the exact instant', async () => {
    const { container } = render(LocalTime, { props: { iso: AT } });
    const time = container.querySelector('time')!;
    expect(time.getAttribute('datetime')).toBe(AT);
    await expect.poll(() => time.textContent).toBe(when(AT));
    expect(screen.getByText(when(AT))).toBeTruthy();
  });

  it('writes later times at once, the formatter being loaded', () => {
    when(AT);
    const { container } = render(LocalTime, { props: { iso: '2026-03-02T08:00:00.000Z' } });
    expect(container.querySelector('time')!.textContent).toBe(when('2026-03-02T08:00:00.000Z'));
  });
});
