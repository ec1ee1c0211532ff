// The composition root with an engine behind the seam: recovery, "Resume the loop?", events to
// the tray, the popover and notifications, the Roll back button, wake-ups and quitting.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../../shared/events.ts';
import { CHANNELS, defaultSettings } from '../../../shared/ipc.ts';
import { UserError } from '../../../main/engine/errors.ts';
import { startApp } from '../../../main/app/index.ts';
import { WAKE_SETTLE_MS } from '../../../main/app/lifecycle.ts';
import { BrowserWindow, Notification, Tray, app, powerMonitor } from './electron-mock.ts';
import { engineStatus, fakeEngine, invoke, proposal, ref, senderOf, type FakeEngine } from './ipc/harness.ts';

const seam = vi.hoisted(() => ({ engine: null as unknown, config: null as unknown }));
vi.mock('../../../main/app/engine.ts', () => ({
  createEngineService: async (config: unknown) => {
    seam.config = config;
    return seam.engine;
  },
}));

const at = '2026-02-01T12:00:00.000Z';
let engine: FakeEngine;

beforeEach(() => {
  seam.engine = null;
  seam.config = null;
});

async function started(prepare: (e: FakeEngine) => void = () => undefined) {
  engine = fakeEngine();
  prepare(engine);
  seam.engine = engine;
  startApp(join(process.cwd(), 'out', 'main'));
  await expect.poll(() => vi.mocked(engine.getStatus).mock.calls.length).toBeGreaterThan(0);
  await new Promise((resolve) => setImmediate(resolve));
  const win = BrowserWindow.instances[0]!;
  win.webContents.sent.length = 0;
  return { win, tray: Tray.instances[0]! };
}

const sentEvents = (win: BrowserWindow) => win.webContents.sent.filter((s) => s.channel === CHANNELS.event).map((s) => s.args[0]);

describe('start-up with an engine', () => {
  it('creates the engine with its configuration, subscribes, and runs recovery', async () => {
    await started();
    expect(seam.config).toEqual({ dataDir: app.userData, wasmDir: join(process.cwd(), 'resources', 'wasm'), appVersion: '0.1.0', settings: defaultSettings(), token: null });
    expect(engine.subscribe).toHaveBeenCalledTimes(1);
    expect(engine.recover).toHaveBeenCalledTimes(1);
  });

  it('shows what recovery did in the popover', async () => {
    const { win } = await started((e) => (e.recover = vi.fn(async () => ({ actions: ['utils.py of GEVI was restored to its state before "iafd-headers".'] }))));
    const status = await invoke(senderOf(win), 'getStatus');
    expect(status).toMatchObject({ ok: true, value: { notices: [{ title: 'Finished an interrupted change', body: 'utils.py of GEVI was restored to its state before "iafd-headers".' }] } });
  });

  it('reports a recovery that could not finish, and keeps the engine usable', async () => {
    const { win } = await started((e) => {
      e.recover = vi.fn(async () => {
        throw new UserError('recovery-blocked', 'utils.py of GEVI was changed by someone else during the interrupted change.', 'Compare it with the backup in the reports folder.');
      });
    });
    expect(await invoke(senderOf(win), 'getStatus')).toMatchObject({
      ok: true,
      value: { notices: [{ level: 'error', title: 'Could not finish an interrupted change', body: expect.stringContaining('changed by someone else') }] },
    });
    expect(await invoke(senderOf(win), 'getHistory')).toMatchObject({ ok: true });
  });

  it('asks "Resume the loop?" by opening the popover when a run was interrupted', async () => {
    const { win, tray } = await started((e) => {
      e.getStatus = vi.fn(async () => engineStatus({ run: null, resumable: { runId: ref.runId, iteration: 2, phase: 'test', savedAt: at, summary: 'Stopped while testing "iafd-headers".' } }));
    });
    expect(win.visible).toBe(true);
    expect(tray.image.path).toMatch(/trayAttentionTemplate\.png$/);
  });

  it('shows the running state in the tray from the status', async () => {
    const { tray } = await started();
    expect(tray.image.path).toMatch(/trayRunningTemplate\.png$/);
    expect(tray.title).toBe('7/20');
  });
});

