// Records → Metrics: the composable core. The whole-folder aggregation streams a folder's
// records through it; Phase 4 passes the records a Tailer read after a checkpoint. Records of
// each log must come in the order they were written; logs may come in any order.
//
// Per agent it counts records, signatures (raw and distinct items), unknown error patterns
// and plug-in starts, and ties records to items through request segments per (log, thread)
// (agent-logs.md §4, §10; item-markers.ts). The time window applies to every record, errors
// included; records before it still say which item a thread is working on.
import { METRICS_SCHEMA_VERSION, type AgentMetrics, type Markers, type Metrics, type SkipReason } from '../../../shared/metrics.ts';
import { redact } from '../../../shared/redact.ts';
import { segmentOutcome } from './item-outcome.ts';
import { ItemTable } from './item-table.ts';
import { markerOf, type Identity, type Marker } from './item-markers.ts';
import { agentName, AGENT_PREFIX, BUILTIN_AGENTS, PMS_SOURCE, SYSTEM_SOURCE } from './log-files.ts';
import { dumpFacts, pgmaHeader, pgmaMessageText, parsePgma, type PgmaHeader, type PgmaLine } from './pgma.ts';
import type { LocalTime } from './local-time.ts';
import { PluginStartTracker } from './plugin-load.ts';
import type { LogRecord } from './record.ts';
import { exampleText, keep, redactForOutput } from './redact-line.ts';
import { classify, isIafdUrlError, MODEL_READ_ERROR, MODEL_SAVED, signatureById, type ClassifyContext, type Signature } from './signatures.ts';

export interface SkippedInput {
  file: string;
  reason: SkipReason;
  count: number;
  detail?: string;
}

export interface MetricsOptions {
  /** the folder the records came from (shown in reports) */
  logsDir: string;
  /** only records at or after this time … */
  since?: Date;
  /** … and before this one */
  until?: Date;
  /** agent names (`GEVI`) or identifiers; default: every agent except Plex's built-in ones */
  agents?: readonly string[];
  /** the zone the local timestamps were read in, recorded in the metrics */
  timeZone?: string;
  /** secrets we hold (the Plex token): removed wherever they appear */
  secrets?: readonly string[];
  /** input the reader could not use */
  skipped?: readonly SkippedInput[];
  now?: Date;
}

const MAX_EXAMPLES = 3;
const MAX_UNKNOWN_PATTERNS = 200;
const MAX_PENDING_REFRESHES = 10_000;

interface SigStat {
  sig: Signature;
  count: number;
  examples: string[];
}

interface UnknownStat {
  key: string;
  level: string;
  severity: Signature['severity'] | undefined;
  count: number;
  examples: string[];
}

// Per-request state is kept compact and with one shape from the start: there is one segment
// per request in the logs.
interface AgentState {
  agent: string;
  identifier: string;
  records: number;
  first: string | null;
  last: string | null;
  /** the last record was a brief line: its time is converted when asked for */
  lastBriefLine: string | null;
  lastBriefTime: LocalTime | null;
  sigs: Map<string, SigStat>;
  unknown: Map<string, UnknownStat>;
  items: ItemTable;
  unattributed: number;
  starts: PluginStartTracker;
  /** models this agent saved (`Serializing to …`): reading one back may not fail */
  savedModels: Set<string>;
}

interface Segment {
  agent: AgentState;
  id: Identity;
  search: boolean;
  updated: boolean;
  /** null until a signature is seen */
  hits: Signature[] | null;
  markers: Markers | null;
  /** last in-window record that said something about the item; null: none in the window */
  lastAt: string | null;
}

interface PendingHeader {
  record: LogRecord;
  pgma: PgmaLine;
  header: PgmaHeader;
  inWindow: boolean;
  used: boolean;
}

interface ThreadState {
  segment: Segment | null;
  header: PendingHeader | null;
  afterIafdUrlError: boolean;
  /** system log: the update this thread is running */
  update: Identity | null;
}

type SourceKind = AgentState | 'system' | 'pms' | null;

/** One log (source): what it is, and its threads by id (thread ids mean something within one log only). */
interface LogState {
  kind: SourceKind;
  threads: Map<string, ThreadState>;
}

