// Knowing when Plex has finished refreshing one item (plex-facts.md §4.2). The 200 of the PUT
// only means "queued" (lessons #15); the end is an activity `ended` whose Context.key names the
// item, or a timeline entry for it in state 5 with no metadataState/mediaState. When the socket
// is down or silent we poll /activities, the item's updatedAt and the section queue instead.
import { systemClock, type Clock } from '../ports.ts';
import { isPlexError } from './errors.ts';
import type { PlexClient } from './client.ts';
import type { PlexNotifications, NotificationEvent } from './notifications.ts';

export const LIBRARY_IDENTIFIER = 'com.plexapp.plugins.library';
const TIMELINE_PROCESSED = 5;

export interface RefreshWaitOptions {
  /** per item; on expiry the outcome is `timeout`, which means "unknown", never "failed" */
  timeoutMs: number;
  signal?: AbortSignal;
  /** polling fallback interval; default 3 s */
  pollIntervalMs?: number;
  /** an open socket with no message for this long counts as silent → poll; default 60 s */
  silenceMs?: number;
  /** the item's updatedAt before the trigger; fetched when not given */
  baselineUpdatedAt?: number;
  /** how long to wait for the socket before the trigger; default 5 s, then polling covers */
  connectTimeoutMs?: number;
}

export type RefreshDetection = 'activity' | 'timeline' | 'poll';

export type RefreshResult =
  | { ratingKey: string; outcome: 'finished'; via: RefreshDetection; started: boolean; elapsedMs: number }
  | { ratingKey: string; outcome: 'timeout'; started: boolean; elapsedMs: number };

/** `/library/metadata/431/children` and `/library/metadata/431` both name item 431. */
export function contextKeyNames(contextKey: string | undefined, ratingKey: string): boolean {
  if (contextKey === undefined) return false;
  return contextKey.replace(/\/children$/, '') === `/library/metadata/${ratingKey}`;
}

export class RefreshWatcher {
  private readonly client: PlexClient;
  private readonly notifications: PlexNotifications | undefined;
  private readonly clock: Clock;

  /** Without `notifications` every wait is by polling. */
  constructor(client: PlexClient, notifications: PlexNotifications | undefined, clock: Clock = systemClock) {
    this.client = client;
    this.notifications = notifications;
    this.clock = clock;
  }

  /** Connects first, reads the baseline, sends the refresh, then waits — in that order, so the
   *  `started` event cannot be missed. */
  async refreshAndWait(ratingKey: string, options: RefreshWaitOptions): Promise<RefreshResult> {
    if (this.notifications) {
      this.notifications.start();
      await this.notifications.waitUntilOpen({ timeoutMs: options.connectTimeoutMs ?? 5_000, signal: options.signal });
    }
    const baselineUpdatedAt = options.baselineUpdatedAt ?? (await this.client.item(ratingKey, { signal: options.signal })).updatedAt;
    const done = this.waitForRefresh(ratingKey, { ...options, baselineUpdatedAt: baselineUpdatedAt ?? 0 });
    done.catch(() => undefined); // an abort during the PUT must not surface as unhandled; the caller gets it below
    try {
      await this.client.refresh(ratingKey, { signal: options.signal });
    } catch (err) {
      done.cancel();
      throw err;
    }
    return done;
  }

  /** Starts listening at once (call it before sending the PUT) and resolves when the item's
   *  refresh has ended or the timeout passed. Rejects only for an abort or a vanished item. */
  waitForRefresh(ratingKey: string, options: RefreshWaitOptions): Promise<RefreshResult> & { cancel(): void } {
    const clock = this.clock;
    const startedAt = Date.now();
    const pollIntervalMs = options.pollIntervalMs ?? 3_000;
    const silenceMs = options.silenceMs ?? 60_000;
    const stop = new AbortController();
    const notifications = this.notifications;
    let started = false;
    let baseline = options.baselineUpdatedAt;
    let sectionId: string | undefined;
    let polling = false;
    let settle!: (r: RefreshResult | Error) => void;

    const promise = new Promise<RefreshResult>((resolve, reject) => {
      settle = (r) => {
        if (stop.signal.aborted) return;
        stop.abort();
        if (r instanceof Error) reject(r);
        else resolve(r);
      };
    });
    const finish = (via: RefreshDetection) => settle({ ratingKey, outcome: 'finished', via, started, elapsedMs: Date.now() - startedAt });
    const onAbort = () => settle(options.signal?.reason instanceof Error ? options.signal.reason : new Error('aborted'));

    const onEvent = (e: NotificationEvent) => {
      if (e.type === 'activity' && contextKeyNames(e.activity.contextKey, ratingKey)) {
        if (e.event === 'ended') finish('activity');
        else started = true;
      } else if (e.type === 'timeline' && e.entry.itemID === ratingKey && (e.entry.identifier ?? LIBRARY_IDENTIFIER) === LIBRARY_IDENTIFIER) {
        if (e.entry.state === TIMELINE_PROCESSED && e.entry.metadataState === undefined && e.entry.mediaState === undefined) finish('timeline');
        else if (e.entry.state < TIMELINE_PROCESSED) started = true;
      } else if (e.type === 'reconnected') {
        void poll(); // events sent while the socket was down are lost
      }
    };
    const unsubscribe = notifications?.subscribe(onEvent);
    stop.signal.addEventListener('abort', () => {
      unsubscribe?.();
      options.signal?.removeEventListener('abort', onAbort);
    });
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const socketHealthy = () => {
      if (!notifications || notifications.state !== 'open') return false;
      const heardAt = Math.max(notifications.lastMessageAt ?? 0, startedAt);
      return Date.now() - heardAt < silenceMs;
    };

    const poll = async () => {
      if (polling || stop.signal.aborted) return;
      polling = true;
      try {
        const signal = stop.signal;
        const activities = await this.client.activities({ signal });
        if (activities.some((a) => contextKeyNames(a.contextKey, ratingKey))) {
          started = true;
          return;
        }
        const item = await this.client.item(ratingKey, { signal });
        sectionId ??= item.librarySectionID;
        if (baseline === undefined) {
          baseline = item.updatedAt ?? 0;
          return;
        }
        if (item.updatedAt !== undefined && item.updatedAt > baseline) return finish('poll');
        if (sectionId !== undefined) {
          const queue = await this.client.sectionTimeline(sectionId, { signal });
          if (queue.updateQueueSize === 0) finish('poll');
        }
      } catch (err) {
        if (stop.signal.aborted) return;
        if (isPlexError(err, 'notFound')) settle(err);
        // Plex down or busy: the next poll or the timeout decides
      } finally {
        polling = false;
      }
    };

    void (async () => {
      if (baseline === undefined) {
        try {
          const item = await this.client.item(ratingKey, { signal: stop.signal });
          baseline ??= item.updatedAt ?? 0;
          sectionId ??= item.librarySectionID;
        } catch (err) {
          if (isPlexError(err, 'notFound')) return settle(err);
        }
      }
      while (!stop.signal.aborted) {
        try {
          await clock.sleep(pollIntervalMs, stop.signal);
        } catch {
          return;
        }
        if (!socketHealthy()) await poll();
      }
    })();

    clock.sleep(options.timeoutMs, stop.signal).then(
      () => settle({ ratingKey, outcome: 'timeout', started, elapsedMs: Date.now() - startedAt }),
      () => undefined,
    );

    return Object.assign(promise, { cancel: () => settle({ ratingKey, outcome: 'timeout', started, elapsedMs: Date.now() - startedAt }) });
  }
}
