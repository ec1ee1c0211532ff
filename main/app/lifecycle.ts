// How the app lives on the Mac: one instance, no Dock icon, optionally started at login,
// woken with the Mac, and given time to stop the engine cleanly when it quits.
import { app, powerMonitor } from 'electron';
import type { Log } from './log.ts';

/** false: another Agent Doctor is running (it opens its popover); this one quits. */
export function claimSingleInstance(onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => onSecondInstance());
  return true;
}

/** A menu-bar app stays alive with no window open. */
export function keepRunningWithoutWindows(): void {
  app.on('window-all-closed', () => undefined);
}

/** Packaged builds have LSUIElement; a development run hides its Dock icon here. */
export function hideDock(): void {
  app.dock?.hide();
}

export function applyLaunchAtLogin(enabled: boolean, log: Log): void {
  // A development run would register the bare Electron binary as a login item.
  if (!app.isPackaged) {
    log.info(`launch at login ${enabled ? 'on' : 'off'}: applied by the installed app only`);
    return;
  }
  app.setLoginItemSettings({ openAtLogin: enabled });
}

/** `resume` and `unlock-screen` usually come together: one call after the last of them. */
export const WAKE_SETTLE_MS = 1500;

export function onWake(handler: () => void, settleMs = WAKE_SETTLE_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(handler, settleMs);
  };
  powerMonitor.on('resume', schedule);
  powerMonitor.on('unlock-screen', schedule);
  return () => {
    clearTimeout(timer);
    powerMonitor.off('resume', schedule);
    powerMonitor.off('unlock-screen', schedule);
  };
}

/** How long quitting waits for the engine to reach a safe point. */
export const QUIT_GRACE_MS = 10_000;

/** Holds the first quit until `dispose` settles (or the grace time passes), then quits. */
export function disposeBeforeQuit(dispose: () => Promise<void>, log: Log, graceMs = QUIT_GRACE_MS): void {
  let state: 'running' | 'disposing' | 'done' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'disposing') return;
    state = 'disposing';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log.warn(`the engine did not stop within ${graceMs / 1000} s; quitting anyway`);
        resolve();
      }, graceMs);
    });
    void Promise.race([dispose().catch((err) => log.error('stopping the engine failed', err)), grace]).finally(() => {
      clearTimeout(timer);
      state = 'done';
      app.quit();
    });
  });
}
