// The popover: one frameless window, created hidden at start-up so the first click is instant,
// shown under the tray icon and hidden again when it loses focus, or when the page asks
// (electron-notes.md §4). Escape belongs to the page: it closes a confirm step first and asks
// to hide only when nothing is left to close (the `hidePopover` action).
import { BrowserWindow, screen, type BrowserWindowConstructorOptions, type Rectangle } from 'electron';
import { popoverPosition } from './position.ts';
import { RENDERER_URL } from './protocol.ts';

export const POPOVER_SIZE = { width: 380, height: 560 } as const;
/** Blur and a click on the tray icon arrive together; wait before hiding. */
export const BLUR_HIDE_DELAY_MS = 100;
/** A tray click this soon after a blur-hide was the click that caused it: don't reopen. */
export const IGNORE_CLICK_AFTER_BLUR_MS = 200;

/** Every option, spelled out: the security test compares this object key by key. */
export function popoverWindowOptions(preloadPath: string, devTools: boolean): BrowserWindowConstructorOptions {
  return {
    width: POPOVER_SIZE.width,
    height: POPOVER_SIZE.height,
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
      preload: preloadPath,
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
      devTools,
    },
  };
}

export interface Popover {
  readonly window: BrowserWindow;
  /** Shows it under `anchor` (the tray icon's bounds), or under the icon's current bounds. */
  show(anchor?: Rectangle): void;
  hide(): void;
  /** What a left click on the tray icon does. */
  toggle(anchor?: Rectangle): void;
  isVisible(): boolean;
}

export interface PopoverOptions {
  preloadPath: string;
  devTools: boolean;
  /** where the tray icon is now, for opens that do not come from a click on it */
  trayBounds(): Rectangle;
  /** the page did not load (a damaged install): reported, the menu-bar icon keeps working */
  onLoadFailed(err: unknown): void;
  now?: () => number;
}

export function createPopover(options: PopoverOptions): Popover {
  const now = options.now ?? Date.now;
  const win = new BrowserWindow(popoverWindowOptions(options.preloadPath, options.devTools));
  // Without skipTransformProcessType the call shows the Dock icon again; without
  // visibleOnFullScreen the popover stays behind full-screen apps.
  win.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true, skipTransformProcessType: true });
  win.loadURL(RENDERER_URL).catch(options.onLoadFailed);

  let blurTimer: ReturnType<typeof setTimeout> | undefined;
  let hiddenByBlurAt = -Infinity;
  const cancelBlurHide = () => {
    clearTimeout(blurTimer);
    blurTimer = undefined;
  };

  const hide = () => {
    cancelBlurHide();
    if (!win.isDestroyed()) win.hide();
  };

  const show = (anchor: Rectangle = options.trayBounds()) => {
    if (win.isDestroyed()) return;
    cancelBlurHide();
    const [width = POPOVER_SIZE.width, height = POPOVER_SIZE.height] = win.getSize();
    const { x, y } = popoverPosition(anchor, { width, height }, screen.getDisplayMatching(anchor).workArea);
    win.setPosition(x, y, false);
    win.show();
    win.focus();
  };

  win.on('blur', () => {
    cancelBlurHide();
    blurTimer = setTimeout(() => {
      blurTimer = undefined;
      if (win.isDestroyed() || !win.isVisible()) return;
      win.hide();
      hiddenByBlurAt = now();
    }, BLUR_HIDE_DELAY_MS);
  });
  win.on('focus', cancelBlurHide);
  win.on('closed', cancelBlurHide);

  return {
    window: win,
    show,
    hide,
    toggle(anchor) {
      if (win.isVisible()) return hide();
      if (now() - hiddenByBlurAt < IGNORE_CLICK_AFTER_BLUR_MS) return;
      show(anchor);
    },
    isVisible: () => !win.isDestroyed() && win.isVisible(),
  };
}
