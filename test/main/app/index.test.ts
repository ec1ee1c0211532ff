// The composition root when the engine cannot start: everything wired, and the app saying plainly
// that it has no engine. (index.with-engine.test.ts covers the app with an engine behind the seam.)
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ACTIONS, CHANNELS } from '../../../shared/ipc.ts';
import { startApp, togglePopover } from '../../../main/app/index.ts';
import { popoverWindowOptions } from '../../../main/app/popover.ts';
import { BrowserWindow, Tray, app, ipcMain, protocol, session } from './electron-mock.ts';
import { invoke, senderOf } from './ipc/harness.ts';

const mainDir = join(process.cwd(), 'out', 'main');

vi.mock('../../../main/app/engine.ts', async () => {
  const { UserError } = await import('../../../main/engine/errors.ts');
  return {
    createEngineService: async () => {
      throw new UserError('engine-unavailable', 'This build of Agent Doctor has no engine connected, so it cannot read Plex logs or apply fixes.', 'Install a complete build of Agent Doctor.');
    },
  };
});

async function started() {
  startApp(mainDir);
  await expect.poll(() => Tray.instances[0]?.tooltip).toContain('no engine connected');
  return { win: BrowserWindow.instances[0]!, tray: Tray.instances[0]! };
}

describe('start-up', () => {
  it('turns on the sandbox, registers app: and claims the single-instance lock before ready', async () => {
    await started();
    expect(app.enableSandbox).toHaveBeenCalled();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    expect(app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(app.enableSandbox.mock.invocationCallOrder[0]).toBeLessThan(app.whenReady.mock.invocationCallOrder[0]!);
  });

  it('does nothing more when another Agent Doctor is running', async () => {
    app.singleInstance = false;
    startApp(mainDir);
    expect(app.quit).toHaveBeenCalled();
    expect(app.whenReady).not.toHaveBeenCalled();
  });

  it('pre-creates the hidden popover with the preload from out/preload, and a tray icon', async () => {
    const { win, tray } = await started();
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(win.options).toStrictEqual(popoverWindowOptions(join(process.cwd(), 'out', 'preload', 'index.cjs'), true));
    expect(win.visible).toBe(false);
    expect(win.webContents.windowOpenHandler).not.toBeNull();
    expect(tray.image.path).toBe(join(process.cwd(), 'build', 'tray', 'trayErrorTemplate.png'));
    expect(app.dock.hide).toHaveBeenCalled();
    expect(protocol.handlers.has('app')).toBe(true);
    expect(session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
  });

  it('handles every action of the contract', async () => {
    await started();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(ACTIONS.map((a) => CHANNELS[a]).sort());
  });

  it('answers the popover that there is no engine, and still lets it change settings', async () => {
    const { win } = await started();
    expect(await invoke(senderOf(win), 'getStatus')).toMatchObject({ ok: false, error: { code: 'engine-unavailable', message: expect.stringContaining('no engine connected') } });
    expect(await invoke(senderOf(win), 'getSettings')).toMatchObject({ ok: true, value: { hasToken: false, itemsPerTest: 20 } });
  });

  it('opens the popover under the icon for a second launch and for the tray click', async () => {
    const { win } = await started();
    app.emit('second-instance', {}, [], '/');
    expect(win.visible).toBe(true);
    togglePopover();
    expect(win.visible).toBe(false);
  });

  it('hides the popover when the page asks (Escape with nothing left to close in it)', async () => {
    const { win } = await started();
    togglePopover();
    expect(win.visible).toBe(true);
    expect(await invoke(senderOf(win), 'hidePopover')).toEqual({ ok: true, value: null });
    expect(win.visible).toBe(false);
  });
});
