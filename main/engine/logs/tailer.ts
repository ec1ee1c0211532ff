// Follows a Plex logs folder while Agent Doctor works: Phase 4 takes a checkpoint before it
// refreshes items and reads exactly the records written after it; plug-in load detection
// reads the records written after a restart.
//
//   const tailer = await Tailer.start({ logsDir });
//   const cp = await tailer.checkpoint();          // JSON: may be stored (loop state)
//   …refresh items, restart a plug-in…
//   const { records } = await tailer.readSince(cp); // none lost, none twice
//   await tailer.close();
//
// chokidar tells us when something changed; what was read is decided by byte offsets per
// file identity (log-reader.ts), so a missed or merged event loses nothing. While it runs the
// tailer keeps what it read in memory, so its own checkpoints survive even a truncation or a
// deletion of the file; a checkpoint from elsewhere (an earlier run) is read from disk, which
// follows renames (rotation) but cannot bring back bytes that were truncated or deleted.
import { randomUUID } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { LogCheckpointSchema, type LogCheckpoint, type SkipReason } from '../../../shared/metrics.ts';
import { UserError } from '../errors.ts';
import { LocalTime } from './local-time.ts';
import { listLogChains, logFileOf, PLUGIN_LOGS_DIR } from './log-files.ts';
import { LogReader, type ReaderSink } from './log-reader.ts';
import type { SkippedInput } from './metrics-builder.ts';
import type { LogRecord } from './record.ts';

export interface TailerOptions {
  logsDir: string;
  /** IANA zone the logs are written in; default: this computer's */
  timeZone?: string;
  /** a record is complete at the next head line of its file, or after this long without a
   *  new line; a partial last line is taken as it is after this long (ms) */
  idleMs?: number;
  /** records kept in memory to answer this tailer's own checkpoints (default 50 000, a few
   *  tens of MB); a checkpoint older than that is answered from disk */
  maxHistory?: number;
}

export interface TailRead {
  /** in the order they were read; the last record of a file may still grow */
  records: LogRecord[];
  skipped: SkippedInput[];
  /** where this read ended: pass it to the next readSince */
  checkpoint: LogCheckpoint;
}

export type RecordsListener = (records: LogRecord[]) => void;

interface Event {
  tick: number;
  record?: LogRecord;
  skip?: { file: string; reason: SkipReason; detail?: string };
}

export class Tailer {
  readonly logsDir: string;
  private readonly session = randomUUID();
  private readonly time: LocalTime;
  private readonly idleMs: number;
  private readonly maxHistory: number;
  private readonly reader: LogReader;
  private readonly listeners = new Set<RecordsListener>();
  /** records and skips in the order they happened, numbered by `tick` */
  private history: Event[] = [];
  private tick = 0;
  /** ticks up to here were dropped from memory */
  private floor = 0;
  private closedBatch: LogRecord[] = [];
  /** records that may still gain continuation lines */
  private readonly open = new Set<LogRecord>();
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private tail: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private dirty = new Set<string>();
  private dirtyAll = false;
  private idleDue = false;
  private closed = false;

  private constructor(options: TailerOptions) {
    this.logsDir = resolve(options.logsDir);
    this.time = new LocalTime(options.timeZone);
    this.idleMs = options.idleMs ?? 500;
    this.maxHistory = options.maxHistory ?? 50_000;
    const sink: ReaderSink = {
      opened: (record) => {
        this.open.add(record);
        this.remember({ tick: ++this.tick, record });
      },
      closed: (record) => {
        this.open.delete(record);
        this.closedBatch.push(record);
      },
      skipped: (file, reason, detail) => this.remember({ tick: ++this.tick, skip: { file, reason, ...(detail ? { detail } : {}) } }),
    };
    this.reader = new LogReader({ logsDir: this.logsDir, time: this.time, sink, holdOpen: true, idleMs: this.idleMs });
  }

  /** Starts following the folder from its current end. */
  static async start(options: TailerOptions): Promise<Tailer> {
    const t = new Tailer(options);
    await t.reader.skipToEnd((await listLogChains(t.logsDir)).chains);
    await t.watch();
    return t;
  }

