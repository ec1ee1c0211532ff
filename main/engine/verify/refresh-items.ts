// Refreshes the test items a few at a time and learns when each one ends from the Plex client's
// watcher (WebSocket events first, polling when the socket is down or silent, a per-item timeout):
// never a fixed sleep (lessons #15). Mass refreshes have made Plex fall over (plex-facts.md
// §4.2), hence the small bound.
import { isPlexError, type RefreshDetection, type RefreshWatcher } from '../plex/index.ts';

export const DEFAULT_CONCURRENCY = 2;
export const DEFAULT_ITEM_TIMEOUT_MS = 120_000;

export interface RefreshOutcome {
  /** finished: Plex ended the refresh · timeout: no end within the timeout (unknown, never
   *  "failed") · missing: Plex no longer has the item */
  state: 'finished' | 'timeout' | 'missing';
  elapsedMs: number | null;
  detectedBy?: RefreshDetection;
}

export interface RefreshOptions {
  concurrency?: number;
  timeoutMs?: number;
  /** the watcher's polling interval when the socket is down or silent; default 3 s */
  pollIntervalMs?: number;
  signal?: AbortSignal;
  /** after each item starts and ends: how many have started and finished so far */
  onProgress?: (started: number, finished: number) => void;
}

/** Refreshes every item; a Plex failure other than a vanished item stops the run and is thrown. */
export async function refreshItems(watcher: RefreshWatcher, ratingKeys: readonly string[], options: RefreshOptions = {}): Promise<Map<string, RefreshOutcome>> {
  const { concurrency = DEFAULT_CONCURRENCY, timeoutMs = DEFAULT_ITEM_TIMEOUT_MS, pollIntervalMs, onProgress } = options;
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const results = new Map<string, RefreshOutcome>();
  const queue = [...ratingKeys];
  let started = 0;
  let finished = 0;
  let failure: unknown;

  const worker = async () => {
    for (let rk = queue.shift(); rk !== undefined && !signal.aborted; rk = queue.shift()) {
      started += 1;
      onProgress?.(started, finished);
      const t0 = Date.now();
      try {
        // connectTimeoutMs 0: the socket was given its chance before the first item; a socket
        // that is down is covered by polling, not waited for item after item
        const r = await watcher.refreshAndWait(rk, { timeoutMs, pollIntervalMs, signal, connectTimeoutMs: 0 });
        results.set(rk, r.outcome === 'finished' ? { state: 'finished', elapsedMs: r.elapsedMs, detectedBy: r.via } : { state: 'timeout', elapsedMs: r.elapsedMs });
      } catch (err) {
        if (isPlexError(err, 'notFound')) {
          results.set(rk, { state: 'missing', elapsedMs: Date.now() - t0 });
        } else {
          failure ??= err;
          stop.abort(err);
          return;
        }
      }
      finished += 1;
      onProgress?.(started, finished);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, ratingKeys.length)) }, worker));
  if (failure !== undefined) throw failure;
  if (options.signal?.aborted) throw options.signal.reason;
  return results;
}
