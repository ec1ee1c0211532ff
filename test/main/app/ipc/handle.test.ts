// The IPC choke point: only our popover's main frame, showing app://renderer/, gets answers.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ACTIONS, CHANNELS } from '../../../../shared/ipc.ts';
import { createIpc, isTrustedSender } from '../../../../main/app/ipc/handle.ts';
import { BrowserWindow, FakeWebFrame, ipcMain } from '../electron-mock.ts';
import { harness, invoke, popoverWindow, senderOf, capturingLog } from './harness.ts';

describe('isTrustedSender', () => {
  it('trusts the main frame of our window at app://renderer/', () => {
    const win = popoverWindow();
    expect(isTrustedSender(senderOf(win) as never, win as never)).toBe(true);
  });

  it.each([
    ['no sender frame (it navigated away or was destroyed)', () => ({ senderFrame: null }), (win: BrowserWindow) => win],
    ['a subframe of our window', () => ({ senderFrame: new FakeWebFrame('app://renderer/index.html') }), (win: BrowserWindow) => win],
    ['another window', () => ({ senderFrame: popoverWindow().webContents.mainFrame }), (win: BrowserWindow) => win],
    ['our frame showing a file: URL', (win: BrowserWindow) => ((win.webContents.mainFrame.url = 'file:///Users/me/evil.html'), senderOf(win)), (win: BrowserWindow) => win],
    ['our frame showing a web page', (win: BrowserWindow) => ((win.webContents.mainFrame.url = 'https://renderer/'), senderOf(win)), (win: BrowserWindow) => win],
    ['our frame at another app: host', (win: BrowserWindow) => ((win.webContents.mainFrame.url = 'app://other/index.html'), senderOf(win)), (win: BrowserWindow) => win],
    ['a destroyed window', (win: BrowserWindow) => senderOf(win), (win: BrowserWindow) => (win.destroy(), win)],
    ['no window yet', (win: BrowserWindow) => senderOf(win), () => null],
  ])('refuses %s', (_name, event, current) => {
    const win = popoverWindow();
    const e = event(win);
    expect(isTrustedSender(e as never, current(win) as never)).toBe(false);
  });
});

describe('handlers behind the choke point', () => {
  it('registers every action of the contract, once, on its own channel, and nothing else', () => {
    harness();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(ACTIONS.map((a) => CHANNELS[a]).sort());
    expect(ipcMain.handle).toHaveBeenCalledTimes(ACTIONS.length);
  });

  it('answers a foreign sender with "forbidden" and never runs the handler', async () => {
    const h = harness();
    const stranger = new BrowserWindow({});
    stranger.webContents.mainFrame.url = 'app://renderer/index.html';
    for (const action of ACTIONS) {
      const result = await invoke(senderOf(stranger), action, undefined);
      expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: 'This request did not come from the Agent Doctor window.' } });
    }
    expect(h.engine.startLoop).not.toHaveBeenCalled();
    expect(h.engine.getStatus).not.toHaveBeenCalled();
    expect(h.log.lines.some((l) => l.includes('not the popover'))).toBe(true);
  });

  it('refuses a second argument even where the first is valid (the preload forwards one at most)', async () => {
    const h = harness();
    const result = await invoke(senderOf(h.win), 'getStatus', undefined, 'smuggled');
    expect(result).toEqual({ ok: false, error: { code: 'invalid-request', message: 'Agent Doctor could not accept this request: too many arguments.' } });
    expect(h.engine.getStatus).not.toHaveBeenCalled();
  });

  it('answers every action given junk with a typed error, never an exception', async () => {
    const h = harness();
    for (const action of ACTIONS) {
      const result = await invoke(senderOf(h.win), action, { junk: Symbol.for('x').toString() }, 'second argument');
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
    for (const action of ACTIONS) {
      const result = await invoke(senderOf(h.win), action, 12345);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
  });

  it('is the only place in main/app that listens to ipcMain', () => {
    const dir = join(process.cwd(), 'main', 'app');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const listening = files.filter((f) => /ipcMain\s*\.\s*(handle|handleOnce|on|once|addListener)\s*\(/.test(readFileSync(join(dir, f), 'utf8')));
    expect(listening).toEqual([join('ipc', 'handle.ts')]);
  });

  it('lists the registered actions', () => {
    const ipc = createIpc(() => null, { log: capturingLog(), known: () => [] });
    ipc.handle('getHistory', vi.fn());
    expect(ipc.actions).toEqual(['getHistory']);
  });
});
