// Text the way Python 2 and the Plex framework write it into logs: urllib.quote/quote_plus,
// repr() of str lists and dicts, unicodedata-style accent stripping, and the framework's
// "cereal" encoding of messaging arguments (agent-logs.md §10).

const ALWAYS_SAFE = /[A-Za-z0-9_.-]/;

/** urllib.quote(s, safe) on the UTF-8 bytes of s */
export function pyQuote(s: string, safe = '/'): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && (ALWAYS_SAFE.test(ch) || safe.includes(ch)) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** urllib.quote_plus */
export const pyQuotePlus = (s: string): string => pyQuote(s, ' ').replace(/ /g, '+');

/** utils.makeASCII: NFKD, then drop combining marks */
export const makeAscii = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '');

/** repr() of a Python 2 str holding UTF-8 bytes */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (ch === '\\' || ch === quote) out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (byte < 0x20 || byte >= 0x7f) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

export type PyValue = string | number | boolean | null;

export function pyValueRepr(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  return pyRepr(v);
}

export const pyListRepr = (items: readonly string[]): string => `[${items.map(pyRepr).join(', ')}]`;

/** repr() of a dict; Python 2 dict order is arbitrary, so the caller chooses it */
export const pyDictRepr = (entries: readonly [string, PyValue][]): string => `{${entries.map(([k, v]) => `${pyRepr(k)}: ${pyValueRepr(v)}`).join(', ')}}`;

/** The framework's cereal: value then key, strings length-prefixed (bytes), closing r0. */
export function cereal(value: readonly [string, PyValue][] | readonly PyValue[]): string {
  const enc = (v: PyValue): string => {
    if (v === null) return 'n';
    if (typeof v === 'boolean') return v ? 'b1' : 'b0';
    if (typeof v === 'number') return `i${v}\n`;
    return `s${Buffer.byteLength(v)}\n${v}`;
  };
  const isDict = value.length > 0 && Array.isArray(value[0]);
  const body = isDict
    ? (value as readonly [string, PyValue][]).map(([k, v]) => enc(v) + enc(k)).join('')
    : (value as readonly PyValue[]).map(enc).join('');
  return `cereal1\n1\n${isDict ? 'dict' : 'list'}\n${value.length}\n${body}r0\n`;
}

/** Framework String.Encode: base64 with / → @, + → *, = → _ */
export const frameworkEncode = (s: string): string => Buffer.from(s, 'utf8').toString('base64').replace(/\//g, '@').replace(/\+/g, '*').replace(/=/g, '_');
