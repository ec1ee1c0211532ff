// The items of one agent, kept column by column. A large logs folder names tens of thousands
// of items, and each stays until the metrics are written: as one object each (plus objects for
// its markers and strings for its times) they would be most of what the aggregation keeps, and
// everything kept passes through V8's young generation, which then grows and slows every
// collection. Here an item is a row: its numbers and times live in typed arrays outside the
// JavaScript heap, its names in plain arrays (made when the first name comes), and its objects
// are made once, when the metrics are written. A ratingKey written the usual way (no leading
// zero, below 2^31) is kept as the number itself.
import type { AgentMetrics, Markers } from '../../../shared/metrics.ts';
import type { Identity } from './item-markers.ts';
import type { SegmentOutcome } from './item-outcome.ts';
import { keep } from './redact-line.ts';
import { SIGNATURES } from './signatures.ts';

/** The markers the dumps give (pgma.ts dumpFacts), one column each. */
const MARKER_KINDS = ['found-on-iafd', 'cast', 'genres', 'directors', 'posters'] as const;
const KIND_INDEX: ReadonlyMap<string, number> = new Map(MARKER_KINDS.map((k, i) => [k, i]));
const KIND_BITS = 3; // kind index + 1 per slot of the order code
const BIG = -1; // a marker value the Int32 column cannot hold (counts are never negative)
const OUTCOMES = [null, 'ok', 'failed'] as const;
const SMALL_KEY = /^(?:0|[1-9]\d{0,8})$/;
const SIGNATURE_INDEX: ReadonlyMap<string, number> = new Map(SIGNATURES.map((s, i) => [s.id, i]));
const NONE = -1;

type ItemRecord = AgentMetrics['items'][string];

export class ItemTable {
  /** row by ratingKey: SMALL_KEY ones by their number, others by their text */
  private readonly rows = new RowIndex();
  private otherRows: Map<string, number> | null = null;
  /** the ratingKey of each row written the other way */
  private otherKeys: Map<number, string> | null = null;
  private count = 0;
  private titles: (string | undefined)[] | null = null;
  private guids: (string | undefined)[] | null = null;
  private files: (string | undefined)[] | null = null;
  private capacity = 64;
  /** epoch ms of the item's latest evidence, and of the evidence that decided its outcome */
  private lastSeen = new Float64Array(this.capacity);
  private outcomeAt = new Float64Array(this.capacity);
  private outcomes = new Uint8Array(this.capacity);
  /** index in `reasonTexts` */
  private reasons = new Uint32Array(this.capacity);
  /** the markers the item has, in the order first logged (they are shown in it): kind index
   *  + 1 per KIND_BITS, first kind lowest */
  private markerOrder = new Uint16Array(this.capacity);
  /** marker values at row * MARKER_KINDS.length + kind (found-on-iafd, the one yes/no marker,
   *  as 0/1); a count too large for the column is in bigMarkers, and BIG here */
  private markerValues = new Int32Array(this.capacity * MARKER_KINDS.length);
  private bigMarkers: Map<number, number> | null = null;
  /** per item, the signatures its requests showed and how many requests showed each, in the
   *  order first seen: a list of cells (signature index in SIGNATURES, count, next cell) */
  private firstCell = new Int32Array(this.capacity);
  private readonly cells = new SignatureCells();
  /** outcome reasons, shared by every table of a read: a few dozen texts for thousands of items */
  private readonly reasonTexts: string[];
  private readonly reasonIndex: Map<string, number>;

  constructor(reasons: { texts: string[]; index: Map<string, number> }) {
    this.reasonTexts = reasons.texts;
    this.reasonIndex = reasons.index;
  }

  get size(): number {
    return this.count;
  }

  /** The row of item `rk`, made when new; `at` is the time of its latest evidence so far. */
  row(rk: string, at: string): number {
    const small = SMALL_KEY.test(rk);
    const ms = this.epoch(at);
    let row = small ? this.rows.get(Number(rk)) : (this.otherRows?.get(rk) ?? NONE);
    if (row === NONE) {
      row = this.count++;
      if (row === this.capacity) this.grow();
      if (small) {
        this.rows.set(Number(rk), row);
      } else {
        (this.otherRows ??= new Map()).set(rk, row);
        (this.otherKeys ??= new Map()).set(row, rk);
      }
      this.lastSeen[row] = ms;
      this.outcomeAt[row] = -Infinity;
      this.firstCell[row] = NONE;
      return row;
    }
    if (ms > this.lastSeen[row]!) this.lastSeen[row] = ms;
    return row;
  }

