// dev:web's server, on 127.0.0.1 only: the built popover (out/renderer) with its page adjusted
// for the browser (page.ts), the bridge script, and the WebSocket the bridge calls through. A
// request must name this server as its host, and a WebSocket must come from its own page, so
// another website open in the same browser cannot drive the engine (DNS rebinding, cross-site
// WebSocket).
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { ACTIONS } from '../../shared/ipc.ts';
import { BRIDGE_KEY } from '../../shared/bridge.ts';
import { failure } from '../../main/app/ipc/dispatch.ts';
import { installWebSocketBridge, type BridgeClientConfig } from './bridge-client.ts';
import type { Host } from './host.ts';
import { BRIDGE_SCRIPT_PATH, CallMessageSchema, MAX_CALL_BYTES, SOCKET_PATH, type ServerMessage } from './messages.ts';
import { devWebIndex } from './page.ts';

export const LOOPBACK = '127.0.0.1';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export interface DevWebServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServeOptions {
  host: Host;
  /** the built popover */
  rendererDir: string;
  /** 0 picks a free port */
  port: number;
}

export async function serveDevWeb(options: ServeOptions): Promise<DevWebServer> {
  const { host } = options;
  let port = 0;
  const sockets = new Set<WebSocket>();
  const ourHosts = () => [`${LOOPBACK}:${port}`, `localhost:${port}`];
  const ourOrigins = () => ourHosts().map((h) => `http://${h}`);

  const bridgeConfig: BridgeClientConfig = { key: BRIDGE_KEY, actions: ACTIONS, socketPath: SOCKET_PATH };
  const bridgeScript = `(${installWebSocketBridge.toString()})(${JSON.stringify(bridgeConfig)});\n`;

  const http = createServer((req, res) => {
    if (!ourHosts().includes(req.headers.host ?? '')) return answer(res, 421, 'text/plain; charset=utf-8', 'This server answers only to its own address.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'text/plain; charset=utf-8', 'Only GET.');
    void serveFile(req, res).catch(() => answer(res, 500, 'text/plain; charset=utf-8', 'The file could not be read.'));
  });

  async function serveFile(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return answer(res, 400, 'text/plain; charset=utf-8', 'Bad address.');
    }
    if (pathname === '/' || pathname === '/index.html') {
      const shipped = await readFile(join(options.rendererDir, 'index.html'), 'utf8');
      return answer(res, 200, TYPES['.html']!, devWebIndex(shipped, port));
    }
    if (pathname === BRIDGE_SCRIPT_PATH) return answer(res, 200, TYPES['.js']!, bridgeScript);
    // the browser asks for it on its own; the app's page has none
    if (pathname === '/favicon.ico') return answer(res, 204, 'text/plain; charset=utf-8', '');
    const file = await fileInside(options.rendererDir, pathname);
    if (!file) return answer(res, 404, 'text/plain; charset=utf-8', 'Not found.');
    answer(res, 200, TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', await readFile(file));
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CALL_BYTES });
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== SOCKET_PATH || !ourHosts().includes(req.headers.host ?? '') || !ourOrigins().includes(req.headers.origin ?? '')) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  function accept(ws: WebSocket): void {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    // ws closes the socket itself (a call over MAX_CALL_BYTES: 1009); unheard, the error would end the server
    ws.on('error', (err) => host.log.warn(`closed a bridge socket: ${err.message}`));
    ws.on('message', (data) => void onCall(ws, String(data)));
  }

  const send = (ws: WebSocket, message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };

  async function onCall(ws: WebSocket, text: string): Promise<void> {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return send(ws, { id: null, result: failure({ code: 'invalid-request', message: 'Agent Doctor could not accept this request: it is not JSON.' }) });
    }
    const call = CallMessageSchema.safeParse(raw);
    if (!call.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : null;
      return send(ws, { id, result: failure({ code: 'invalid-request', message: 'Agent Doctor could not accept this request: it does not name an action of the contract.' }) });
    }
    send(ws, { id: call.data.id, result: await host.dispatch(call.data.action, call.data.request) });
  }

  const unsubscribe = host.subscribe((event) => {
    for (const ws of sockets) send(ws, { event });
  });

  await new Promise<void>((done, fail) => {
    http.once('error', fail);
    http.listen(options.port, LOOPBACK, () => {
      http.off('error', fail);
      done();
    });
  });
  port = (http.address() as AddressInfo).port;

  return {
    url: `http://${LOOPBACK}:${port}/`,
    port,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((done) => {
        http.close(() => done());
        http.closeAllConnections();
      });
    },
  };
}

function answer(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** The file `pathname` names inside `root`, following no link out of it; null otherwise. */
async function fileInside(root: string, pathname: string): Promise<string | null> {
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const rootReal = await realpath(root);
  const file = await realpath(resolve(rootReal, `.${pathname}`)).catch(() => null);
  if (!file) return null;
  const rel = relative(rootReal, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  return (await stat(file)).isFile() ? file : null;
}
