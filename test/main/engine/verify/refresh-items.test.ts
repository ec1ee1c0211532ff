import { afterEach, describe, expect, it } from 'vitest';
import { RefreshWatcher, type PlexClient, type PlexNotifications } from '../../../../main/engine/plex/index.ts';
import { refreshItems } from '../../../../main/engine/verify/refresh-items.ts';
import type { ScenarioOverrides } from '../../../plex-sim/scenario.ts';
import type { SimHandle } from '../../../plex-sim/sim.ts';
import { clientFor, notificationsFor, startTestSim } from '../../../plex-sim/testing.ts';

let sim: SimHandle | undefined;
let client: PlexClient;
let notifications: PlexNotifications;
async function start(overrides: ScenarioOverrides = {}): Promise<RefreshWatcher> {
  sim = await startTestSim({ overrides: { history: undefined, refreshConcurrency: 10, ...overrides, latency: { refreshMs: 60, jitterMs: 20, ...overrides.latency } } });
  client = clientFor(sim);
  notifications = notificationsFor(client);
  return new RefreshWatcher(client, notifications);
}
afterEach(async () => {
  notifications?.stop();
  await client?.close();
  await sim?.stop();
  sim = undefined;
});

const GEVI_ITEMS = ['431', '432', '434', '436', '438', '439', '440', '443'];

describe('refreshItems', () => {
  it.each([1, 2, 3])('never has more than %i refreshes in flight at Plex, even when Plex would take more', async (concurrency) => {
    const watcher = await start();
    let active = 0;
    let most = 0;
    sim!.sim.events.on('refresh-started', () => (most = Math.max(most, ++active)));
    sim!.sim.events.on('refresh-ended', () => active--);
    const results = await refreshItems(watcher, GEVI_ITEMS, { concurrency });
    expect(most).toBe(concurrency);
    expect([...results.values()].every((r) => r.state === 'finished')).toBe(true);
    expect(sim!.sim.refreshes.map((r) => r.ratingKey).sort()).toEqual([...GEVI_ITEMS].sort());
  });

  it('reports progress: items started and finished, never more finished than started', async () => {
    const watcher = await start();
    const seen: [number, number][] = [];
    await refreshItems(watcher, GEVI_ITEMS.slice(0, 4), { onProgress: (s, f) => seen.push([s, f]) });
    expect(seen.at(-1)).toEqual([4, 4]);
    expect(seen.every(([s, f]) => f <= s && s <= 4)).toBe(true);
    expect(seen.filter(([, f], i) => i > 0 && f > seen[i - 1]![1])).toHaveLength(4);
  });

  it('notes an item Plex no longer has as missing and goes on', async () => {
    const watcher = await start();
    const results = await refreshItems(watcher, ['431', '99999', '432']);
    expect(results.get('99999')).toMatchObject({ state: 'missing' });
    expect(results.get('432')).toMatchObject({ state: 'finished', detectedBy: expect.stringMatching(/^(activity|timeline)$/) });
  });

  it('gives up on an item after its timeout: outcome timeout', async () => {
    const watcher = await start({ latency: { refreshMs: 5_000, jitterMs: 0 } });
    const results = await refreshItems(watcher, ['431'], { timeoutMs: 200 });
    expect(results.get('431')).toMatchObject({ state: 'timeout' });
  });

  it('stops and says why when Plex fails to queue a refresh', async () => {
    const watcher = await start({ faults: { serverErrors: [{ path: '/library/metadata/432/refresh', status: 500, times: 5 }] } });
    await expect(refreshItems(watcher, GEVI_ITEMS)).rejects.toMatchObject({ name: 'PlexError', kind: 'server', status: 500 });
  });

  it('stops when the caller aborts', async () => {
    const watcher = await start({ latency: { refreshMs: 5_000, jitterMs: 0 } });
    const abort = new AbortController();
    const run = refreshItems(watcher, GEVI_ITEMS, { signal: abort.signal });
    void sim!.sim.waitFor('refresh-started', () => true).then(() => abort.abort(new Error('stopped by the person')));
    await expect(run).rejects.toThrow('stopped by the person');
  });
});
