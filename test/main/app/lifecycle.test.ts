// How the app lives: one instance, no Dock icon, login item, wake-ups, a clean quit.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QUIT_GRACE_MS, WAKE_SETTLE_MS, applyLaunchAtLogin, claimSingleInstance, disposeBeforeQuit, hideDock, keepRunningWithoutWindows, onWake } from '../../../main/app/lifecycle.ts';
import { app, powerMonitor } from './electron-mock.ts';
import { capturingLog } from './ipc/harness.ts';

describe('single instance', () => {
  it('quits when another Agent Doctor holds the lock', () => {
    app.singleInstance = false;
    expect(claimSingleInstance(vi.fn())).toBe(false);
    expect(app.quit).toHaveBeenCalled();
  });

  it('opens the popover when a second copy is launched', () => {
    const show = vi.fn();
    expect(claimSingleInstance(show)).toBe(true);
    app.emit('second-instance', {}, ['/Applications/Agent Doctor.app'], '/');
    expect(show).toHaveBeenCalledTimes(1);
    expect(app.quit).not.toHaveBeenCalled();
  });
});

describe('a menu-bar app', () => {
  it('stays alive when its window closes, and hides its Dock icon', () => {
    keepRunningWithoutWindows();
    expect(app.listenerCount('window-all-closed')).toBe(1);
    hideDock();
    expect(app.dock.hide).toHaveBeenCalled();
  });
});

describe('launch at login', () => {
  it('registers the installed app as a login item', () => {
    app.isPackaged = true;
    applyLaunchAtLogin(true, capturingLog());
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true });
  });

  it('leaves login items alone in a development run', () => {
    const log = capturingLog();
    applyLaunchAtLogin(true, log);
    expect(app.setLoginItemSettings).not.toHaveBeenCalled();
    expect(log.lines[0]).toContain('applied by the installed app only');
  });
});

describe('waking up', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('re-checks once after resume and unlock, when they have settled', () => {
    const wake = vi.fn();
    onWake(wake);
    powerMonitor.emit('resume');
    vi.advanceTimersByTime(500);
    powerMonitor.emit('unlock-screen');
    vi.advanceTimersByTime(WAKE_SETTLE_MS - 1);
    expect(wake).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(wake).toHaveBeenCalledTimes(1);
  });

  it('stops listening when asked', () => {
    const wake = vi.fn();
    onWake(wake)();
    powerMonitor.emit('resume');
    vi.advanceTimersByTime(WAKE_SETTLE_MS);
    expect(wake).not.toHaveBeenCalled();
  });
});

describe('quitting', () => {
  const quit = () => {
    const event = { preventDefault: vi.fn() };
    app.emit('before-quit', event);
    return event;
  };

  it('lets the engine reach a safe point first, then quits', async () => {
    let finish!: () => void;
    const dispose = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    disposeBeforeQuit(dispose, capturingLog());
    expect(quit().preventDefault).toHaveBeenCalled();
    expect(quit().preventDefault).toHaveBeenCalled();
    expect(dispose).toHaveBeenCalledTimes(1);
    expect(app.quit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    expect(quit().preventDefault).not.toHaveBeenCalled();
  });

  it('quits anyway when the engine does not stop in time', async () => {
    vi.useFakeTimers();
    const log = capturingLog();
    disposeBeforeQuit(() => new Promise<void>(() => undefined), log);
    quit();
    await vi.advanceTimersByTimeAsync(QUIT_GRACE_MS);
    expect(app.quit).toHaveBeenCalledTimes(1);
    expect(log.lines[0]).toContain('did not stop within 10 s');
    vi.useRealTimers();
  });

  it('quits when stopping the engine fails, and logs why', async () => {
    const log = capturingLog();
    disposeBeforeQuit(async () => Promise.reject(new Error('state file locked')), log);
    quit();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    expect(log.lines[0]).toContain('stopping the engine failed: Error: state file locked');
  });
});