export class MetricsBuilder {
  private readonly o: MetricsOptions;
  private readonly since: string | null;
  private readonly until: string | null;
  private readonly wanted: Set<string> | null;
  private readonly secrets: readonly string[];
  private readonly logs = new Map<string, LogState>();
  private readonly agents = new Map<string, AgentState>();
  /** every thread of every log, in the order first seen: the order they are closed in at the end */
  private readonly threads = new Set<ThreadState>();
  private pendingHeaders = 0;
  private readonly files = new Map<string, { bytes: number; records: number }>();
  private readonly skips = new Map<string, SkippedInput>();
  private readonly refreshing = new Map<string, { file: string; identifier: string }>();
  private readonly mediaFiles = new Map<string, string>();
  /** outcome reasons, shared by the item tables of every agent */
  private readonly reasons = { texts: [] as string[], index: new Map<string, number>() };
  private bytesFromRecords = true;
  private readonly classifyContext: ClassifyContext = { pgma: null, header: undefined, afterIafdUrlError: false, modelSavedBefore: false };
  // consecutive records mostly come from one log, file and thread: the last lookups are kept
  private lastSource = '';
  private lastLog: LogState | null = null;
  private lastThreadLog: LogState | null = null;
  private lastThread = '';
  private lastThreadState: ThreadState | null = null;
  private lastFile: string | null = null;
  private lastFileStat: { bytes: number; records: number } | null = null;

  constructor(options: MetricsOptions) {
    this.o = options;
    this.since = options.since ? options.since.toISOString() : null;
    this.until = options.until ? options.until.toISOString() : null;
    this.wanted = options.agents?.length ? new Set(options.agents.map((a) => a.toLowerCase())) : null;
    this.secrets = options.secrets ?? [];
    for (const s of options.skipped ?? []) this.skip(s.file, s.reason, s.detail, s.count);
  }

  /** Should the records of this log be read at all? */
  wants(source: string): boolean {
    return this.kindOf(source) !== null;
  }

  /** Bytes read from a file (the reader knows them; otherwise they are counted from records). */
  read(file: string, bytes: number): void {
    this.bytesFromRecords = false;
    this.fileStat(file).bytes += bytes;
  }

  skip(file: string, reason: SkipReason, detail?: string, count = 1): void {
    const key = `${file}\0${reason}`;
    const s = this.skips.get(key);
    if (s) s.count += count;
    else this.skips.set(key, { file, reason, count, ...(detail ? { detail } : {}) });
  }

  add(r: LogRecord): void {
    const kind = this.log(r.source).kind;
    if (kind === null) return;
    const inWindow = (this.since === null || r.at >= this.since) && (this.until === null || r.at < this.until);
    if (inWindow) {
      const f = this.fileStat(r.file);
      f.records += 1;
      if (this.bytesFromRecords) f.bytes += byteLength(r);
    }
    if (kind === 'system') this.systemRecord(r, inWindow);
    else if (kind === 'pms') this.pmsRecord(r);
    else this.agentRecord(kind, r, inWindow);
  }

  /** A plug-in head line that only needs counting (brief-lines.ts), from the log reader:
   *  no record is built for it. False when it must come as a record after all: an ❌/⚠
   *  header is waiting for its message line, or the log is not an agent's. */
  brief(source: string, file: string, line: string, time: LocalTime): boolean {
    if (this.pendingHeaders > 0 || this.bytesFromRecords) return false;
    const a = this.log(source).kind;
    if (a === null) return true;
    if (typeof a !== 'object') return false;
    let at: string | null = null;
    if (this.since !== null || this.until !== null) {
      at = stampOf(line, time);
      if ((this.since !== null && at < this.since) || (this.until !== null && at >= this.until)) return true;
    }
    this.fileStat(file).records += 1;
    a.records += 1;
    if (a.first === null) a.first = at ?? stampOf(line, time);
    a.lastBriefLine = line;
    a.lastBriefTime = time;
    return true;
  }

  finish(): Metrics {
    for (const th of this.threads) {
      this.flushHeader(th);
      this.closeSegment(th);
    }
    this.threads.clear();
    for (const log of this.logs.values()) log.threads.clear();
    this.lastThreadState = null;
    const agents: Record<string, AgentMetrics> = {};
    // an agent that wrote nothing inside the window is not in it
    const active = [...this.agents.values()].filter((a) => a.records > 0 || a.items.size > 0 || a.sigs.size > 0);
    for (const a of active.sort((x, y) => x.agent.localeCompare(y.agent))) agents[a.agent] = this.agentMetrics(a);
    // typed, not re-validated: parsing 100 000 items would cost more than reading the logs;
    // the tests hold every output to MetricsSchema
    const metrics: Metrics = {
      schemaVersion: METRICS_SCHEMA_VERSION,
      generatedAt: (this.o.now ?? new Date()).toISOString(),
      window: { since: this.since, until: this.until },
      ...(this.o.timeZone ? { timeZone: this.o.timeZone } : {}),
      logsDir: this.o.logsDir,
      files: [...this.files].map(([path, f]) => ({ path, bytes: f.bytes, records: f.records })),
      skipped: [...this.skips.values()],
      agents,
    };
    return metrics;
  }

