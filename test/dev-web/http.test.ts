// dev:web's server: the page, its files and the bridge script over HTTP on 127.0.0.1, and the
// WebSocket the bridge calls through — only for its own page, with every call answered as
// Electron IPC answers it.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { AppStatusSchema } from '../../shared/ipc.ts';
import { createLog } from '../../main/app/log.ts';
import { startDevWeb, type DevWeb } from './dev-web.ts';
import { BRIDGE_SCRIPT_PATH, SOCKET_PATH, type ServerMessage } from './messages.ts';
import { connectSrcFor } from './page.ts';

let devWeb: DevWeb;
let port: number;
const logged: string[] = [];

// A popover build of our own: the shipped page and one script, so these tests need no Vite build.
const rendererDir = mkdtempSync(join(tmpdir(), 'dev-web-renderer-'));
mkdirSync(join(rendererDir, 'assets'));
copyFileSync(join(import.meta.dirname, '..', '..', 'renderer', 'index.html'), join(rendererDir, 'index.html'));
writeFileSync(join(rendererDir, 'assets', 'index-test.js'), 'export {};\n');

beforeAll(async () => {
  const sink = { info: (m: string) => void logged.push(m), warn: (m: string) => void logged.push(m), error: (m: string) => void logged.push(m) };
  devWeb = await startDevWeb({ port: 0, say: () => undefined, log: createLog(() => [], sink), rendererDir });
  port = Number(new URL(devWeb.url).port);
});
afterAll(async () => {
  await devWeb?.stop();
  rmSync(rendererDir, { recursive: true, force: true });
});

/** A raw request: fetch() would tidy the path and refuses to set Host. */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A socket as the page opens it: its own origin, unless said otherwise. */
function socket(origin = `http://127.0.0.1:${port}`, path = SOCKET_PATH): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function messages(ws: WebSocket): ServerMessage[] {
  const seen: ServerMessage[] = [];
  ws.on('message', (data) => void seen.push(JSON.parse(String(data)) as ServerMessage));
  return seen;
}

const answerTo = (seen: ServerMessage[], id: number | null) => seen.find((m): m is Extract<ServerMessage, { result: unknown }> => 'result' in m && m.id === id);

describe('HTTP', () => {
  it('listens on 127.0.0.1 and serves the page with its policy opened for its own WebSocket', async () => {
    expect(devWeb.url).toBe(`http://127.0.0.1:${port}/`);
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toContain(connectSrcFor(port));
    expect(page.body).not.toContain("connect-src 'none'");
    expect(page.body).toContain(`<script src=".${BRIDGE_SCRIPT_PATH}"></script>`);
  });

  it('serves the built files and the bridge script', async () => {
    expect(await get('/assets/index-test.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', body: 'export {};\n' });
    const bridge = await get(BRIDGE_SCRIPT_PATH);
    expect(bridge).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect(bridge.body).toMatch(/^\(function installWebSocketBridge\(config\)/);
    expect(bridge.body).toContain('"key":"agentDoctor"');
  });

  it.each(['/%2e%2e/package.json', '/../../package.json', '/assets', '/assets/%00.js', '/nothing.js', '/assets/..%5c..%5cpackage.json'])('answers 404 for %s: nothing outside the built popover', async (path) => {
    expect((await get(path)).status).toBe(404);
  });

  it('answers the browser’s favicon request with nothing, so the page logs no error', async () => {
    expect((await get('/favicon.ico')).status).toBe(204);
  });

  it('refuses a request for another host name (DNS rebinding) and anything but GET', async () => {
    expect(await get('/', { host: `attacker.example:${port}` })).toMatchObject({ status: 421, body: 'This server answers only to its own address.' });
    expect((await get('/', {}, 'POST')).status).toBe(405);
    expect((await get('/', { host: `localhost:${port}` })).status).toBe(200);
  });
});

describe('WebSocket', () => {
  it('refuses a socket from another origin or on another path', async () => {
    await expect(socket('http://attacker.example')).rejects.toThrow('refused: 403');
    await expect(socket(`http://127.0.0.1:${port + 1}`)).rejects.toThrow('refused: 403');
    await expect(socket(undefined, '/other')).rejects.toThrow('refused: 403');
  });

  it('answers a call with what Electron IPC answers, and pushes the engine’s events', async () => {
    const ws = await socket();
    const seen = messages(ws);
    ws.send(JSON.stringify({ id: 1, action: 'getStatus' }));
    await expect.poll(() => answerTo(seen, 1)).toBeTruthy();
    const answer = answerTo(seen, 1)!.result;
    expect(answer.ok).toBe(true);
    const status = AppStatusSchema.parse(answer.ok && answer.value);
    expect(status.plex).toMatchObject({ serverUrl: devWeb.world.sim.url, connected: true });
    expect(status.hasToken).toBe(true);
    expect(status.folders.plugins).toBe(devWeb.world.sim.sim.pluginsDir);
    // the first status check finds Plex: the engine says so to every open page
    await expect.poll(() => seen.find((m) => 'event' in m)).toMatchObject({ event: { type: 'plex', connected: true } });
    expect(JSON.stringify(seen)).not.toContain(devWeb.world.token);
    ws.close();
  });

  it('answers a broken call with invalid-request and keeps the socket open', async () => {
    const ws = await socket();
    const seen = messages(ws);
    ws.send('not json');
    ws.send(JSON.stringify({ id: 7, action: 'formatDisk' }));
    ws.send(JSON.stringify({ id: 8, action: 'rollback', request: { runId: '../../etc', iteration: 1, fixId: 'x' } }));
    ws.send(JSON.stringify({ id: 9, action: 'hidePopover' }));
    await expect.poll(() => answerTo(seen, 9)).toBeTruthy();
    expect(answerTo(seen, null)!.result).toEqual({ ok: false, error: { code: 'invalid-request', message: 'Agent Doctor could not accept this request: it is not JSON.' } });
    expect(answerTo(seen, 7)!.result).toEqual({ ok: false, error: { code: 'invalid-request', message: 'Agent Doctor could not accept this request: it does not name an action of the contract.' } });
    expect(answerTo(seen, 8)!.result).toMatchObject({ ok: false, error: { code: 'invalid-request', message: 'Agent Doctor could not accept this request: runId: not a run id.' } });
    // a browser tab has no popover to hide: answered, nothing happens
    expect(answerTo(seen, 9)!.result).toEqual({ ok: true, value: null });
    expect(logged.join('\n')).toContain('rollback: refused an invalid request (runId: not a run id)');
    ws.close();
  });

  it('closes a socket that sends a call bigger than any request of the contract', async () => {
    const ws = await socket();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ id: 1, action: 'setToken', request: { token: 'x'.repeat(100_000) } }));
    expect(await closed).toBe(1009);
    expect(logged.join('\n')).toContain('closed a bridge socket: Max payload size exceeded');
  });
});
