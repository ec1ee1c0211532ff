// The menu-bar icon as Electron sees it: template images, clicks, the menu, state changes.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createAppTray } from '../../../main/app/tray.ts';
import type { TrayActions } from '../../../main/app/tray-model.ts';
import { Tray } from './electron-mock.ts';

const iconDir = join(process.cwd(), 'build', 'tray');
const actions = (): TrayActions => ({ open: vi.fn(), startLoop: vi.fn(), stopLoop: vi.fn(), resumeLoop: vi.fn(), openReportsFolder: vi.fn(), openSettings: vi.fn(), quit: vi.fn() });

function setup() {
  const a = actions();
  const onClick = vi.fn();
  const appTray = createAppTray({ iconDir, actions: a, onClick });
  return { appTray, tray: Tray.instances[0]!, actions: a, onClick };
}

describe('the tray icon', () => {
  it('starts idle with the template image from build/tray, which exists', () => {
    const { tray } = setup();
    expect(tray.image.path).toBe(join(iconDir, 'trayTemplate.png'));
    expect(tray.image.isTemplateImage()).toBe(true);
    expect(tray.image.isEmpty()).toBe(false);
    expect(tray.title).toBe('');
    expect(tray.tooltip).toBe('Agent Doctor');
    expect(tray.ignoreDoubleClick).toBe(true);
  });

  it('opens the popover under the icon on left click', () => {
    const { tray, onClick } = setup();
    const bounds = { x: 900, y: 0, width: 22, height: 24 };
    tray.emit('click', {}, bounds);
    expect(onClick).toHaveBeenCalledWith(bounds);
  });

  it('pops up the menu on right click, never as a context menu that takes the left click', () => {
    const { tray, actions: a } = setup();
    tray.emit('right-click', {}, tray.bounds);
    expect(tray.poppedUp).toHaveLength(1);
    expect(tray.contextMenu).toBeNull();
    const items = tray.poppedUp[0]!.items;
    expect(items.map((i) => i.label).filter(Boolean)).toEqual(['Open Agent Doctor', 'Start the loop', 'Open reports folder', 'Settings…', 'Quit Agent Doctor']);
    items.find((i) => i.label === 'Quit Agent Doctor')!.click!();
    expect(a.quit).toHaveBeenCalled();
  });

  it('builds the menu from the current state at each right click', () => {
    const { appTray, tray } = setup();
    appTray.update((m) => ({ ...m, running: true }));
    tray.emit('right-click', {}, tray.bounds);
    expect(tray.poppedUp[0]!.items.map((i) => i.label)).toContain('Stop the loop');
  });

  it.each([
    ['running', { running: true, progress: { finished: 3, total: 20 } }, 'trayRunningTemplate.png', '3/20'],
    ['needs you', { running: true, waiting: true }, 'trayAttentionTemplate.png', ''],
    ['error', { plexConnected: false }, 'trayErrorTemplate.png', ''],
  ])('shows %s in the icon and title', (_name, change, icon, title) => {
    const { appTray, tray } = setup();
    appTray.update((m) => ({ ...m, ...change }));
    expect(tray.image.path).toBe(join(iconDir, icon));
    expect(tray.image.isTemplateImage()).toBe(true);
    expect(tray.image.isEmpty()).toBe(false);
    expect(tray.title).toBe(title);
  });

  it('swaps the image only when the state changes', () => {
    const { appTray, tray } = setup();
    appTray.update((m) => ({ ...m, running: true, progress: { finished: 1, total: 20 } }));
    const image = tray.image;
    appTray.update((m) => ({ ...m, progress: { finished: 2, total: 20 } }));
    expect(tray.image).toBe(image);
    expect(tray.title).toBe('2/20');
  });
});