  // ---- sources ----

  private log(source: string): LogState {
    if (source === this.lastSource && this.lastLog) return this.lastLog;
    let log = this.logs.get(source);
    if (!log) this.logs.set(source, (log = { kind: this.kindOfNew(source), threads: new Map() }));
    this.lastSource = source;
    this.lastLog = log;
    return log;
  }

  private kindOf(source: string): SourceKind {
    return this.log(source).kind;
  }

  private kindOfNew(source: string): SourceKind {
    if (source === SYSTEM_SOURCE) return 'system';
    if (source === PMS_SOURCE) return 'pms';
    const name = agentName(source);
    if (!name || !(this.wanted ? this.wanted.has(name.toLowerCase()) || this.wanted.has(source.toLowerCase()) : !BUILTIN_AGENTS.has(name.toLowerCase()))) return null;
    let agent = this.agents.get(source.toLowerCase());
    if (!agent) {
      agent = { agent: name, identifier: source, records: 0, first: null, last: null, lastBriefLine: null, lastBriefTime: null, sigs: new Map(), unknown: new Map(), items: new ItemTable(this.reasons), unattributed: 0, starts: new PluginStartTracker(), savedModels: new Set() };
      this.agents.set(source.toLowerCase(), agent);
    }
    return agent;
  }

  /** The agent a legacy guid belongs to: `com.plexapp.agents.GEVI://…` → GEVI. */
  private agentOfGuid(guid: string | undefined): AgentState | null {
    const end = guid?.indexOf('://') ?? -1;
    if (!guid || end < 0 || !guid.startsWith(AGENT_PREFIX)) return null;
    const kind = this.kindOf(guid.slice(0, end));
    return kind !== null && typeof kind === 'object' ? kind : null;
  }

  private fileStat(file: string): { bytes: number; records: number } {
    if (file === this.lastFile) return this.lastFileStat!;
    let f = this.files.get(file);
    if (!f) this.files.set(file, (f = { bytes: 0, records: 0 }));
    this.lastFile = file;
    this.lastFileStat = f;
    return f;
  }

  private thread(source: string, thread: string): ThreadState {
    let th = this.peekThread(source, thread);
    if (!th) {
      th = { segment: null, header: null, afterIafdUrlError: false, update: null };
      this.lastThreadLog!.threads.set(thread, th);
      this.threads.add(th);
      this.lastThreadState = th;
    }
    return th;
  }

  /** The state of a thread seen before; afterwards lastThreadLog is the thread's log. */
  private peekThread(source: string, thread: string): ThreadState | undefined {
    const log = this.log(source);
    if (log === this.lastThreadLog && thread === this.lastThread && this.lastThreadState) return this.lastThreadState;
    const state = log.threads.get(thread);
    this.lastThreadLog = log;
    this.lastThread = thread;
    this.lastThreadState = state ?? null;
    return state;
  }

  // ---- agent logs ----

  private agentRecord(a: AgentState, r: LogRecord, inWindow: boolean): void {
    if (inWindow) {
      a.records += 1;
      if (a.first === null) a.first = r.at;
      a.last = r.at;
      a.lastBriefLine = null;
      a.starts.add(r);
    }
    const pgma = r.level === 'DEBUG' ? null : parsePgma(r.message);
    let th: ThreadState | undefined;
    let pairedWith: PendingHeader | undefined;
    if (this.pendingHeaders > 0) {
      th = this.peekThread(r.source, r.thread);
      const pending = th?.header;
      if (pending) {
        if (pgma && r.lineno === pending.record.lineno + 1 && pgmaMessageText(pgma.body) !== null) {
          pending.used = true;
          pairedWith = pending;
        } else {
          this.flushHeader(th!);
        }
      }
    }
    const marker = markerOf(r, pgma);
    if (marker) this.applyMarker((th ??= this.thread(r.source, r.thread)), a, marker, r, inWindow);

    const isError = r.level === 'ERROR' || r.level === 'CRITICAL';
    if (isError && pgma && !pairedWith) {
      const header = pgmaHeader(pgma.body);
      if (header) {
        // held until we know whether message lines follow (agent-logs.md §7: error pairs)
        th ??= this.thread(r.source, r.thread);
        th.header = { record: r, pgma, header, inWindow, used: false };
        this.pendingHeaders += 1;
        return;
      }
    }
    this.event(a, r, pgma, pairedWith, th, inWindow);
    if (pgma && r.level === 'INFO') this.dump(a, r, pgma, th, inWindow);
  }