describe('engine events', () => {
  const keep: EngineEvent = { type: 'testFinished', at, ...ref, fixTitle: 'Send browser headers to IAFD', verdict: 'KEEP', why: '11 items went from failed to ok.', reportPath: '/data/x.md' };

  it('reach the tray, the popover and the notifications', async () => {
    const { win, tray } = await started();
    engine.emit({ type: 'needsConfirmation', at, proposal });
    expect(tray.image.path).toMatch(/trayAttentionTemplate\.png$/);
    expect(sentEvents(win)).toEqual([{ type: 'needsConfirmation', at, proposal }]);
    expect(Notification.instances[0]!.options.title).toBe('Agent Doctor needs you');
  });

  it('are redacted before they go anywhere', async () => {
    const { win } = await started();
    await invoke(senderOf(win), 'setToken', { token: 'TokTok-1234567890' });
    engine.emit({ type: 'loopEnded', at, runId: ref.runId, exitReason: 'Plex refused TokTok-1234567890', summary: '', reportPath: '/r.md' });
    expect(JSON.stringify(sentEvents(win))).not.toContain('TokTok-1234567890');
    expect(Notification.instances[0]!.options.body).toBe('Plex refused <redacted>.');
  });

  it('a KEEP notification rolls the fix back through the engine when Roll back is pressed', async () => {
    await started();
    engine.emit(keep);
    Notification.instances[0]!.pressAction(0);
    expect(engine.rollback).toHaveBeenCalledWith(ref);
    await expect.poll(() => Notification.instances.length).toBe(2);
    expect(Notification.instances[1]!.options).toMatchObject({ title: 'Rolled back', body: 'Restored 1 file; GEVI restarted.' });
  });

  it('a failed rollback from the notification is reported in the popover', async () => {
    const { win } = await started();
    engine.rollback = vi.fn(async () => {
      throw new UserError('file-edited', 'utils.py was changed after the fix.', 'Use --force.');
    });
    engine.emit(keep);
    Notification.instances[0]!.pressAction(0);
    await expect.poll(() => win.visible).toBe(true);
    expect(sentEvents(win)).toContainEqual({ type: 'notice', notice: expect.objectContaining({ level: 'error', title: 'The rollback did not finish', body: 'utils.py was changed after the fix. Use --force.' }) });
  });

  it('clicking a notification opens the popover on that result', async () => {
    const { win } = await started();
    engine.emit(keep);
    Notification.instances[0]!.emit('click', {});
    expect(win.visible).toBe(true);
    expect(sentEvents(win)).toContainEqual({ type: 'navigate', to: { view: 'result', ref } });
  });

  it('a notification macOS refuses becomes a badge in the tray and the popover', async () => {
    const { win, tray } = await started();
    engine.emit(keep);
    Notification.instances[0]!.emit('failed', {}, 'not signed');
    expect(tray.title).toContain('•');
    expect(sentEvents(win)).toContainEqual({ type: 'notice', notice: expect.objectContaining({ title: 'KEEP: Send browser headers to IAFD', ref }) });
  });
});

describe('the tray menu', () => {
  it('starts the loop through the engine', async () => {
    const { tray } = await started((e) => (e.getStatus = vi.fn(async () => engineStatus({ run: null }))));
    tray.emit('right-click');
    tray.poppedUp[0]!.items.find((i) => i.label === 'Start the loop')!.click!();
    expect(engine.startLoop).toHaveBeenCalledTimes(1);
  });

  it('opens the settings view', async () => {
    const { win, tray } = await started();
    tray.emit('right-click');
    tray.poppedUp[0]!.items.find((i) => i.label === 'Settings…')!.click!();
    expect(win.visible).toBe(true);
    expect(sentEvents(win)).toEqual([{ type: 'navigate', to: { view: 'settings' } }]);
  });
});

describe('settings', () => {
  it('are handed to the engine with the decrypted token when they change', async () => {
    const { win } = await started();
    await invoke(senderOf(win), 'setToken', { token: 'TokTok-1234567890' });
    expect(engine.configure).toHaveBeenLastCalledWith(expect.objectContaining({ token: 'TokTok-1234567890', dataDir: app.userData, settings: expect.objectContaining({ itemsPerTest: 20 }) }));
  });
});

describe('waking and quitting', () => {
  afterEach(() => vi.useRealTimers());

  it('asks the engine to re-check Plex and re-arm the tailer after the Mac wakes', async () => {
    await started();
    vi.useFakeTimers();
    powerMonitor.emit('resume');
    powerMonitor.emit('unlock-screen');
    await vi.advanceTimersByTimeAsync(WAKE_SETTLE_MS);
    expect(engine.wake).toHaveBeenCalledTimes(1);
  });

  it('lets the engine stop at a safe point before quitting', async () => {
    await started();
    const event = { preventDefault: vi.fn() };
    app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(engine.dispose).toHaveBeenCalled();
    await expect.poll(() => app.quit.mock.calls.length).toBe(1);
  });
});
