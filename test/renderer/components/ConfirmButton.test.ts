// A destructive action asks first; Escape or Cancel backs out.
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import ConfirmButton from '../../../renderer/components/ConfirmButton.svelte';

function show(busy = false) {
  const onconfirm = vi.fn();
  render(ConfirmButton, { props: { label: 'Roll back', question: 'Undo this fix?', busy, onconfirm } });
  return { onconfirm, user: userEvent.setup() };
}

describe('ConfirmButton', () => {
  it('asks before it acts, with the focus on Cancel', async () => {
    const { onconfirm, user } = show();
    await user.click(screen.getByRole('button', { name: 'Roll back' }));
    expect(onconfirm).not.toHaveBeenCalled();
    expect(screen.getByRole('group', { name: 'Undo this fix?' })).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('Cancel');
    await user.click(screen.getByRole('button', { name: 'Roll back' }));
    expect(onconfirm).toHaveBeenCalledOnce();
  });

  it('backs out on Escape and gives the focus back to the button', async () => {
    const { onconfirm, user } = show();
    await user.click(screen.getByRole('button', { name: 'Roll back' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('group')).toBeNull();
    expect(document.activeElement?.textContent).toBe('Roll back');
    expect(onconfirm).not.toHaveBeenCalled();
  });

  it('backs out on Escape wherever the focus is, and marks the key as used so the popover stays open', async () => {
    const { onconfirm, user } = show();
    const seenByThePopover: boolean[] = [];
    const popoverEscape = (event: KeyboardEvent) => void seenByThePopover.push(event.defaultPrevented);
    window.addEventListener('keydown', popoverEscape);
    try {
      await user.click(screen.getByRole('button', { name: 'Roll back' }));
      (document.activeElement as HTMLElement).blur();
      await user.keyboard('{Escape}');
      expect(screen.queryByRole('group')).toBeNull();
      expect(seenByThePopover).toEqual([true]);
      // nothing open any more: the next Escape is the popover's
      await user.keyboard('{Escape}');
      expect(seenByThePopover).toEqual([true, false]);
    } finally {
      window.removeEventListener('keydown', popoverEscape);
    }
    expect(onconfirm).not.toHaveBeenCalled();
  });

  it('backs out on Cancel', async () => {
    const { onconfirm, user } = show();
    await user.click(screen.getByRole('button', { name: 'Roll back' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group')).toBeNull();
    expect(onconfirm).not.toHaveBeenCalled();
  });

  it('works from the keyboard alone', async () => {
    const { onconfirm, user } = show();
    await user.tab();
    await user.keyboard('{Enter}');
    await user.keyboard('{Shift>}{Tab}{/Shift}{Enter}');
    expect(onconfirm).toHaveBeenCalledOnce();
  });

  it('does not ask while the action is already running', async () => {
    const { user } = show(true);
    await user.click(screen.getByRole('button', { name: 'Working…' }));
    expect(screen.queryByRole('group')).toBeNull();
  });
});