  /** One classified event: a record, or a PGMA message with its ❌/⚠ header. */
  private event(a: AgentState, r: LogRecord, pgma: PgmaLine | null, header: PendingHeader | undefined, th: ThreadState | undefined, inWindow: boolean): void {
    // the only DEBUG signature is the system log's notify result (systemRecord)
    if (r.level === 'DEBUG') {
      if (r.module === 'model' && r.message.startsWith(MODEL_SAVED)) a.savedModels.add(r.message.slice(MODEL_SAVED.length));
      return;
    }
    const iafdUrl = r.level === 'ERROR' && isIafdUrlError(r);
    const ctx = this.classifyContext; // one object for every call: classify keeps nothing of it
    ctx.pgma = pgma;
    ctx.header = header?.header;
    ctx.afterIafdUrlError = th?.afterIafdUrlError ?? false;
    ctx.modelSavedBefore = r.module === 'model' && a.savedModels.size > 0 && r.message.startsWith(MODEL_READ_ERROR) && a.savedModels.has(r.message.slice(MODEL_READ_ERROR.length));
    const c = classify(r, ctx);
    if (iafdUrl || c?.signature?.id === 'iafd-cfscrape-fallback' || c?.signature?.id === 'iafd-request-exception') {
      (th ??= this.thread(r.source, r.thread)).afterIafdUrlError = iafdUrl;
    }
    if (!c || !inWindow) return;
    if (c.signature) {
      this.countSignature(a, c.signature, header, r);
      if (c.signature.severity === 'noise') return;
      const seg = (th ?? this.peekThread(r.source, r.thread))?.segment;
      if (seg) {
        (seg.hits ??= []).push(c.signature);
        seg.lastAt = r.at;
      } else if (c.signature.actionable) {
        a.unattributed += 1;
      }
      return;
    }
    let u = a.unknown.get(c.unknown.key);
    if (!u) {
      if (a.unknown.size >= MAX_UNKNOWN_PATTERNS) return;
      a.unknown.set(c.unknown.key, (u = { key: keep(c.unknown.key), level: r.level, severity: c.unknown.severity, count: 0, examples: [] }));
    }
    u.count += 1;
    if (u.examples.length < MAX_EXAMPLES) u.examples.push(exampleText(eventLines(header, r), this.secrets));
  }

  /** A header that no message line followed is an event of its own. */
  private flushHeader(th: ThreadState): void {
    const h = th.header;
    if (!h) return;
    th.header = null;
    this.pendingHeaders -= 1;
    if (h.used) return;
    const a = this.kindOf(h.record.source) as AgentState;
    this.event(a, h.record, h.pgma, undefined, th, h.inWindow);
  }

  private countSignature(a: AgentState, sig: Signature, header: PendingHeader | undefined, r: LogRecord): void {
    let s = a.sigs.get(sig.id);
    if (!s) a.sigs.set(sig.id, (s = { sig, count: 0, examples: [] }));
    s.count += 1;
    if (s.examples.length < MAX_EXAMPLES) s.examples.push(exampleText(eventLines(header, r), this.secrets));
  }

  private dump(a: AgentState, r: LogRecord, pgma: PgmaLine, th: ThreadState | undefined, inWindow: boolean): void {
    const facts = dumpFacts(pgma.body);
    if (!facts) return;
    th ??= this.thread(r.source, r.thread);
    const seg = th.segment ?? (facts.ratingKey ? this.openSegment(th, a, {}) : null);
    if (!seg) return;
    if (facts.ratingKey && !seg.id.ratingKey) seg.id.ratingKey = facts.ratingKey;
    if (facts.title) seg.id.title = facts.title;
    if (inWindow) {
      if (facts.markers) Object.assign((seg.markers ??= {}), facts.markers);
      seg.lastAt = r.at;
    }
  }

