// window.agentDoctor over dev:web's WebSocket, run here in Node against the real server: the
// contract's shape, answers as result values, events, and a server that went away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { BRIDGE_KEY, type AgentDoctorApi } from '../../shared/bridge.ts';
import { ACTIONS, type BridgeEvent } from '../../shared/ipc.ts';
import { createLog } from '../../main/app/log.ts';
import { installWebSocketBridge } from './bridge-client.ts';
import { startDevWeb, type DevWeb } from './dev-web.ts';
import { SOCKET_PATH } from './messages.ts';

const page = globalThis as unknown as Record<string, unknown>;
let devWeb: DevWeb;
let api: AgentDoctorApi;
const saved = { location: page.location, WebSocket: page.WebSocket };

beforeAll(async () => {
  // the bridge needs no page: the server's own folder stands in for the popover build
  devWeb = await startDevWeb({ port: 0, say: () => undefined, log: createLog(() => [], { info: () => undefined, warn: () => undefined, error: () => undefined }), rendererDir: import.meta.dirname });
  const { host, origin } = new URL(devWeb.url);
  // what a browser provides: the page's address, and a WebSocket that sends the page's origin
  // and reports a failed connection by closing (ws also emits "error", which must be heard)
  page.location = { host };
  page.WebSocket = class extends NodeWebSocket {
    constructor(url: string) {
      super(url, { origin });
      this.on('error', () => undefined);
    }
  };
  installWebSocketBridge({ key: BRIDGE_KEY, actions: ACTIONS, socketPath: SOCKET_PATH });
  api = page[BRIDGE_KEY] as AgentDoctorApi;
});

afterAll(async () => {
  delete page[BRIDGE_KEY];
  Object.assign(page, saved);
  await devWeb?.stop();
});

describe('the WebSocket bridge', () => {
  it('is the contract: one function per action plus onEvent, and frozen', () => {
    expect(Object.keys(api).sort()).toEqual([...ACTIONS, 'onEvent'].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('resolves each call to the result value main answers, refusals included', async () => {
    const status = await api.getStatus();
    expect(status.ok && status.value.plex.connected).toBe(true);
    expect(await api.hidePopover()).toEqual({ ok: true, value: null });
    expect(await api.getResult({ runId: 'no such run!', iteration: 1, fixId: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('passes the engine’s events to each subscriber until it unsubscribes', async () => {
    const first: BridgeEvent[] = [];
    const second: BridgeEvent[] = [];
    const stopFirst = api.onEvent((e) => void first.push(e));
    const stopSecond = api.onEvent((e) => void second.push(e));
    stopFirst();
    await devWeb.host.engine.wake();
    await expect.poll(() => second).toContainEqual(expect.objectContaining({ type: 'plex', connected: true }));
    expect(first).toEqual([]);
    stopSecond();
  });

  it('answers every call with engine-unavailable once the server is gone, and never rejects', async () => {
    await devWeb.stop();
    const unavailable = { ok: false, error: { code: 'engine-unavailable', message: 'The dev:web server does not answer.', hint: 'Start it again (npm run dev:web), then reload this page.' } };
    expect(await api.getStatus()).toEqual(unavailable);
    expect(await api.startLoop()).toEqual(unavailable);
  });
});
