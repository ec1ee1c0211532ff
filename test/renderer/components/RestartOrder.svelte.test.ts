// The restart methods: reordered with the mouse or the keyboard, switched on and off.
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import RestartOrder from '../../../renderer/components/RestartOrder.svelte';
import type { RestartStrategy } from '../../../shared/ipc.ts';

function show(initial: RestartStrategy[]) {
  const props = $state({
    order: initial,
    onchange(next: RestartStrategy[]) {
      props.order = next;
    },
  });
  render(RestartOrder, { props });
  return { props, user: userEvent.setup() };
}

const labels = () => screen.getAllByRole('checkbox').map((box) => [box.parentElement?.textContent?.trim(), (box as HTMLInputElement).checked]);

describe('RestartOrder', () => {
  it('lists the methods in use in their order, then the ones switched off', () => {
    show(['launchctl', 'plugin-reload']);
    expect(labels()).toEqual([
      ['Restart Plex with launchctl', true],
      ['Reload the plug-in', true],
      ['Quit and reopen Plex', false],
      ['Stop Plex and reopen it', false],
      ['Ask me to restart Plex', false],
    ]);
  });

  it('moves a method with Alt+↑ / Alt+↓ and keeps the focus on it', async () => {
    const { props, user } = show(['plugin-reload', 'launchctl', 'manual']);
    screen.getByRole('checkbox', { name: 'Ask me to restart Plex' }).focus();
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    expect(props.order).toEqual(['plugin-reload', 'manual', 'launchctl']);
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    expect(props.order).toEqual(['manual', 'plugin-reload', 'launchctl']);
    expect(document.activeElement).toBe(screen.getByRole('checkbox', { name: 'Ask me to restart Plex' }));
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    expect(props.order).toEqual(['manual', 'plugin-reload', 'launchctl']);
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    expect(props.order).toEqual(['plugin-reload', 'manual', 'launchctl']);
  });

  it('moves a method with its arrow buttons; the arrows at the ends are off', async () => {
    const { props, user } = show(['plugin-reload', 'launchctl']);
    expect((screen.getByRole('button', { name: 'Move “Reload the plug-in” up' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Move “Restart Plex with launchctl” down' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Move “Reload the plug-in” down' }));
    expect(props.order).toEqual(['launchctl', 'plugin-reload']);
    // now at the bottom, its down arrow is off: the focus lands on its checkbox
    expect(document.activeElement).toBe(screen.getByRole('checkbox', { name: 'Reload the plug-in' }));
  });

  it('switches a method off, and on again at the end of the order', async () => {
    const { props, user } = show(['plugin-reload', 'launchctl', 'manual']);
    await user.click(screen.getByRole('checkbox', { name: 'Reload the plug-in' }));
    expect(props.order).toEqual(['launchctl', 'manual']);
    await user.click(screen.getByRole('checkbox', { name: 'Reload the plug-in' }));
    expect(props.order).toEqual(['launchctl', 'manual', 'plugin-reload']);
  });
});
