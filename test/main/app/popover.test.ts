// The popover window: its security settings, where it opens, and when it hides.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BLUR_HIDE_DELAY_MS, IGNORE_CLICK_AFTER_BLUR_MS, POPOVER_SIZE, createPopover, popoverWindowOptions } from '../../../main/app/popover.ts';
import { BrowserWindow, FakeWebContents, screen } from './electron-mock.ts';

const onLoadFailed = (err: unknown) => {
  throw err;
};

const preload = '/Applications/Agent Doctor.app/Contents/Resources/app.asar/out/preload/index.cjs';

describe('BrowserWindow options', () => {
  it('lists every option, and each security setting is on', () => {
    // Adding, removing or changing any option fails here on purpose: review it against
    // electron-notes.md §3 and §4, then update this list.
    expect(popoverWindowOptions(preload, false)).toStrictEqual({
      width: 380,
      height: 560,
      show: false,
      frame: false,
      resizable: false,
      movable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      skipTaskbar: true,
      hiddenInMissionControl: true,
      alwaysOnTop: true,
      vibrancy: 'popover',
      visualEffectState: 'active',
      webPreferences: {
        preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        safeDialogs: true,
        spellcheck: false,
        devTools: false,
      },
    });
  });

  it('creates the window with exactly those options, hidden, from app://renderer/', () => {
    createPopover({ preloadPath: preload, devTools: false, trayBounds: () => ({ x: 0, y: 0, width: 1, height: 1 }), onLoadFailed });
    const [win] = BrowserWindow.instances;
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(win!.options).toStrictEqual(popoverWindowOptions(preload, false));
    expect(win!.visible).toBe(false);
    expect(win!.webContents.mainFrame.url).toBe('app://renderer/index.html');
  });

  it('reports a page that does not load instead of leaving the failure unhandled', async () => {
    const failure = new Error('ERR_FILE_NOT_FOUND (-6) loading app://renderer/index.html');
    FakeWebContents.loadFailure = failure;
    const reported = vi.fn();
    createPopover({ preloadPath: preload, devTools: false, trayBounds: () => ({ x: 0, y: 0, width: 1, height: 1 }), onLoadFailed: reported });
    await vi.waitFor(() => expect(reported).toHaveBeenCalledWith(failure));
  });

  it('is visible on all workspaces and over full-screen apps without bringing back the Dock icon', () => {
    createPopover({ preloadPath: preload, devTools: false, trayBounds: () => ({ x: 0, y: 0, width: 1, height: 1 }), onLoadFailed });
    expect(BrowserWindow.instances[0]!.allWorkspaces).toEqual({ visible: true, options: { visibleOnFullScreen: true, skipTransformProcessType: true } });
  });
});

describe('showing and hiding', () => {
  let clock = 0;
  const tray = { x: 1000, y: 0, width: 24, height: 24 };
  const setup = () => {
    const popover = createPopover({ preloadPath: preload, devTools: true, trayBounds: () => tray, onLoadFailed, now: () => clock });
    return { popover, win: BrowserWindow.instances[0]! };
  };

  beforeEach(() => {
    vi.useFakeTimers();
    clock = 10_000;
  });
  afterEach(() => vi.useRealTimers());

  it('opens centred under the tray icon on its display, and focused', () => {
    const { popover, win } = setup();
    popover.toggle(tray);
    expect(win.visible).toBe(true);
    expect(win.focused).toBe(true);
    expect(win.position).toEqual([1000 + 12 - POPOVER_SIZE.width / 2, 28]);
  });

  it('opens on the secondary display the icon is on', () => {
    screen.displays = [
      { id: 1, bounds: { x: 0, y: 0, width: 1512, height: 982 }, workArea: { x: 0, y: 25, width: 1512, height: 957 }, scaleFactor: 2 },
      { id: 2, bounds: { x: -1920, y: -200, width: 1920, height: 1080 }, workArea: { x: -1920, y: -175, width: 1920, height: 1055 }, scaleFactor: 1 },
    ];
    const { popover, win } = setup();
    popover.show({ x: -30, y: -200, width: 24, height: 24 });
    expect(win.position).toEqual([-1920 + 1920 - 380, -172]);
  });

  it('opens under the icon when opened without a click (second launch, notification)', () => {
    const { popover, win } = setup();
    popover.show();
    expect(win.position).toEqual([822, 28]);
  });

  it('hides ~100 ms after losing focus', () => {
    const { popover, win } = setup();
    popover.show(tray);
    win.emit('blur');
    vi.advanceTimersByTime(BLUR_HIDE_DELAY_MS - 1);
    expect(win.visible).toBe(true);
    vi.advanceTimersByTime(1);
    expect(win.visible).toBe(false);
  });

  it('stays open when focus comes back within the delay', () => {
    const { popover, win } = setup();
    popover.show(tray);
    win.emit('blur');
    vi.advanceTimersByTime(50);
    win.emit('focus');
    vi.advanceTimersByTime(500);
    expect(win.visible).toBe(true);
  });

  it('ignores the tray click that caused a blur-hide, so clicking the icon closes it', () => {
    const { popover, win } = setup();
    popover.show(tray);
    win.emit('blur');
    vi.advanceTimersByTime(BLUR_HIDE_DELAY_MS);
    clock += IGNORE_CLICK_AFTER_BLUR_MS - 1;
    popover.toggle(tray);
    expect(win.visible).toBe(false);
    clock += 1;
    popover.toggle(tray);
    expect(win.visible).toBe(true);
  });

  it('closes on a tray click while open, and the pending blur-hide does not block the next open', () => {
    const { popover, win } = setup();
    popover.show(tray);
    win.emit('blur');
    popover.toggle(tray);
    expect(win.visible).toBe(false);
    vi.advanceTimersByTime(BLUR_HIDE_DELAY_MS);
    popover.toggle(tray);
    expect(win.visible).toBe(true);
  });

  it('leaves Escape to the page, which closes a confirm step before it asks to hide', () => {
    const { popover, win } = setup();
    popover.show(tray);
    expect(win.webContents.listenerCount('before-input-event')).toBe(0);
    win.webContents.emit('before-input-event', { preventDefault: vi.fn() }, { type: 'keyDown', key: 'Escape' });
    expect(win.visible).toBe(true);
  });
});