  /** Takes the names a request gave the item; kept copies, made only when a name changes. */
  name(row: number, id: Identity): void {
    if (id.guid && id.guid !== this.guids?.[row]) (this.guids ??= [])[row] = keep(id.guid);
    if (id.title && id.title !== this.titles?.[row]) (this.titles ??= [])[row] = keep(id.title);
    if (id.file && id.file !== this.files?.[row]) (this.files ??= [])[row] = keep(id.file);
  }

  guidOf(row: number): string | undefined {
    return this.guids?.[row];
  }

  countSignature(row: number, id: string): void {
    const sig = SIGNATURE_INDEX.get(id);
    if (sig === undefined) throw new Error(`"${id}" is not in the signature catalogue`);
    this.firstCell[row] = this.cells.count(this.firstCell[row]!, sig);
  }

  /** Object.assign(item markers, `markers`): a marker keeps its place, a new one goes last. */
  mergeMarkers(row: number, markers: Markers): void {
    for (const key in markers) {
      const kind = KIND_INDEX.get(key);
      if (kind === undefined) throw new Error(`no column for marker "${key}"`);
      const value = Number(markers[key]!);
      const cell = row * MARKER_KINDS.length + kind;
      if (!hasKind(this.markerOrder[row]!, kind)) this.markerOrder[row] = appendKind(this.markerOrder[row]!, kind);
      if ((value | 0) === value && value !== BIG) {
        this.markerValues[cell] = value;
      } else {
        this.markerValues[cell] = BIG;
        (this.bigMarkers ??= new Map()).set(cell, value);
      }
    }
  }

  /** The latest evidence decides (item-outcome.ts). */
  settle(row: number, outcome: SegmentOutcome | null, at: string): void {
    if (!outcome) return;
    const ms = this.epoch(at);
    if (ms < this.outcomeAt[row]!) return;
    this.outcomes[row] = OUTCOMES.indexOf(outcome.outcome);
    let reason = this.reasonIndex.get(outcome.reason);
    if (reason === undefined) {
      reason = this.reasonTexts.push(outcome.reason) - 1;
      this.reasonIndex.set(outcome.reason, reason);
    }
    this.reasons[row] = reason;
    this.outcomeAt[row] = ms;
  }

