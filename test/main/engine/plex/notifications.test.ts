import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay, type NotificationEvent, type PlexNotifications } from '../../../../main/engine/plex/notifications.ts';
import type { SimHandle } from '../../../plex-sim/sim.ts';
import { clientFor, notificationsFor, startTestSim } from '../../../plex-sim/testing.ts';

/** resolves with the first event of `type` (optionally matching `test`); never a fixed wait */
function next<T extends NotificationEvent['type']>(n: PlexNotifications, type: T, test: (e: Extract<NotificationEvent, { type: T }>) => boolean = () => true): Promise<Extract<NotificationEvent, { type: T }>> {
  return new Promise((resolve) => {
    const off = n.subscribe((e) => {
      if (e.type === type && test(e as Extract<NotificationEvent, { type: T }>)) {
        off();
        resolve(e as Extract<NotificationEvent, { type: T }>);
      }
    });
  });
}

describe('backoffDelay', () => {
  it('doubles from 1 s up to 30 s and stays there', () => {
    expect(Array.from({ length: 8 }, (_, i) => backoffDelay(i))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(backoffDelay(1000)).toBe(30000);
  });
});

describe('PlexNotifications against the simulated Plex', () => {
  let sim: SimHandle;
  let notifications: PlexNotifications;
  afterEach(async () => {
    notifications?.stop();
    await sim?.stop();
  });

  it('connects and delivers typed activity and timeline events of a refresh', async () => {
    sim = await startTestSim();
    const client = clientFor(sim);
    notifications = notificationsFor(client);
    const connected = next(notifications, 'connected');
    notifications.start();
    await connected;
    expect(notifications.state).toBe('open');
    const ended = next(notifications, 'activity', (e) => e.event === 'ended');
    const processed = next(notifications, 'timeline', (e) => e.entry.state === 5 && e.entry.mediaState === undefined);
    await client.refresh('431');
    expect((await ended).activity).toMatchObject({ type: 'library.refresh.items', contextKey: '/library/metadata/431', progress: 100 });
    expect((await processed).entry).toMatchObject({ identifier: 'com.plexapp.plugins.library', itemID: '431', sectionID: '1' });
    await client.close();
  });

  it('reports the drop when Plex restarts and reconnects by itself', async () => {
    sim = await startTestSim();
    notifications = notificationsFor(clientFor(sim));
    const connected = next(notifications, 'connected');
    notifications.start();
    await connected;
    const disconnected = next(notifications, 'disconnected');
    const reconnected = next(notifications, 'reconnected');
    void sim.sim.restart();
    expect((await disconnected).reason).toMatch(/closed by the server/);
    await reconnected;
    expect(notifications.state).toBe('open');
  });

  it('skips the back-off when told Plex is back', async () => {
    sim = await startTestSim();
    notifications = notificationsFor(clientFor(sim), { initialMs: 60_000, maxMs: 60_000 });
    const connected = next(notifications, 'connected');
    notifications.start();
    await connected;
    const disconnected = next(notifications, 'disconnected');
    sim.sim.dropWebSockets();
    await disconnected;
    expect(notifications.state).toBe('waiting');
    const reconnected = next(notifications, 'reconnected');
    notifications.reconnectNow();
    await reconnected;
  });

  it('keeps trying while the socket is refused, and stops for good on stop()', async () => {
    sim = await startTestSim({ scenarioName: 'no-websocket' });
    notifications = notificationsFor(clientFor(sim));
    notifications.start();
    expect(await notifications.waitUntilOpen({ timeoutMs: 300 })).toBe(false);
    expect(notifications.lastError).toBe('could not connect');
    expect(['connecting', 'waiting']).toContain(notifications.state);
    notifications.stop();
    expect(notifications.state).toBe('stopped');
  });
});
