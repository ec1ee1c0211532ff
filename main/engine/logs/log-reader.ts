// Reads the logs of a folder into records, remembering per file (by identity: dev + inode,
// which survives a rename) how far it got. One engine for three jobs: a whole-folder read
// (aggregate), a running tailer, and a read from a saved checkpoint. Correctness comes from
// these byte offsets, never from timestamps (plex-facts.md §7):
//  - a file we know under a new name (rotation `.log` → `.log.1`) is read on from its offset;
//  - a file we do not know (new since, or rotated in between) is read from its start;
//  - a known file that shrank, or whose first bytes changed, was truncated or re-created:
//    read from its start;
//  - a known file that vanished is drained through the handle we hold, when we hold one.
// Files are visited oldest first so records come out in the order they were written.
import { statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { LogCheckpoint, LogFileCursor, SkipReason } from '../../../shared/metrics.ts';
import { LineSplitter } from './line-splitter.ts';
import type { LocalTime } from './local-time.ts';
import { grammarOf, logFileOf, PLUGIN_LOGS_DIR, type LogChain, type LogFile } from './log-files.ts';
import { RecordAssembler } from './record-assembler.ts';
import type { LogRecord } from './record.ts';

/** How many leading bytes identify a file's content (timestamp + thread of its first line). */
const HEAD_BYTES = 48;
const CHUNK_BYTES = 1 << 20;
const SNIFF_BYTES = 4096;
const GONE = 'emptied, replaced or deleted before it was read to the end: what was written to it since the last read is lost';

export interface ReaderSink {
  /** a head line was read; the record may still grow */
  opened?(record: LogRecord): void;
  /** the record is complete */
  closed(record: LogRecord): void;
  skipped(file: string, reason: SkipReason, detail?: string): void;
  /** bytes of `file` consumed by this read, reported before the records read from them */
  read?(file: string, bytes: number): void;
  /** a head line that only needs counting (RecordSink.brief), from log `source` */
  brief?(source: string, file: string, line: string, time: LocalTime): boolean;
}

export interface LogReaderOptions {
  logsDir: string;
  time: LocalTime;
  sink: ReaderSink;
  /** keep each live file open, so lines written just before it is deleted can still be read */
  holdOpen?: boolean;
  /** a partial last line counts as complete once its file has been quiet this long */
  idleMs?: number;
  /** report files without a byte (a whole-folder read; a tailer sees new empty files often) */
  reportEmpty?: boolean;
  now?: () => number;
}

interface Cursor {
  key: string;
  dev: bigint;
  ino: bigint;
  source: string;
  rel: string;
  size: number;
  /** bytes handed to the splitter */
  fed: number;
  head: string;
  splitter: LineSplitter;
  assembler: RecordAssembler;
  fh: FileHandle | null;
  /** rotated away: its writer has moved on, nothing more will come */
  done: boolean;
  binary: boolean;
  lastDataAt: number;
  /** listings in a row that did not show a rotated file */
  missed: number;
}

interface Ahead {
  entry: Entry;
  buffer: Buffer;
  /** the handle (null: the file was replaced since it was listed) and the first chunk's length */
  ready: Promise<{ fh: FileHandle | null; bytes: number }>;
}

interface Entry {
  file: LogFile;
  key: string;
  dev: bigint;
  ino: bigint;
  size: number;
  mtimeMs: number;
}

export class LogReader {
  private readonly o: LogReaderOptions;
  private readonly cursors = new Map<string, Cursor>();
  private readonly bySource = new Map<string, Set<Cursor>>();
  /** read buffers not in use: a file being parsed holds two, a file read ahead one */
  private readonly freeBuffers: Buffer[] = [];
  /** a final read: the files it will read from the start, in order, and the next one, opened
   *  and its first chunk read while the file before it is parsed */
  private upcoming: Entry[] = [];
  private ahead: Ahead | null = null;
  private readonly reported = new Set<string>();
  private readonly now: () => number;
  private readonly idleMs: number;

  constructor(options: LogReaderOptions) {
    this.o = options;
    this.now = options.now ?? Date.now;
    this.idleMs = options.idleMs ?? 500;
  }

  /** Starts from a checkpoint: its files are read on from their offsets. */
  seed(cp: LogCheckpoint): void {
    for (const f of cp.files) {
      const slash = f.path.lastIndexOf('/');
      const inPluginDir = f.path.startsWith(`${PLUGIN_LOGS_DIR}/`);
      const log = logFileOf(f.path.slice(slash + 1), inPluginDir);
      if (!log) continue;
      const c = this.cursor(`${f.dev}:${f.ino}`, BigInt(f.dev), BigInt(f.ino), log.source, f.path, f.offset, f.offset > 0);
      c.size = f.size;
      c.head = f.head;
      c.done = log.generation > 0;
    }
  }

  /** Starts at the current end of every file: only what is written from now on is read. */
  async skipToEnd(chains: readonly LogChain[]): Promise<void> {
    for (const chain of chains) {
      for (const e of this.list(chain)) {
        if (this.cursors.has(e.key)) continue;
        const c = this.cursor(e.key, e.dev, e.ino, chain.source, e.file.rel, e.size, true);
        c.size = e.size;
        c.head = await readHead(e.file.path).catch(() => '');
        c.done = e.file.generation > 0;
        if (!c.done && this.o.holdOpen) c.fh = await this.openSame(e).catch(() => null);
      }
    }
  }

  /** Reads what is new in these logs, one after the other. `final`: the read ends here (whole-folder
   *  read, read from a checkpoint): open records are closed, and a partial last line is taken
   *  if its file is quiet. `notBefore` (epoch ms): files not seen before and last written
   *  earlier are left unread. */
  async pollAll(chains: readonly LogChain[], final: boolean, notBefore?: number): Promise<void> {
    if (!final || this.o.holdOpen) {
      for (const chain of chains) await this.pollListed(chain, this.list(chain), final, notBefore);
      return;
    }
    // listed first, so the next file can be opened and read while this one is parsed
    const listed = chains.map((chain) => ({ chain, entries: this.list(chain) }));
    this.upcoming = listed.flatMap(({ entries }) => entries.filter((e) => !this.cursors.has(e.key) && e.size > 0 && (notBefore === undefined || e.mtimeMs >= notBefore)));
    try {
      for (const { chain, entries } of listed) await this.pollListed(chain, entries, final, notBefore);
    } finally {
      this.upcoming = [];
      this.dropAhead();
    }
  }

  private async pollListed(chain: LogChain, entries: Entry[], final: boolean, notBefore?: number): Promise<void> {
    const present = new Set(entries.map((e) => e.key));
    for (const c of [...(this.bySource.get(chain.source) ?? [])]) {
      if (present.has(c.key)) {
        c.missed = 0;
        continue;
      }
      // Not in this listing: deleted, or caught in the middle of a rotation's renames.
      if (c.fh) {
        const st = await c.fh.stat().catch(() => null);
        if (st && st.nlink > 0) continue; // still has a name: a later listing finds it
        await this.readFrom(c, c.fh, Number.MAX_SAFE_INTEGER);
        this.finish(c, true);
      } else if (!c.done) {
        this.report(c.rel, 'gone', GONE);
      } else if (++c.missed < 3) {
        continue; // a rotated file: forgotten once it has really gone
      }
      await this.forget(c);
    }
    for (const e of entries) {
      let c = this.cursors.get(e.key);
      if (!c && notBefore !== undefined && e.mtimeMs < notBefore) continue;
      // Without a handle held open, bytes written before a truncation, or to a file deleted
      // and re-created under the same inode, were never seen: read it anew and say so.
      if (c && !c.fh && (e.size < c.fed || (e.size > c.fed && !(await sameHead(e.file.path, c.head))))) {
        if (!c.done) this.report(c.rel, 'gone', GONE);
        await this.forget(c);
        c = undefined;
      }
      if (c && e.size < c.fed) this.restart(c); // truncated in place; what it held was read already
      if (!c) {
        c = this.cursor(e.key, e.dev, e.ino, chain.source, e.file.rel, 0, false);
        if (e.size === 0 && this.o.reportEmpty) this.report(e.file.rel, 'empty', 'the file has no lines');
      }
      if (c.rel !== e.file.rel) {
        c.rel = e.file.rel;
        c.assembler.renamed(e.file.rel);
      }
      c.size = e.size;
      if (e.size > c.fed) await this.read(c, e);
      if (e.file.generation > 0 && !c.done) {
        this.finish(c, true);
        c.done = true;
        await c.fh?.close();
        c.fh = null;
      } else if (final) {
        this.finish(c, this.now() - e.mtimeMs >= this.idleMs);
      }
    }
  }

  /** Closes records of files quiet for `idleMs` (a record is complete when the next head line
   *  comes, or when nothing more comes); a partial line there is taken as it is. */
  closeIdle(): void {
    const now = this.now();
    for (const c of this.cursors.values()) {
      if (c.done || (!c.assembler.hasOpenRecord && c.splitter.pendingBytes === 0)) continue;
      if (now - c.lastDataAt >= this.idleMs) this.finish(c, true);
    }
  }

  /** Ends reading: every open record is closed; a partial last line is taken if its file has
   *  been quiet for `idleMs`, else counted as left unread. */
  closeAll(): void {
    const now = this.now();
    for (const c of this.cursors.values()) if (!c.done) this.finish(c, now - c.lastDataAt >= this.idleMs);
  }

  hasOpenRecords(): boolean {
    for (const c of this.cursors.values()) if (!c.done && (c.assembler.hasOpenRecord || c.splitter.pendingBytes > 0)) return true;
    return false;
  }

  /** Where every known file stands: whole lines read so far. */
  positions(): LogFileCursor[] {
    return [...this.cursors.values()].map((c) => ({
      path: c.rel,
      dev: String(c.dev),
      ino: String(c.ino),
      size: Math.max(c.size, c.fed),
      offset: c.fed - c.splitter.pendingBytes,
      head: c.head,
    }));
  }

  async close(): Promise<void> {
    for (const c of this.cursors.values()) await c.fh?.close().catch(() => undefined);
    for (const c of this.cursors.values()) c.fh = null;
  }

  private cursor(key: string, dev: bigint, ino: bigint, source: string, rel: string, fed: number, resumed: boolean): Cursor {
    const c = { key, dev, ino, source, rel, size: fed, fed, head: '', fh: null, done: false, binary: false, lastDataAt: this.now(), missed: 0 } as Cursor;
    this.attach(c, resumed);
    this.cursors.set(key, c);
    let same = this.bySource.get(source);
    if (!same) this.bySource.set(source, (same = new Set()));
    same.add(c);
    return c;
  }

  private attach(c: Cursor, resumed: boolean): void {
    const out = this.o.sink;
    const sink = {
      opened: out.opened?.bind(out),
      closed: (r: LogRecord) => out.closed(r),
      skip: (reason: SkipReason) => out.skipped(c.rel, reason),
      brief: out.brief && ((line: string) => out.brief!(c.source, c.rel, line, this.o.time)),
    };
    c.assembler = new RecordAssembler({ parse: grammarOf(c.source), source: c.source, file: c.rel, time: this.o.time, sink, resumed });
    c.splitter = new LineSplitter(c.assembler);
  }

  /** The file now holds other bytes than the ones counted: start it over. */
  private restart(c: Cursor): void {
    c.assembler.close();
    c.fed = 0;
    c.head = '';
    c.binary = false;
    this.attach(c, false);
  }

  private finish(c: Cursor, takePartial: boolean): void {
    if (c.splitter.pendingBytes > 0 || c.splitter.isDiscarding) {
      if (takePartial) c.splitter.finish();
      else this.report(c.rel, 'truncated-line', 'the last line was still being written; it is left for the next read');
    }
    c.assembler.close();
  }

  private async forget(c: Cursor): Promise<void> {
    c.assembler.close();
    await c.fh?.close().catch(() => undefined);
    this.cursors.delete(c.key);
    this.bySource.get(c.source)?.delete(c);
  }

  /** The files of a log as they are now. Synchronous on purpose: a folder may hold hundreds of
   *  files, and a stat through the thread pool costs ten times one done here (a few µs). */
  private list(chain: LogChain): Entry[] {
    const out: Entry[] = [];
    for (const file of chain.files) {
      try {
        const st = statSync(file.path, { bigint: true });
        if (!st.isFile()) this.report(file.rel, 'unreadable', 'not a regular file');
        else out.push({ file, key: `${st.dev}:${st.ino}`, dev: st.dev, ino: st.ino, size: Number(st.size), mtimeMs: Number(st.mtimeMs) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.report(file.rel, 'unreadable', describe(err));
      }
    }
    return out;
  }

  private async openSame(e: Entry): Promise<FileHandle | null> {
    const fh = await open(e.file.path, 'r');
    const st = await fh.stat({ bigint: true }).catch(async (err: unknown) => {
      await fh.close();
      throw err;
    });
    if (st.dev === e.dev && st.ino === e.ino) return fh;
    await fh.close(); // renamed between stat and open: the next poll sees the new layout
    return null;
  }

  private async read(c: Cursor, e: Entry): Promise<void> {
    const ahead = this.ahead?.entry === e && c.fed === 0 && !c.fh ? this.ahead : null;
    if (ahead) this.ahead = null;
    this.readAhead(e);
    let fh = c.fh;
    let first: { buffer: Buffer; bytes: Promise<number> } | undefined;
    try {
      if (ahead) {
        const { fh: opened, bytes } = await ahead.ready;
        fh = opened;
        first = { buffer: ahead.buffer, bytes: Promise.resolve(bytes) };
      } else {
        fh ??= await this.openSame(e);
      }
    } catch (err) {
      if (ahead) this.freeBuffers.push(ahead.buffer);
      this.report(e.file.rel, 'unreadable', describe(err));
      return;
    }
    if (!fh) {
      if (ahead) this.freeBuffers.push(ahead.buffer);
      return;
    }
    try {
      await this.readFrom(c, fh, e.size, first);
    } catch (err) {
      this.report(e.file.rel, 'unreadable', describe(err));
    } finally {
      if (this.o.holdOpen && e.file.generation === 0 && !c.done) c.fh = fh;
      else if (fh !== c.fh) await fh.close().catch(() => undefined);
    }
  }

  /** Opens the file that comes after `e` in a final read and reads its first chunk. */
  private readAhead(e: Entry): void {
    const at = this.upcoming.indexOf(e);
    const next = at < 0 ? undefined : this.upcoming[at + 1];
    if (!next || this.ahead?.entry === next) return;
    this.dropAhead();
    const buffer = this.freeBuffers.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
    const ready = this.openSame(next).then(async (fh) => {
      if (!fh) return { fh, bytes: 0 };
      try {
        return { fh, bytes: (await fh.read(buffer, 0, Math.min(CHUNK_BYTES, next.size), 0)).bytesRead };
      } catch (err) {
        await fh.close().catch(() => undefined);
        throw err;
      }
    });
    ready.catch(() => undefined); // reported when the file's turn comes
    this.ahead = { entry: next, buffer, ready };
  }

  /** A file read ahead whose turn did not come (it was left out, or the read ended). */
  private dropAhead(): void {
    const ahead = this.ahead;
    if (!ahead) return;
    this.ahead = null;
    ahead.ready.then(
      ({ fh }) => {
        this.freeBuffers.push(ahead.buffer);
        return fh?.close();
      },
      () => this.freeBuffers.push(ahead.buffer),
    ).catch(() => undefined);
  }

  /** Reads `c` from where it stands up to `end`; `first`: its first chunk, already asked for. */
  private async readFrom(c: Cursor, fh: FileHandle, end: number, first?: { buffer: Buffer; bytes: Promise<number> }): Promise<void> {
    const start = c.fed;
    // two buffers: the next chunk is read while this one is parsed
    let current = first?.buffer ?? this.freeBuffers.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
    let next = this.freeBuffers.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
    const readInto = (buffer: Buffer) => fh.read(buffer, 0, Math.min(CHUNK_BYTES, end - c.fed), c.fed).then((r) => r.bytesRead);
    let reading = first ? first.bytes : c.fed < end ? readInto(current) : null;
    try {
      while (reading) {
        const bytesRead = await reading;
        if (bytesRead === 0) break;
        const chunk = current.subarray(0, bytesRead);
        const at = c.fed;
        c.fed += bytesRead;
        reading = c.fed < end ? readInto(next) : null;
        if (at === 0) {
          c.head = chunk.subarray(0, HEAD_BYTES).toString('base64');
          c.binary = looksBinary(chunk);
          if (c.binary) this.report(c.rel, 'binary', 'not a text log: the file holds binary data');
        }
        this.o.sink.read?.(c.rel, bytesRead);
        if (!c.binary) c.splitter.push(chunk);
        [current, next] = [next, current];
      }
    } finally {
      // a read still under way writes into its buffer: it is given back once done
      await reading?.catch(() => 0);
      this.freeBuffers.push(current, next);
    }
    if (c.fed > start) c.lastDataAt = this.now();
  }

  private report(file: string, reason: SkipReason, detail: string): void {
    // a file-level problem is counted once per file and reason, not on every poll
    const key = `${file}\0${reason}`;
    if (reason !== 'truncated-line' && this.reported.has(key)) return;
    this.reported.add(key);
    this.o.sink.skipped(file, reason, detail);
  }
}

/** NUL bytes near the start of something that does not open like a log line. */
function looksBinary(chunk: Buffer): boolean {
  const c = chunk[0] ?? 0;
  const opensLikeLog = (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  return !opensLikeLog && chunk.subarray(0, SNIFF_BYTES).indexOf(0) >= 0;
}

async function readBytes(path: string, length: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** base64 of the first HEAD_BYTES bytes */
async function readHead(path: string): Promise<string> {
  return (await readBytes(path, HEAD_BYTES)).toString('base64');
}

/** Does the file still open with the bytes recorded as `head`? */
async function sameHead(path: string, head: string): Promise<boolean> {
  const want = Buffer.from(head, 'base64');
  if (want.length === 0) return true;
  try {
    return want.equals(await readBytes(path, want.length));
  } catch {
    return false;
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const what: Record<string, string> = { EACCES: 'permission denied', EPERM: 'permission denied', EISDIR: 'it is a folder', EIO: 'input/output error', ELOOP: 'too many symbolic links' };
  return e.code ? `${what[e.code] ?? 'cannot be read'} (${e.code})` : String(e.message ?? err);
}
