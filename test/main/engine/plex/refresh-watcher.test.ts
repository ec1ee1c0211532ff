import { afterEach, describe, expect, it } from 'vitest';
import { contextKeyNames, RefreshWatcher, type RefreshResult } from '../../../../main/engine/plex/refresh-watcher.ts';
import type { PlexNotifications } from '../../../../main/engine/plex/notifications.ts';
import type { PlexClient } from '../../../../main/engine/plex/client.ts';
import type { SimHandle } from '../../../plex-sim/sim.ts';
import { clientFor, notificationsFor, startTestSim } from '../../../plex-sim/testing.ts';

describe('contextKeyNames', () => {
  it.each([
    ['/library/metadata/431', '431', true],
    ['/library/metadata/431/children', '431', true],
    ['/library/metadata/4310', '431', false],
    ['/library/metadata/431/tree', '431', false],
    [undefined, '431', false],
  ])('%s names item %s: %s', (key, rk, expected) => expect(contextKeyNames(key, rk)).toBe(expected));
});

describe('RefreshWatcher against the simulated Plex', () => {
  let sim: SimHandle;
  let client: PlexClient;
  let notifications: PlexNotifications | undefined;
  afterEach(async () => {
    notifications?.stop();
    notifications = undefined;
    await client?.close();
    await sim?.stop();
  });

  /** how long Plex itself took for that refresh, from the sim's own record */
  const simLatency = (rk: string): number => {
    const r = sim.sim.refreshes.filter((x) => x.ratingKey === rk).at(-1)!;
    return r.endedAt! - r.requestedAt;
  };
  const twentyItems = () => [...sim.sim.items.keys()].slice(0, 20);

  it('learns over the WebSocket that each of 20 refreshes finished, within the sim latency + 1 s', async () => {
    sim = await startTestSim();
    client = clientFor(sim);
    notifications = notificationsFor(client);
    const watcher = new RefreshWatcher(client, notifications);
    const results: RefreshResult[] = [];
    for (const rk of twentyItems()) {
      // polling effectively off: only events can finish the wait in time
      const r = await watcher.refreshAndWait(rk, { timeoutMs: 10_000, pollIntervalMs: 60_000 });
      results.push(r);
      expect(r).toMatchObject({ ratingKey: rk, outcome: 'finished', started: true });
      expect(['activity', 'timeline']).toContain(r.outcome === 'finished' ? r.via : '');
      expect(r.elapsedMs).toBeLessThanOrEqual(simLatency(rk) + 1000);
    }
    expect(results).toHaveLength(20);
  }, 60_000);

  it('learns the same by polling when the WebSocket is refused', async () => {
    sim = await startTestSim({ scenarioName: 'no-websocket' });
    client = clientFor(sim);
    notifications = notificationsFor(client);
    const watcher = new RefreshWatcher(client, notifications);
    for (const rk of twentyItems()) {
      const r = await watcher.refreshAndWait(rk, { timeoutMs: 10_000, pollIntervalMs: 100, connectTimeoutMs: 50 });
      expect(r).toMatchObject({ ratingKey: rk, outcome: 'finished', via: 'poll' });
      expect(r.elapsedMs).toBeLessThanOrEqual(simLatency(rk) + 1000);
    }
    expect(notifications.state).not.toBe('open');
  }, 60_000);

  it('falls back to polling when the socket is open but silent', async () => {
    sim = await startTestSim({ overrides: { faults: { websocket: 'silent' } } });
    client = clientFor(sim);
    notifications = notificationsFor(client);
    const watcher = new RefreshWatcher(client, notifications);
    const r = await watcher.refreshAndWait('431', { timeoutMs: 10_000, pollIntervalMs: 100, silenceMs: 200 });
    expect(notifications.state).toBe('open');
    expect(r).toMatchObject({ outcome: 'finished', via: 'poll' });
  });

  it('reconciles by polling after a reconnect: events sent while the socket was down are lost', async () => {
    sim = await startTestSim({ overrides: { latency: { refreshMs: 400, jitterMs: 0 } } });
    client = clientFor(sim);
    notifications = notificationsFor(client, { initialMs: 50, maxMs: 50 });
    const watcher = new RefreshWatcher(client, notifications);
    // drop the socket as the refresh starts and refuse it until the refresh has ended
    void sim.sim.waitFor('refresh-started', (r) => r.ratingKey === '431').then(() => {
      sim.sim.setFaults({ websocket: 'off' });
      sim.sim.dropWebSockets();
      return sim.sim.waitFor('refresh-ended', (r) => r.ratingKey === '431').then(() => sim.sim.setFaults({ websocket: 'on' }));
    });
    const r = await watcher.refreshAndWait('431', { timeoutMs: 10_000, pollIntervalMs: 60_000, silenceMs: 60_000 });
    expect(r).toMatchObject({ outcome: 'finished', via: 'poll', started: true });
  });

  it('gives up after the timeout with "timeout", not "failed"', async () => {
    sim = await startTestSim({ overrides: { latency: { refreshMs: 5_000, jitterMs: 0 } } });
    client = clientFor(sim);
    notifications = notificationsFor(client);
    const r = await new RefreshWatcher(client, notifications).refreshAndWait('431', { timeoutMs: 300, pollIntervalMs: 60_000 });
    expect(r).toMatchObject({ ratingKey: '431', outcome: 'timeout', started: true });
  });

  it('refuses an unknown item before sending anything', async () => {
    sim = await startTestSim();
    client = clientFor(sim);
    await expect(new RefreshWatcher(client, undefined).refreshAndWait('999999', { timeoutMs: 1_000 })).rejects.toThrow(/has no library item 999999/);
    expect(sim.sim.refreshes).toEqual([]);
  });

  it('stops waiting when the caller aborts', async () => {
    sim = await startTestSim({ overrides: { latency: { refreshMs: 5_000, jitterMs: 0 } } });
    client = clientFor(sim);
    const stop = new AbortController();
    const waiting = new RefreshWatcher(client, undefined).refreshAndWait('431', { timeoutMs: 10_000, signal: stop.signal });
    await sim.sim.waitFor('refresh-started', () => true);
    stop.abort(new Error('user stopped'));
    await expect(waiting).rejects.toThrow('user stopped');
  });
});