  /** Calls `listener` with each batch of completed records; returns the unsubscribe. */
  onRecords(listener: RecordsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The position now: everything written so far is before it. */
  async checkpoint(): Promise<LogCheckpoint> {
    await this.sync();
    return this.position();
  }

  /** Exactly the records written after `cp` (whole lines; the file's last record as it stands). */
  async readSince(cp: LogCheckpoint): Promise<TailRead> {
    const parsed = LogCheckpointSchema.safeParse(cp);
    if (!parsed.success) throw new UserError('bad-checkpoint', `The saved log position is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}.`, 'Take a new checkpoint and run the test again.');
    if (resolve(parsed.data.logsDir) !== this.logsDir) {
      throw new UserError('checkpoint-other-folder', `The saved log position is for "${parsed.data.logsDir}", not "${this.logsDir}".`, 'Take a new checkpoint in this logs folder.');
    }
    await this.sync();
    if (parsed.data.session === this.session && parsed.data.seq >= this.floor) return this.fromMemory(parsed.data.seq);
    return this.fromDisk(parsed.data);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.sync().catch(() => undefined);
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.watcher?.close();
    this.reader.closeAll();
    this.emit();
    await this.reader.close();
  }

  private position(): LogCheckpoint {
    return { version: 1, logsDir: this.logsDir, takenAt: new Date().toISOString(), session: this.session, seq: this.tick, files: this.reader.positions() };
  }

  private fromMemory(after: number): TailRead {
    const records: LogRecord[] = [];
    const skips: Event['skip'][] = [];
    for (const e of this.history) {
      if (e.tick <= after) continue;
      // a record still open is copied: the caller gets it as it stands now
      if (e.record) records.push(this.open.has(e.record) ? { ...e.record, more: e.record.more?.slice() } : e.record);
      else skips.push(e.skip);
    }
    return { records, skipped: tally(skips), checkpoint: this.position() };
  }

  private async fromDisk(cp: LogCheckpoint): Promise<TailRead> {
    const records: LogRecord[] = [];
    const skips: Event['skip'][] = [];
    const reader = new LogReader({
      logsDir: this.logsDir,
      time: this.time,
      idleMs: this.idleMs,
      sink: { closed: (r) => records.push(r), skipped: (file, reason, detail) => skips.push({ file, reason, ...(detail ? { detail } : {}) }) },
    });
    reader.seed(cp);
    try {
      await reader.pollAll((await listLogChains(this.logsDir)).chains, true);
    } finally {
      await reader.close();
    }
    const checkpoint: LogCheckpoint = { version: 1, logsDir: this.logsDir, takenAt: new Date().toISOString(), session: `disk-${randomUUID()}`, seq: 0, files: reader.positions() };
    return { records, skipped: tally(skips), checkpoint };
  }

  private remember(e: Event): void {
    this.history.push(e);
    if (this.history.length > this.maxHistory) {
      const drop = Math.ceil(this.maxHistory / 10);
      this.floor = this.history[drop - 1]!.tick;
      this.history = this.history.slice(drop);
    }
  }

  private async watch(): Promise<void> {
    const pluginDir = join(this.logsDir, PLUGIN_LOGS_DIR);
    const ignored = (p: string): boolean => {
      if (p === this.logsDir || p === pluginDir) return false;
      const parent = dirname(p);
      if (parent === pluginDir) return logFileOf(basename(p), true) === null;
      if (parent === this.logsDir) return logFileOf(basename(p), false) === null;
      return true;
    };
    this.watcher = watch(this.logsDir, { ignoreInitial: true, depth: 1, ignored });
    this.watcher.on('all', (_event, path) => {
      const parent = dirname(path);
      const log = parent === pluginDir || parent === this.logsDir ? logFileOf(basename(path), parent === pluginDir) : null;
      // an event only says "look": what is read comes from the offsets, so errors surface on the next sync
      this.schedule(log?.source).catch(() => undefined);
    });
    await new Promise<void>((ready) => this.watcher!.once('ready', ready));
  }

  /** Reads everything new now (waits for any read in progress). */
  private sync(): Promise<void> {
    return this.schedule(undefined);
  }

  /** Queues a read of `source` (undefined: every log), merged with reads not yet started. */
  private schedule(source: string | undefined): Promise<void> {
    if (source === undefined) this.dirtyAll = true;
    else this.dirty.add(source);
    if (this.queued) return this.queued;
    const run = this.tail.then(() => {
      this.queued = null;
      const sources = this.dirtyAll ? undefined : this.dirty;
      this.dirtyAll = false;
      this.dirty = new Set();
      return this.pollNow(sources);
    });
    this.queued = run;
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async pollNow(sources: Set<string> | undefined): Promise<void> {
    if (this.closed) return;
    try {
      const { chains } = await listLogChains(this.logsDir);
      await this.reader.pollAll(sources ? chains.filter((c) => sources.has(c.source)) : chains, false);
      if (this.idleDue) {
        this.idleDue = false;
        this.reader.closeIdle();
      }
    } finally {
      this.emit();
      this.armIdleTimer();
    }
  }

  private armIdleTimer(): void {
    if (this.closed || this.timer || !this.reader.hasOpenRecords()) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.idleDue = true;
      this.schedule(undefined).catch(() => undefined);
    }, this.idleMs);
    this.timer.unref();
  }

  private emit(): void {
    if (this.closedBatch.length === 0) return;
    const batch = this.closedBatch;
    this.closedBatch = [];
    for (const listener of this.listeners) {
      try {
        listener(batch);
      } catch {
        // one listener's failure must not stop the others or the tailer
      }
    }
  }
}

function tally(skips: Event['skip'][]): SkippedInput[] {
  const out = new Map<string, SkippedInput>();
  for (const s of skips) {
    if (!s) continue;
    const key = `${s.file}\0${s.reason}`;
    const t = out.get(key);
    if (t) t.count += 1;
    else out.set(key, { file: s.file, reason: s.reason, count: 1, ...(s.detail ? { detail: s.detail } : {}) });
  }
  return [...out.values()];
}
