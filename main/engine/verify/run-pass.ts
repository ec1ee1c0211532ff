// Runs one pass: log checkpoint → refresh the plan's items → read exactly the records written
// since the checkpoint (rotation included: the Tailer follows renamed files) → per-item results.
import { UserError } from '../errors.ts';
import type { Clock, Notify } from '../ports.ts';
import { systemClock } from '../ports.ts';
import type { Tailer } from '../logs/index.ts';
import { RefreshWatcher, type PlexClient, type PlexNotifications } from '../plex/index.ts';
import { plural } from './choose-items.ts';
import { passFromRecords, type TestPass } from './pass.ts';
import type { TestPlan } from './plan.ts';
import { refreshItems, type RefreshOptions } from './refresh-items.ts';

export interface VerifyContext {
  client: PlexClient;
  /** follows the Plex logs folder; the caller starts and closes it */
  tailer: Tailer;
  /** Plex's notification socket; without it every refresh end is found by polling */
  notifications?: PlexNotifications;
  clock?: Clock;
  notify?: Notify;
  /** shown in progress events */
  runId: string;
  /** the Plex token: removed from everything a pass keeps */
  secrets?: readonly string[];
  /** IANA zone the Plex logs are written in, as given to the Tailer; default: this computer's */
  timeZone?: string;
}

export interface PassOptions extends Omit<RefreshOptions, 'onProgress'> {
  /** how long to wait for the notification socket before the first refresh; default 5 s */
  connectTimeoutMs?: number;
}

export async function runTestPass(ctx: VerifyContext, plan: TestPlan, kind: 'baseline' | 'after', options: PassOptions = {}): Promise<TestPass> {
  const clock = ctx.clock ?? systemClock;
  if (ctx.notifications) {
    // connect before the first refresh so its events are not missed (plex-facts.md §3)
    ctx.notifications.start();
    await ctx.notifications.waitUntilOpen({ timeoutMs: options.connectTimeoutMs ?? 5_000, signal: options.signal });
  }
  const checkpoint = await ctx.tailer.checkpoint();
  const startedAt = clock.now();
  const total = plan.items.length;
  const progress = (started: number, finished: number) =>
    ctx.notify?.({ type: 'progress', at: clock.now().toISOString(), runId: ctx.runId, fixId: plan.fixId, pass: kind, started, finished, total });
  progress(0, 0);
  const watcher = new RefreshWatcher(ctx.client, ctx.notifications, clock);
  const refreshes = await refreshItems(
    watcher,
    plan.items.map((i) => i.ratingKey),
    { ...options, onProgress: progress },
  );
  const read = await ctx.tailer.readSince(checkpoint);
  const finished = [...refreshes.values()].filter((r) => r.state === 'finished').length;
  if (finished > 0 && read.records.length === 0) {
    // every refresh writes lines (PMS, the System plug-in, the agent): silence means we read the wrong place
    throw new UserError(
      'test-no-log-lines',
      `Plex finished ${plural(finished, 'refresh', 'refreshes')} but no log line was written in ${ctx.tailer.logsDir} meanwhile: it is not the folder Plex writes its logs to.`,
      'Point Agent Doctor to the Plex logs folder (the one holding "PMS Plugin Logs") and run the test again.',
    );
  }
  return passFromRecords({
    plan,
    kind,
    refreshes,
    records: read.records,
    skipped: read.skipped,
    logsDir: ctx.tailer.logsDir,
    secrets: ctx.secrets,
    startedAt,
    finishedAt: clock.now(),
  });
}
