// Property lists, binary (bplist00) and XML: enough of both to read Plex's preferences plist
// and the Info.plist of agent bundles. macOS has no Python 2 and we never shell out to read a
// file, so this is a small reader of our own. Bad input throws PlistError, never loops.
import { UserError } from '../errors.ts';

export type PlistValue = string | number | bigint | boolean | Date | Uint8Array | PlistValue[] | { [key: string]: PlistValue };

export class PlistError extends UserError {
  constructor(source: string, detail: string) {
    super('plist-invalid', `${source} is not a readable property list (${detail}).`, 'Check that the file is not damaged; Plex rewrites it when it saves its settings.');
    this.name = 'PlistError';
  }
}

/** Reads a binary or XML property list. `source` names the file in error messages. */
export function parsePlist(bytes: Uint8Array, source: string): PlistValue {
  if (isBinaryPlist(bytes)) return parseBinaryPlist(bytes, source);
  return parseXmlPlist(new TextDecoder('utf-8', { fatal: false }).decode(bytes), source);
}

export const isBinaryPlist = (bytes: Uint8Array): boolean => bytes.length >= 8 && new TextDecoder('latin1').decode(bytes.subarray(0, 8)) === 'bplist00';

// --- binary ---------------------------------------------------------------------------------

const APPLE_EPOCH_MS = Date.UTC(2001, 0, 1);
const MAX_DEPTH = 64;

export function parseBinaryPlist(bytes: Uint8Array, source: string): PlistValue {
  const fail = (detail: string): never => {
    throw new PlistError(source, detail);
  };
  if (!isBinaryPlist(bytes)) fail('no bplist00 header');
  if (bytes.length < 8 + 32) fail('file too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const t = bytes.length - 32;
  const offsetSize = bytes[t + 6]!;
  const refSize = bytes[t + 7]!;
  const numObjects = toSafe(view.getBigUint64(t + 8), fail);
  const topObject = toSafe(view.getBigUint64(t + 16), fail);
  const tableOffset = toSafe(view.getBigUint64(t + 24), fail);
  if (![1, 2, 4, 8].includes(offsetSize) || ![1, 2, 4, 8].includes(refSize)) fail('bad trailer');
  if (topObject >= numObjects || tableOffset + numObjects * offsetSize > t || tableOffset < 8) fail('bad offset table');

  const uint = (at: number, size: number): number => {
    if (at < 0 || at + size > t) fail('value outside the file');
    let v = 0;
    for (let i = 0; i < size; i++) v = v * 256 + bytes[at + i]!;
    if (!Number.isSafeInteger(v)) fail('number too large');
    return v;
  };
  const offsetOf = (ref: number): number => {
    if (ref >= numObjects) fail('reference to a missing object');
    return uint(tableOffset + ref * offsetSize, offsetSize);
  };
  const stack = new Set<number>();

  const read = (ref: number, depth: number): PlistValue => {
    if (depth > MAX_DEPTH) fail('nested too deeply');
    if (stack.has(ref)) fail('object contains itself');
    const at = offsetOf(ref);
    if (at < 8 || at >= tableOffset) fail('object outside the data area');
    const marker = bytes[at]!;
    const high = marker >> 4;
    const low = marker & 0x0f;
    // the length of strings, data, arrays and dicts: low nibble, or a following int when 0xF
    const length = (): [count: number, start: number] => {
      if (low !== 0x0f) return [low, at + 1];
      const intMarker = bytes[at + 1];
      if (intMarker === undefined || intMarker >> 4 !== 0x1) fail('bad length');
      const size = 1 << (intMarker! & 0x0f);
      return [uint(at + 2, size), at + 2 + size];
    };
    switch (high) {
      case 0x0:
        if (marker === 0x08) return false;
        if (marker === 0x09) return true;
        return fail(`unsupported marker 0x${marker.toString(16)}`);
      case 0x1: {
        const size = 1 << low;
        if (at + 1 + size > t) fail('value outside the file');
        if (size === 8) {
          const v = view.getBigInt64(at + 1);
          return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
        }
        if (size === 16) {
          const v = view.getBigInt64(at + 9);
          return Number.isSafeInteger(Number(v)) ? Number(v) : v;
        }
        return uint(at + 1, size);
      }
      case 0x2:
        if (low === 2) return at + 5 <= t ? view.getFloat32(at + 1) : fail('value outside the file');
        if (low === 3) return at + 9 <= t ? view.getFloat64(at + 1) : fail('value outside the file');
        return fail('bad real');
      case 0x3:
        if (marker !== 0x33 || at + 9 > t) fail('bad date');
        return new Date(APPLE_EPOCH_MS + view.getFloat64(at + 1) * 1000);
      case 0x4: {
        const [n, start] = length();
        if (start + n > t) fail('data outside the file');
        return Uint8Array.from(bytes.subarray(start, start + n));
      }
      case 0x5: {
        const [n, start] = length();
        if (start + n > t) fail('string outside the file');
        return new TextDecoder('latin1').decode(bytes.subarray(start, start + n));
      }
      case 0x6: {
        const [n, start] = length();
        if (start + 2 * n > t) fail('string outside the file');
        let s = '';
        for (let i = 0; i < n; i++) s += String.fromCharCode(view.getUint16(start + 2 * i));
        return s;
      }
      case 0x8:
        return uint(at + 1, low + 1);
      case 0xa:
      case 0xd: {
        const [n, start] = length();
        const refs = (from: number, count: number) => Array.from({ length: count }, (_, i) => uint(from + i * refSize, refSize));
        stack.add(ref);
        try {
          if (high === 0xa) return refs(start, n).map((r) => read(r, depth + 1));
          const keys = refs(start, n);
          const values = refs(start + n * refSize, n);
          const dict: Record<string, PlistValue> = {};
          keys.forEach((k, i) => {
            const key = read(k, depth + 1);
            if (typeof key !== 'string') fail('dictionary key is not a string');
            setKey(dict, key as string, read(values[i]!, depth + 1));
          });
          return dict;
        } finally {
          stack.delete(ref);
        }
      }
      default:
        return fail(`unsupported marker 0x${marker.toString(16)}`);
    }
  };
  return read(topObject, 0);
}

/** A key named "__proto__" must stay a key, not replace the object's prototype. */
function setKey(dict: Record<string, PlistValue>, key: string, value: PlistValue): void {
  Object.defineProperty(dict, key, { value, enumerable: true, writable: true, configurable: true });
}

function toSafe(v: bigint, fail: (d: string) => never): number {
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? fail('bad trailer') : Number(v);
}

// --- XML ------------------------------------------------------------------------------------

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes XML character and entity references. */
export function decodeXmlText(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[ref.toLowerCase()] ?? m;
  });
}

