// `window.agentDoctor` for the popover in a browser: the bridge contract of shared/bridge.ts
// (one function per action, each resolving to a result value and never rejecting, plus one
// event subscription) over a WebSocket to the dev:web server, which answers through the app's
// own IPC handlers. The server sends this function's source text to the page, so it must use
// nothing from outside its own body; the page's types are declared locally (this project's
// Node types know no DOM).
export interface BridgeClientConfig {
  /** the global the preload would define (shared/bridge.ts BRIDGE_KEY) */
  key: string;
  /** every action of the contract (shared/ipc.ts ACTIONS) */
  actions: readonly string[];
  /** the WebSocket path on the page's own host and port */
  socketPath: string;
}

export function installWebSocketBridge(config: BridgeClientConfig): void {
  interface PageSocket {
    send(text: string): void;
    onopen: (() => void) | null;
    onclose: (() => void) | null;
    onmessage: ((message: { data: unknown }) => void) | null;
  }
  const page = globalThis as unknown as Record<string, unknown> & {
    location: { host: string };
    WebSocket: new (url: string) => PageSocket;
  };
  type Result = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; hint?: string } };

  const listeners = new Set<(event: unknown) => void>();
  const waiting = new Map<number, (result: Result) => void>();
  let nextId = 1;
  let connection: Promise<PageSocket | null> | null = null;

  const unavailable = (): Result => ({
    ok: false,
    error: { code: 'engine-unavailable', message: 'The dev:web server does not answer.', hint: 'Start it again (npm run dev:web), then reload this page.' },
  });

  // One socket, opened on first use and again after it closed: answers come back on the
  // socket their call went out on, events on whichever socket is open.
  const connect = (): Promise<PageSocket | null> => {
    connection ??= new Promise((resolve) => {
      const socket = new page.WebSocket(`ws://${page.location.host}${config.socketPath}`);
      socket.onopen = () => resolve(socket);
      socket.onmessage = ({ data }) => {
        const message = JSON.parse(String(data)) as { id?: number | null; result?: Result; event?: unknown };
        if ('event' in message) {
          for (const listener of listeners) listener(message.event);
          return;
        }
        const answer = typeof message.id === 'number' ? waiting.get(message.id) : undefined;
        if (!answer || !message.result) return;
        waiting.delete(message.id as number);
        answer(message.result);
      };
      socket.onclose = () => {
        connection = null;
        resolve(null);
        for (const answer of waiting.values()) answer(unavailable());
        waiting.clear();
      };
    });
    return connection;
  };

  const api: Record<string, unknown> = {
    onEvent(listener: (event: unknown) => void) {
      listeners.add(listener);
      void connect();
      return () => void listeners.delete(listener);
    },
  };
  for (const action of config.actions) {
    // at most one argument goes out, as from the preload
    api[action] = async (request?: unknown): Promise<Result> => {
      const socket = await connect();
      if (!socket) return unavailable();
      return new Promise<Result>((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        try {
          socket.send(JSON.stringify({ id, action, request }));
        } catch {
          // closing already: its close handler has answered everything else
          waiting.delete(id);
          resolve(unavailable());
        }
      });
    };
  }
  page[config.key] = Object.freeze(api);
}
