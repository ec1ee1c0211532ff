// The sim's control endpoint, on its own port so it stays reachable while "Plex" is down:
// process control for the sim runner (quit, open, kickstart, SIGTERM), per-plug-in restart,
// WebSocket drops, faults on demand, and a state snapshot for tests and benchmarks.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimPlex } from './sim.ts';

export interface ControlServer {
  url: string;
  close(): Promise<void>;
}

export function simSnapshot(sim: SimPlex) {
  return {
    state: sim.state,
    pid: sim.pid,
    url: sim.url,
    launchdLabel: sim.scenario.process.launchdLabel,
    plugins: [sim.system, ...sim.plugins.values()].map((p) => ({ identifier: p.identifier, state: p.state, failure: p.failure, log: p.log.path })),
    refreshes: sim.refreshes,
    sockets: sim.sockets.size,
  };
}

export function startControlServer(sim: SimPlex, port: number): Promise<ControlServer> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://control');
    const reply = (status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    const act = (run: () => Promise<unknown> | void) => {
      void run();
      reply(202, { accepted: true });
    };
    const post = req.method === 'POST';
    let m: RegExpExecArray | null;
    if (req.method === 'GET' && url.pathname === '/state') return reply(200, simSnapshot(sim));
    if (post && url.pathname === '/quit') return act(() => sim.quit());
    if (post && url.pathname === '/open') return act(() => sim.open());
    if (post && url.pathname === '/restart') return act(() => sim.restart());
    if (post && url.pathname === '/terminate') {
      const pid = Number(url.searchParams.get('pid'));
      if (sim.pid === 0 || pid !== sim.pid) return reply(404, { error: `no process ${pid}` });
      return act(() => sim.quit());
    }
    if (post && url.pathname === '/ws/drop') return act(() => sim.dropWebSockets());
    if (post && (m = /^\/plugins\/([^/]+)\/restart$/.exec(url.pathname))) {
      const id = decodeURIComponent(m[1]!);
      if (!sim.plugins.has(id)) return reply(404, { error: `no plug-in ${id}` });
      return act(() => sim.restartPlugin(id));
    }
    if (post && url.pathname === '/faults') {
      let body = '';
      for await (const chunk of req) body += chunk;
      try {
        sim.setFaults(JSON.parse(body || '{}'));
      } catch (err) {
        return reply(400, { error: (err as Error).message });
      }
      return reply(200, sim.faults);
    }
    reply(404, { error: `unknown control ${req.method} ${url.pathname}` });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