  private applyMarker(th: ThreadState, a: AgentState, m: Marker, r: LogRecord, inWindow: boolean): void {
    let seg = th.segment;
    switch (m.kind) {
      case 'restart':
        this.restart(r.source);
        return;
      case 'end':
        this.closeSegment(th);
        return;
      case 'request':
        seg = this.openSegment(th, a, m);
        break;
      case 'search':
        if (seg && !seg.search && !seg.updated && fits(seg, m.ratingKey)) merge(seg.id, m);
        else seg = this.openSegment(th, a, m);
        seg.search = true;
        break;
      case 'tree':
        if (seg && fits(seg, m.ratingKey)) seg.id.ratingKey = m.ratingKey;
        else seg = this.openSegment(th, a, { ratingKey: m.ratingKey });
        break;
      case 'update':
        if (!seg || seg.search || seg.updated) seg = this.openSegment(th, a, {});
        seg.updated = true;
        break;
      case 'identity':
        if (seg) {
          // the segment keeps the item it already named
          const rk = seg.id.ratingKey;
          merge(seg.id, m);
          if (rk) seg.id.ratingKey = rk;
        }
        else if (m.ratingKey) seg = this.openSegment(th, a, m);
        break;
    }
    if (seg && inWindow) seg.lastAt = r.at;
  }

  private openSegment(th: ThreadState, a: AgentState, id: Identity): Segment {
    this.closeSegment(th);
    const seg: Segment = { agent: a, id: {}, search: false, updated: false, hits: null, markers: null, lastAt: null };
    merge(seg.id, id);
    th.segment = seg;
    return seg;
  }

  /** A new process: thread ids start over, open requests are over. */
  private restart(source: string): void {
    const log = this.log(source);
    for (const th of log.threads.values()) {
      this.flushHeader(th);
      this.closeSegment(th);
      this.threads.delete(th);
    }
    log.threads.clear();
    this.lastThreadState = null;
  }

  private closeSegment(th: ThreadState): void {
    const seg = th.segment;
    if (!seg) return;
    th.segment = null;
    const a = seg.agent;
    const rk = seg.id.ratingKey;
    if (!rk) {
      if (seg.hits) for (const s of seg.hits) if (s.actionable) a.unattributed += 1;
      return;
    }
    if (seg.lastAt === null) return;
    const row = a.items.row(rk, seg.lastAt);
    a.items.name(row, seg.id);
    if (seg.hits) for (const s of seg.hits) a.items.countSignature(row, s.id);
    if (seg.markers) a.items.mergeMarkers(row, seg.markers);
    a.items.settle(row, segmentOutcome(seg.hits, seg.markers), seg.lastAt);
  }

  // ---- com.plexapp.system: per-item updates and their notify result (agent-logs.md §6) ----

  private systemRecord(r: LogRecord, inWindow: boolean): void {
    const m = r.message;
    if (m.startsWith('Handling request GET /system/agents/update?')) {
      const q = queryOf(m);
      this.thread(r.source, r.thread).update = { ratingKey: digits(q.get('id')), guid: q.get('guid') ?? undefined };
    } else if (m.startsWith('Acquiring GUID mutex for ')) {
      const g = /^Acquiring GUID mutex for (.+) \((\d{1,12})\)\s*$/.exec(m);
      if (g) this.thread(r.source, r.thread).update = { guid: g[1]!, ratingKey: g[2]! };
    } else if (m.startsWith('Response: [')) {
      const th = this.peekThread(r.source, r.thread);
      if (th) th.update = null;
    } else if (inWindow && m.startsWith("Requesting '") && m.includes('/:/metadata/notify?')) {
      const q = queryOf(m);
      const guid = q.get('guid') ?? undefined;
      this.systemOutcome(r, this.agentOfGuid(guid), digits(q.get('id')), guid, q.get('success') === '0');
    } else if (inWindow && m.startsWith('Exception in update for ')) {
      const guid = m.slice('Exception in update for '.length).trim();
      const update = this.peekThread(r.source, r.thread)?.update;
      this.systemOutcome(r, this.agentOfGuid(guid), update && (!update.guid || update.guid === guid) ? update.ratingKey : undefined, guid, true);
    }
  }

  private systemOutcome(r: LogRecord, a: AgentState | null, rk: string | undefined, guid: string | undefined, failed: boolean): void {
    if (!a) return;
    const sig = signatureById.get('system-update-failed')!;
    if (failed) this.countSignature(a, sig, undefined, r);
    if (!rk) {
      if (failed) a.unattributed += 1;
      return;
    }
    const row = a.items.row(rk, r.at);
    if (guid && !a.items.guidOf(row)) a.items.name(row, { guid });
    if (!failed) return; // success=1: the pipeline finished — necessary, not sufficient (§9)
    a.items.countSignature(row, sig.id);
    a.items.settle(row, { outcome: 'failed', reason: `${sig.id} seen` }, r.at);
  }