  /** Distinct items per signature id. */
  itemsPerSignature(): Map<string, number> {
    const counts = new Map<string, number>();
    for (let row = 0; row < this.count; row++) {
      for (let cell = this.firstCell[row]!; cell !== NONE; cell = this.cells.next[cell]!) {
        const id = SIGNATURES[this.cells.sig[cell]!]!.id;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
    return counts;
  }

  /** The items as the metrics show them, by ratingKey in numeric order. `clean` redacts a
   *  name; `fileOf` finds the media file of an item no line of the agent named. */
  records(clean: (s: string) => string, fileOf: (rk: string) => string | undefined): AgentMetrics['items'] {
    const order = Int32Array.from({ length: this.count }, (_, row) => row);
    const n = new Float64Array(this.count);
    this.rows.forEach((key, row) => (n[row] = key));
    this.otherKeys?.forEach((rk, row) => (n[row] = Number(rk)));
    order.sort((x, y) => n[x]! - n[y]! || x - y); // first seen first among equal numbers ('07', '7')
    const items: AgentMetrics['items'] = {};
    for (let i = 0; i < order.length; i++) {
      const row = order[i]!;
      const rk = this.otherKeys?.get(row) ?? String(n[row]);
      const title = this.titles?.[row];
      const guid = this.guids?.[row];
      const file = this.files?.[row] ?? fileOf(rk);
      const outcome = OUTCOMES[this.outcomes[row]!]!;
      // built field by field: the key order is the JSON's
      const out = { ratingKey: rk } as ItemRecord;
      if (title) out.title = clean(title);
      if (guid) out.guid = clean(guid);
      if (file) out.file = clean(file);
      out.outcome = outcome ?? 'unknown';
      if (outcome) out.outcomeReason = this.reasonTexts[this.reasons[row]!]!;
      out.signatures = this.signaturesOf(row);
      out.markers = this.markersOf(row);
      out.lastSeen = new Date(this.lastSeen[row]!).toISOString();
      items[rk] = out;
    }
    return items;
  }

  private signaturesOf(row: number): Record<string, number> {
    const sigs: Record<string, number> = {};
    for (let cell = this.firstCell[row]!; cell !== NONE; cell = this.cells.next[cell]!) sigs[SIGNATURES[this.cells.sig[cell]!]!.id] = this.cells.counts[cell]!;
    return sigs;
  }

  private markersOf(row: number): Markers {
    const markers: Markers = {};
    for (let code = this.markerOrder[row]!; code !== 0; code >>= KIND_BITS) {
      const kind = (code & ((1 << KIND_BITS) - 1)) - 1;
      const cell = row * MARKER_KINDS.length + kind;
      let value = this.markerValues[cell]!;
      if (value === BIG) value = this.bigMarkers!.get(cell)!;
      markers[MARKER_KINDS[kind]!] = kind === 0 ? value === 1 : value;
    }
    return markers;
  }

  private lastAt = '';
  private lastEpoch = NaN;
  /** ISO time → epoch ms; an item's row and its outcome usually come with the same time */
  private epoch(at: string): number {
    if (at !== this.lastAt) {
      this.lastAt = at;
      this.lastEpoch = Date.parse(at);
    }
    return this.lastEpoch;
  }

  private grow(): void {
    this.capacity *= 2;
    this.lastSeen = resized(this.lastSeen, new Float64Array(this.capacity));
    this.outcomeAt = resized(this.outcomeAt, new Float64Array(this.capacity));
    this.outcomes = resized(this.outcomes, new Uint8Array(this.capacity));
    this.reasons = resized(this.reasons, new Uint32Array(this.capacity));
    this.markerOrder = resized(this.markerOrder, new Uint16Array(this.capacity));
    this.firstCell = resized(this.firstCell, new Int32Array(this.capacity));
    this.markerValues = resized(this.markerValues, new Int32Array(this.capacity * MARKER_KINDS.length));
  }
}

/** Non-negative integer → row, by open addressing in typed arrays. */
class RowIndex {
  /** key + 1 (0: empty slot) and the row, side by side */
  private slots = new Int32Array(2 * 1024);
  private used = 0;

  /** The row of `key`, or NONE. */
  get(key: number): number {
    const mask = this.slots.length / 2 - 1;
    for (let i = hash(key) & mask; ; i = (i + 1) & mask) {
      const k = this.slots[2 * i]!;
      if (k === 0) return NONE;
      if (k === key + 1) return this.slots[2 * i + 1]!;
    }
  }

  /** Adds `key`, which is not in the index yet. */
  set(key: number, row: number): void {
    if (2 * (this.used + 1) > this.slots.length / 2) this.rehash();
    this.place(key + 1, row);
    this.used++;
  }

  private place(stored: number, row: number): void {
    const mask = this.slots.length / 2 - 1;
    let i = hash(stored - 1) & mask;
    while (this.slots[2 * i] !== 0) i = (i + 1) & mask;
    this.slots[2 * i] = stored;
    this.slots[2 * i + 1] = row;
  }

  forEach(visit: (key: number, row: number) => void): void {
    for (let i = 0; i < this.slots.length; i += 2) if (this.slots[i] !== 0) visit(this.slots[i]! - 1, this.slots[i + 1]!);
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) this.place(old[i]!, old[i + 1]!);
  }
}

const hash = (key: number) => Math.imul(key, 0x9e3779b1) >>> 7;

/** Per-item signature counts as linked cells in typed arrays: an item has a few signatures at
 *  most, and most items none. */
class SignatureCells {
  sig = new Uint8Array(256);
  counts = new Uint32Array(256);
  next = new Int32Array(256);
  private used = 0;

  /** Counts signature `sig` in the list that starts at `first`; returns the list's start. */
  count(first: number, sig: number): number {
    let last = NONE;
    for (let cell = first; cell !== NONE; cell = this.next[cell]!) {
      if (this.sig[cell] === sig) {
        this.counts[cell]! += 1;
        return first;
      }
      last = cell;
    }
    if (this.used === this.sig.length) this.grow();
    const cell = this.used++;
    this.sig[cell] = sig;
    this.counts[cell] = 1;
    this.next[cell] = NONE;
    if (last === NONE) return cell;
    this.next[last] = cell;
    return first;
  }

  private grow(): void {
    const size = this.sig.length * 2;
    this.sig = resized(this.sig, new Uint8Array(size));
    this.counts = resized(this.counts, new Uint32Array(size));
    this.next = resized(this.next, new Int32Array(size));
  }
}

function hasKind(code: number, kind: number): boolean {
  for (; code !== 0; code >>= KIND_BITS) if ((code & ((1 << KIND_BITS) - 1)) === kind + 1) return true;
  return false;
}

function appendKind(code: number, kind: number): number {
  let shift = 0;
  while (code >> shift !== 0) shift += KIND_BITS;
  return code | ((kind + 1) << shift);
}

function resized<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
