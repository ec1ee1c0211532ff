// The lines that tie a plug-in's records to a library item (agent-logs.md §4, §10). Threads
// are pooled and items interleave, so the records of one (log, thread) are cut into request
// segments at these markers; the segment's ratingKey is the item.
import { Buffer } from 'node:buffer';
import { isUpdateCalled, itemHeader, type PgmaLine } from './pgma.ts';
import type { LogRecord } from './record.ts';

export interface Identity {
  ratingKey?: string;
  guid?: string;
  title?: string;
  file?: string;
}

export type Marker =
  /** `Handling request GET /:/plugins/<id>/messaging/function/…`: a new request on this thread */
  | ({ kind: 'request' } & Identity)
  /** `Searching for matches for {… 'id': '<rk>' …}` */
  | ({ kind: 'search' } & Identity)
  /** `Requesting '…/library/metadata/<rk>/tree'` */
  | { kind: 'tree'; ratingKey: string }
  /** `<Agent> - UPDATE CALLED` */
  | { kind: 'update' }
  /** `Response: [200] …`: the framework answered; the request is over */
  | { kind: 'end' }
  /** `Starting framework core`: a new process; earlier threads mean nothing any more */
  | { kind: 'restart' }
  /** a line that names the item of the request it is part of */
  | ({ kind: 'identity' } & Identity);

const UPDATE_METADATA = 'X0FnZW50S2l0OlVwZGF0ZU1ldGFkYXRh'; // base64 "_AgentKit:UpdateMetadata"
const FUNCTION_CALL = /^Handling request GET \/:\/plugins\/[^/]+\/messaging\/function\/([A-Za-z0-9+=_@-]+)(?:\/([A-Za-z0-9+=_@-]*))?(?:\/([A-Za-z0-9+=_@-]*))?/;
const TREE = /\/library\/metadata\/(\d{1,12})\/tree(?:[?'#]|$)/;
const MEDIA_OBJECT = /^Exception when constructing media object for dbid (\d{1,12})\b/;
const PY_PAIR = /'(\w+)': u?(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g;

export function markerOf(record: LogRecord, pgma: PgmaLine | null): Marker | null {
  const m = record.message;
  switch (m.charCodeAt(0)) {
    case 72: // H
      if (m.startsWith('Handling request GET /:/plugins/')) {
        const call = FUNCTION_CALL.exec(m);
        if (call) return { kind: 'request', ...(call[1] === UPDATE_METADATA && call[3] ? updateKwargs(call[3]) : {}) };
      }
      break;
    case 82: // R
      if (m.startsWith("Requesting '")) {
        const tree = TREE.exec(m);
        if (tree) return { kind: 'tree', ratingKey: tree[1]! };
      } else if (m.startsWith('Response: [')) return { kind: 'end' };
      break;
    case 83: // S
      if (m.startsWith('Searching for matches for {')) return { kind: 'search', ...searchIdentity(m) };
      if (m.startsWith('Starting framework core')) return { kind: 'restart' };
      break;
    case 76: // L
      if (m.startsWith('Loading model with GUID ')) return { kind: 'identity', guid: m.slice(24).trim() };
      break;
    case 69: {
      // E
      const media = MEDIA_OBJECT.exec(m);
      if (media) return { kind: 'identity', ratingKey: media[1]! };
      if (m.startsWith("Error opening URL '")) {
        const tree = TREE.exec(m);
        if (tree) return { kind: 'identity', ratingKey: tree[1]! };
      }
      break;
    }
  }
  if (pgma) {
    const header = itemHeader(pgma.body);
    return header ? { kind: 'identity', ...header } : null;
  }
  // `<Agent> - UPDATE CALLED` has no section, so it is never a PGMA section line
  return record.level === 'INFO' && isUpdateCalled(m) ? { kind: 'update' } : null;
}

/** Plex passes function arguments as base64 "cereal" text (`_` stands for `=`), each value
 *  before its key: `s6\n287794s4\ndbid` is dbid = "287794". */
export function updateKwargs(encoded: string): Identity {
  const base64 = standardBase64(encoded);
  // decoded through a scratch buffer when it surely fits (base64: 3 bytes per 4 characters)
  const text = base64.length > KWARGS_SCRATCH.length ? Buffer.from(base64, 'base64').toString('latin1') : KWARGS_SCRATCH.toString('latin1', 0, KWARGS_SCRATCH.write(base64, 0, 'base64'));
  const out: Identity = {};
  const dbid = cerealValue(text, DBID);
  if (dbid && /^\d{1,12}$/.test(dbid)) out.ratingKey = dbid;
  const guid = cerealValue(text, GUID);
  if (guid) out.guid = Buffer.from(guid, 'latin1').toString('utf8');
  return out;
}

const KWARGS_SCRATCH = Buffer.allocUnsafe(16 * 1024);

/** Plex's base64 → the standard alphabet: `@` stands for `/`, and `_` for `=`, the padding at
 *  the end, which the decoder does not need (cut rather than replaced: a request has one). */
function standardBase64(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 95) end--; // _
  let std = end < s.length ? s.slice(0, end) : s;
  if (std.includes('_')) std = std.replaceAll('_', '=');
  return std.includes('@') ? std.replaceAll('@', '/') : std;
}

const cerealKey = (key: string) => `s${key.length}\n${key}`;
const DBID = cerealKey('dbid');
const GUID = cerealKey('guid');

/** The string value stored before `key` (cerealKey): `s<length>\n<value>s<key length>\n<key>`. */
function cerealValue(text: string, key: string): string | undefined {
  const at = text.indexOf(key);
  if (at < 0) return undefined;
  const nl = text.lastIndexOf('\n', at - 1);
  let s = nl - 1;
  while (s >= 0 && text.charCodeAt(s) >= 48 && text.charCodeAt(s) <= 57) s--;
  if (s < 0 || text[s] !== 's' || s === nl - 1 || Number(text.slice(s + 1, nl)) !== at - nl - 1) return undefined;
  return text.slice(nl + 1, at);
}

/** The Python dict of `Searching for matches for {…}`: its order is arbitrary, so `'id'` may
 *  be anywhere. `name` is the title Plex has, `filename` the media file (URL-quoted). */
export function searchIdentity(message: string): Identity {
  const out: Identity = {};
  for (const p of message.matchAll(PY_PAIR)) {
    const value = p[2] ?? p[3] ?? '';
    if (p[1] === 'id' && /^\d{1,12}$/.test(value)) out.ratingKey = value;
    else if (p[1] === 'guid' && value) out.guid = value;
    else if (p[1] === 'name' && value) out.title = value;
    else if (p[1] === 'filename' && value) out.file = unquote(value);
  }
  return out;
}

function unquote(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
