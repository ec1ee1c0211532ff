// PGMA's message sub-grammar inside a plug-in line's message (agent-logs.md §7): the agent's
// own `Log()` lines (`GEVI  - UTILS :: …`), its ❌/⚠ error headers and indented messages,
// and the column-aligned FILMDICT dumps that are the best per-item success evidence (§9).
import type { Markers } from '../../../shared/metrics.ts';

export const PGMA_MSG = /^(?<agent>[A-Za-z0-9]+)\s+-\s+(?<section>UTILS|SEARCH|UPDATE)\s?::\s?(?<body>.*)$/;
export const PGMA_HEADER = /^(?<mark>\u274C|\u26A0\uFE0F?)\s*File: (?<file>[^,]*), Line: (?<line>\d*), Function: (?<chain>.+)$/;
export const PGMA_MESSAGE = /^ {3}(?<text>\S.*)$/;
const UPDATE_CALLED = /^[A-Za-z0-9]+\s+-\s+UPDATE CALLED\b/;

export interface PgmaLine {
  agent: string;
  section: string;
  body: string;
}

export interface PgmaHeader {
  mark: 'error' | 'warning';
  file: string;
  line: string;
  /** call chain, outermost first; the last function is the call site (`matchCast`) */
  chain: string[];
}

// PGMA_MSG up to the body, without named groups: the body is the rest of the line (even past
// a line terminator, which PGMA_MSG's `.*` would stop at)
const PGMA_HEAD = /^([A-Za-z0-9]+)\s+-\s+(UTILS|SEARCH|UPDATE)\s?::\s?/;

/** `GEVI  - UTILS :: body` → its parts; null for a line PGMA did not write. Runs on most
 *  lines; a property test keeps it in step with PGMA_MSG. */
export function parsePgma(message: string): PgmaLine | null {
  const m = PGMA_HEAD.exec(message);
  return m ? { agent: m[1]!, section: m[2]!, body: message.slice(m[0].length) } : null;
}

/** `GEVI  - UPDATE CALLED` (no section, so parsePgma does not take it). */
export function isUpdateCalled(message: string): boolean {
  return message.includes('UPDATE CALLED') && UPDATE_CALLED.test(message);
}

// PGMA_HEADER without named groups (a match with names allocates one more object): it runs on
// every error line PGMA writes
const HEADER = /^(?:\u274C|\u26A0\uFE0F?)\s*File: ([^,]*), Line: (\d*), Function: (.+)$/;

/** `❌ File: utils.py, Line: 5718, Function: updateMetadata -> getCast -> matchCast` */
export function pgmaHeader(body: string): PgmaHeader | null {
  const c = body.charCodeAt(0);
  if (c !== 0x274c && c !== 0x26a0) return null;
  const m = HEADER.exec(body);
  if (!m) return null;
  // split at "->", each function trimmed: the same as splitting at /\s*->\s*/
  const chain = m[3]!.split('->');
  for (let i = 0; i < chain.length; i++) chain[i] = chain[i]!.trim();
  return { mark: c === 0x274c ? 'error' : 'warning', file: m[1]!, line: m[2]!, chain };
}

/** The text of an error message line (three spaces, then text), or null. */
export function pgmaMessageText(body: string): string | null {
  return PGMA_MESSAGE.test(body) ? body.slice(3) : null;
}

/** Settings tables start with tabs and end in ✅: configuration, never evidence (§7, §9). */
export function isConfigRow(body: string): boolean {
  return body.charCodeAt(0) === 9;
}

export interface DumpFacts {
  ratingKey?: string;
  title?: string;
  markers?: Markers;
}

type DumpKind = 'id' | 'title' | 'found-on-iafd' | 'cast' | 'genres' | 'directors' | 'posters';
/** The dump rows that say something about the item, by the name PGMA gives them. */
const DUMP_KEYS: ReadonlyMap<string, DumpKind> = new Map([
  ['id', 'id'],
  ['Title', 'title'],
  ['FoundOnIAFD', 'found-on-iafd'],
  ['Cast', 'cast'],
  ['Genres', 'genres'],
  ['Director(s) Dictionary:', 'directors'],
  ['Director(s) Dictionary', 'directors'],
  ['Directors', 'directors'],
  ['Poster Images', 'posters'],
]);

/** What a FILMDICT dump row (PGMA_DUMP: `42. id      463`, `2e. Cast   29 - [...]`) tells about
 *  the item; null for other lines and rows. The index in front changes between runs, the name
 *  does not. `id` equalled the ratingKey in every log seen; `Found/Created Rating Key` are
 *  collection keys and tell nothing (agent-logs.md §7, §10). Settings rows start with tabs
 *  and are never evidence. Written out because it runs on every PGMA line. */
export function dumpFacts(body: string): DumpFacts | null {
  let p = 0;
  const digit = (i: number) => body.charCodeAt(i) >= 48 && body.charCodeAt(i) <= 57;
  if (digit(0)) {
    while (digit(p)) p++;
    const c = body.charCodeAt(p);
    if (c >= 97 && c <= 122) p++;
    if (body.charCodeAt(p) !== 46 || body.charCodeAt(p + 1) !== 32) return null; // ". "
    p += 2;
  } else if (!body.startsWith('Director(s) Dictionary')) {
    return null;
  }
  const gap = body.indexOf('  ', p + 1);
  if (gap < 0) return null;
  const kind = DUMP_KEYS.get(body.slice(p, gap));
  if (!kind) return null;
  const value = body.slice(gap).trim();
  switch (kind) {
    case 'id':
      return /^\d{1,12}$/.test(value) ? { ratingKey: value } : null;
    case 'title':
      return value ? { title: value } : null;
    case 'found-on-iafd':
      if (/^yes\b/i.test(value)) return FOUND_ON_IAFD;
      return /^no\b/i.test(value) ? NOT_FOUND_ON_IAFD : null;
    default: {
      const n = /^(\d+)\b/.exec(value);
      if (n) return { markers: count(kind, Number(n[1])) };
      return /^none found\b/i.test(value) ? { markers: count(kind, 0) } : null;
    }
  }
}

const FOUND_ON_IAFD: DumpFacts = Object.freeze({ markers: Object.freeze({ 'found-on-iafd': true }) });
const NOT_FOUND_ON_IAFD: DumpFacts = Object.freeze({ markers: Object.freeze({ 'found-on-iafd': false }) });

/** `{ [kind]: n }` with a literal key (a computed key takes V8's slow path; this runs per dump row) */
function count(kind: Exclude<DumpKind, 'id' | 'title' | 'found-on-iafd'>, n: number): Markers {
  switch (kind) {
    case 'cast':
      return { cast: n };
    case 'genres':
      return { genres: n };
    case 'directors':
      return { directors: n };
    case 'posters':
      return { posters: n };
  }
}

/** `> Title: …` / `> File Path: …`, the item header PGMA writes before an update. */
export function itemHeader(body: string): { title?: string; file?: string } | null {
  if (body.charCodeAt(0) !== 62) return null; // ">"
  const m = /^>\s*(Title|File Path):\s*(.+)$/.exec(body);
  if (!m) return null;
  return m[1] === 'Title' ? { title: m[2]!.trim() } : { file: m[2]!.trim() };
}