type Token = { kind: 'open' | 'close' | 'empty'; name: string; at: number } | { kind: 'text'; text: string; at: number };

export function parseXmlPlist(text: string, source: string): PlistValue {
  const fail = (detail: string): never => {
    throw new PlistError(source, detail);
  };
  const tokens: Token[] = [];
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([A-Za-z][\w.-]*)[^>]*?(\/?)>|([^<]+)|(<)/g;
  for (let m; (m = re.exec(text)); ) {
    if (m[1] !== undefined) tokens.push({ kind: 'text', text: m[1], at: m.index });
    else if (m[3] !== undefined) tokens.push({ kind: m[2] ? 'close' : m[4] ? 'empty' : 'open', name: m[3], at: m.index });
    else if (m[5] !== undefined) tokens.push({ kind: 'text', text: decodeXmlText(m[5]), at: m.index });
    else if (m[6] !== undefined) fail('broken tag');
  }
  let i = 0;
  const skipSpace = () => {
    while (tokens[i]?.kind === 'text' && !(tokens[i] as { text: string }).text.trim()) i++;
  };
  const textUntilClose = (name: string): string => {
    let s = '';
    while (tokens[i]?.kind === 'text') s += (tokens[i++] as { text: string }).text;
    const close = tokens[i++];
    if (close?.kind !== 'close' || close.name !== name) fail(`<${name}> is not closed`);
    return s;
  };
  const value = (depth: number): PlistValue => {
    if (depth > MAX_DEPTH) fail('nested too deeply');
    skipSpace();
    const tok = tokens[i++];
    if (!tok || tok.kind === 'text' || tok.kind === 'close') return fail(tok ? `unexpected ${tok.kind === 'text' ? 'text' : `</${tok.name}>`}` : 'ends too early');
    const { name } = tok;
    if (tok.kind === 'empty') {
      if (name === 'true') return true;
      if (name === 'false') return false;
      if (name === 'string' || name === 'data') return name === 'string' ? '' : new Uint8Array();
      if (name === 'dict') return {};
      if (name === 'array') return [];
      return fail(`unknown element <${name}/>`);
    }
    switch (name) {
      case 'string':
        return textUntilClose(name);
      case 'integer': {
        const s = textUntilClose(name).trim();
        if (!/^[+-]?\d+$/.test(s)) fail(`bad integer "${s}"`);
        const n = Number(s);
        return Number.isSafeInteger(n) ? n : BigInt(s);
      }
      case 'real': {
        const n = Number(textUntilClose(name).trim());
        return Number.isNaN(n) ? fail('bad real') : n;
      }
      case 'date': {
        const d = new Date(textUntilClose(name).trim());
        return Number.isNaN(d.getTime()) ? fail('bad date') : d;
      }
      case 'data':
        return Uint8Array.from(Buffer.from(textUntilClose(name).replace(/\s+/g, ''), 'base64'));
      case 'true':
      case 'false':
        textUntilClose(name);
        return name === 'true';
      case 'array': {
        const out: PlistValue[] = [];
        for (;;) {
          skipSpace();
          const t = tokens[i];
          if (t?.kind === 'close' && t.name === 'array') return (i++, out);
          if (!t) fail('<array> is not closed');
          out.push(value(depth + 1));
        }
      }
      case 'dict': {
        const out: Record<string, PlistValue> = {};
        for (;;) {
          skipSpace();
          const t = tokens[i++];
          if (t?.kind === 'close' && t.name === 'dict') return out;
          if (t?.kind !== 'open' || t.name !== 'key') fail('<dict> holds something other than <key> and value pairs');
          setKey(out, textUntilClose('key'), value(depth + 1));
        }
      }
      case 'plist': {
        const v = value(depth + 1);
        skipSpace();
        const close = tokens[i++];
        if (close?.kind !== 'close' || close.name !== 'plist') fail('<plist> is not closed');
        return v;
      }
      default:
        return fail(`unknown element <${name}>`);
    }
  };
  const v = value(0);
  skipSpace();
  if (i < tokens.length) fail('text after the end');
  return v;
}
