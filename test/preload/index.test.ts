// The preload: window.agentDoctor is exactly the bridge of shared/bridge.ts — one function per
// action, an event subscription that never hands out the IPC event, and nothing else.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_KEY, type AgentDoctorApi } from '../../shared/bridge.ts';
import { ACTIONS, CHANNELS, type BridgeEvent } from '../../shared/ipc.ts';
import type * as ElectronMock from '../main/app/electron-mock.ts';

const at = '2026-02-01T12:00:00.000Z';
let api: AgentDoctorApi;
let contextBridge: typeof ElectronMock.contextBridge;
let ipcRenderer: typeof ElectronMock.ipcRenderer;

// A fresh preload for each test, as each page load runs it, with the (fresh) fake electron it saw.
beforeEach(async () => {
  vi.resetModules();
  await import('../../preload/index.ts');
  const electron = (await import('electron')) as unknown as typeof ElectronMock;
  ({ contextBridge, ipcRenderer } = electron);
  api = contextBridge.exposed.get(BRIDGE_KEY) as AgentDoctorApi;
});

describe('window.agentDoctor', () => {
  it('is the only thing exposed, once', () => {
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect([...contextBridge.exposed.keys()]).toEqual([BRIDGE_KEY]);
  });

  it('has exactly one function per action, plus onEvent', () => {
    expect(Object.keys(api).sort()).toEqual([...ACTIONS, 'onEvent'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('does not hand out ipcRenderer or a way to pick a channel', () => {
    for (const key of ['ipcRenderer', 'invoke', 'send', 'on', 'sendSync', 'postMessage']) expect(key in api).toBe(false);
  });

  it.each(ACTIONS)('%s invokes its own channel with at most one argument', async (action) => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: null });
    const call = api[action] as (...args: unknown[]) => Promise<unknown>;
    const result = await call({ some: 'request' }, 'a second argument', 'a third');
    expect(result).toEqual({ ok: true, value: null });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(CHANNELS[action], { some: 'request' });
  });

  it('sends nothing extra for an action without a request', async () => {
    await api.getStatus();
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(CHANNELS.getStatus, undefined);
  });
});

describe('onEvent', () => {
  const event: BridgeEvent = { type: 'plex', at, connected: true, version: '1.40.1' };

  it('passes the payload and never the IPC event', () => {
    const listener = vi.fn();
    api.onEvent(listener);
    const ipcEvent = { sender: ipcRenderer, senderId: 0, ports: [] };
    ipcRenderer.emit(CHANNELS.event, ipcEvent, event);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([event]);
  });

  it('listens on the event channel only', () => {
    const listener = vi.fn();
    api.onEvent(listener);
    ipcRenderer.emit(CHANNELS.getStatus, {}, event);
    ipcRenderer.emit('electron-store-get-data', {}, event);
    expect(listener).not.toHaveBeenCalled();
  });

  it('stops when unsubscribed, leaving other subscribers alone', () => {
    const first = vi.fn();
    const second = vi.fn();
    const unsubscribe = api.onEvent(first);
    api.onEvent(second);
    const listening = ipcRenderer.listenerCount(CHANNELS.event);
    unsubscribe();
    ipcRenderer.emit(CHANNELS.event, {}, event);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledWith(event);
    expect(ipcRenderer.listenerCount(CHANNELS.event)).toBe(listening - 1);
  });
});