  // ---- Plex Media Server.log: which media file a refresh was for (agent-logs.md §10.6) ----

  private pmsRecord(r: LogRecord): void {
    if (!r.tag) return;
    const root = r.tag.split('/')[0]!;
    const m = r.message;
    if (m.startsWith("Refreshing metadata for '")) {
      const g = /^Refreshing metadata for '(.*)' \(agent: ([^)\s]+)\)/.exec(m);
      if (!g) return;
      if (this.refreshing.size >= MAX_PENDING_REFRESHES) this.refreshing.delete(this.refreshing.keys().next().value!);
      this.refreshing.set(keep(root), { file: keep(g[1]!), identifier: keep(g[2]!) });
    } else if (r.tag.includes('/') && m.startsWith('HTTP requesting GET ') && m.includes('/system/agents/update?')) {
      const refresh = this.refreshing.get(root);
      const rk = digits(queryOf(m).get('id'));
      if (refresh && rk) this.mediaFiles.set(`${refresh.identifier.toLowerCase()}\0${rk}`, refresh.file);
    }
  }

  // ---- output ----

  private agentMetrics(a: AgentState): AgentMetrics {
    if (a.lastBriefLine !== null) a.last = stampOf(a.lastBriefLine, a.lastBriefTime!);
    const clean = (s: string) => redact(s, this.secrets);
    const agentKey = `${a.identifier.toLowerCase()}\0`;
    const items = a.items.records(clean, (rk) => this.mediaFiles.get(agentKey + rk));
    // distinct items per signature: counted from the items, never kept twice
    const itemsWith = a.items.itemsPerSignature();
    const signatures: AgentMetrics['signatures'] = {};
    for (const s of a.sigs.values()) {
      signatures[s.sig.id] = { id: s.sig.id, severity: s.sig.severity, actionable: s.sig.actionable, items: itemsWith.get(s.sig.id) ?? 0, count: s.count, examples: s.examples };
    }
    return {
      agent: a.agent,
      identifier: a.identifier,
      records: a.records,
      signatures,
      unknownPatterns: [...a.unknown.values()]
        .sort((x, y) => y.count - x.count || x.key.localeCompare(y.key))
        .map((u) => ({ key: redactForOutput(u.key, this.secrets), level: u.level, ...(u.severity ? { severity: u.severity } : {}), count: u.count, examples: u.examples })),
      items,
      unattributed: a.unattributed,
      pluginStarts: a.starts.starts(),
      firstRecord: a.first,
      lastRecord: a.last,
    };
  }
}

/** The composable core in one call: records (of any logs, each in written order) → Metrics. */
export function metricsFromRecords(records: Iterable<LogRecord>, options: MetricsOptions): Metrics {
  const b = new MetricsBuilder(options);
  for (const r of records) b.add(r);
  return b.finish();
}

const fits = (seg: Segment, rk: string | undefined) => !rk || !seg.id.ratingKey || seg.id.ratingKey === rk;

function merge(into: Identity, from: Identity): void {
  if (from.ratingKey) into.ratingKey = from.ratingKey;
  if (from.guid) into.guid = from.guid;
  if (from.title) into.title = from.title;
  if (from.file) into.file = from.file;
}

/** An event's lines as it stood in the log; a pair is shown as both its lines. */
function eventLines(header: PendingHeader | undefined, r: LogRecord): string[] {
  const lines = header ? [header.record.line, r.line] : [r.line];
  if (r.more) for (const l of r.more) lines.push(l);
  return lines;
}

/** The UTC time of a plug-in head line. */
function stampOf(line: string, time: LocalTime): string {
  return time.pluginLineStamp(line);
}

function digits(s: string | null | undefined): string | undefined {
  return s && /^\d{1,12}$/.test(s) ? s : undefined;
}

/** The query of the URL in a `Handling request GET /…?…` or `Requesting '…?…'` line. */
function queryOf(message: string): URLSearchParams {
  const start = message.indexOf('?');
  if (start < 0) return new URLSearchParams();
  let end = message.indexOf("'", start);
  if (end < 0) end = message.length;
  const sp = message.indexOf(' ', start);
  if (sp >= 0 && sp < end) end = sp;
  return new URLSearchParams(message.slice(start + 1, end));
}

function byteLength(r: LogRecord): number {
  let n = Buffer.byteLength(r.line) + 1;
  if (r.more) for (const l of r.more) n += Buffer.byteLength(l) + 1;
  return n;
}
