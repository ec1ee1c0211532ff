// Plex client figures against the simulated Plex: how late a finished refresh is noticed
// (WebSocket events vs. the polling fallback), how long the client's typical requests take, and
// how fast the sim writes a day of history. Figures, with the target beside each.
import { RefreshWatcher } from '../main/engine/plex/refresh-watcher.ts';
import { clientFor, notificationsFor, startTestSim } from '../test/plex-sim/testing.ts';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const line = (what: string, value: string, target: string) => process.stdout.write(`${what.padEnd(46)} ${value.padStart(22)}   target ${target}\n`);

async function detectionLag(mode: 'websocket' | 'polling', count: number, pollIntervalMs: number): Promise<number[]> {
  const sim = await startTestSim({ scenarioName: mode === 'websocket' ? 'fast' : 'no-websocket', overrides: { history: undefined, latency: { refreshMs: 200, jitterMs: 0 } } });
  const client = clientFor(sim);
  const notifications = notificationsFor(client);
  const watcher = new RefreshWatcher(client, notifications);
  const lags: number[] = [];
  for (const rk of [...sim.sim.items.keys()].slice(0, count)) {
    await watcher.refreshAndWait(rk, { timeoutMs: 30_000, pollIntervalMs: mode === 'websocket' ? 60_000 : pollIntervalMs, connectTimeoutMs: 50 });
    const noticed = Date.now();
    const ended = sim.sim.refreshes.filter((r) => r.ratingKey === rk).at(-1)!.endedAt!;
    lags.push(noticed - ended);
  }
  notifications.stop();
  await client.close();
  await sim.stop();
  return lags;
}

const ws = await detectionLag('websocket', 40, 0);
line('refresh end noticed over WebSocket, p50', fmt(pct(ws, 50)), '< 1000 ms (issue 3)');
line('refresh end noticed over WebSocket, p95', fmt(pct(ws, 95)), '< 1000 ms');
const POLL = 500;
const poll = await detectionLag('polling', 20, POLL);
line(`noticed by polling every ${POLL} ms, p50`, fmt(pct(poll, 50)), `≤ poll interval + 1 request`);
line(`noticed by polling every ${POLL} ms, p95`, fmt(pct(poll, 95)), `≤ ${POLL + 1000} ms`);
line('polling lag / WebSocket lag (p50)', `${(pct(poll, 50) / Math.max(0.1, pct(ws, 50))).toFixed(0)}×`, 'why the socket comes first');

const started = performance.now();
const sim = await startTestSim({ scenarioName: 'default', overrides: { history: { refreshesPerItem: 10, hoursAgo: 24 } } });
const historyMs = performance.now() - started;
line('sim start with 440 past refreshes (44 items ×10)', fmt(historyMs), '< 5000 ms (test set-up)');
const client = clientFor(sim);
const times: number[] = [];
for (let i = 0; i < 200; i++) {
  const t = performance.now();
  await client.sectionItems('1');
  times.push(performance.now() - t);
}
line('GET a section (20 items, JSON + zod), p50', fmt(pct(times, 50)), '< 50 ms on localhost');
line('GET a section, p95', fmt(pct(times, 95)), '< 100 ms');
await client.close();
await sim.stop();
