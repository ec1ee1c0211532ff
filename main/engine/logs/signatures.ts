// The signature catalogue (agent-logs.md §8): one table, one row per known message, in the
// order rules are tried (the first that matches wins, so specific rows come first). Records
// at ERROR/CRITICAL that match no row are grouped by a normalized key (unknownKey) so nothing
// is dropped silently.
import type { Severity } from '../../../shared/metrics.ts';
import { redact } from '../../../shared/redact.ts';
import { messageText, type LogRecord } from './record.ts';
import { parsePgma, pgmaHeader, pgmaMessageText, type PgmaHeader, type PgmaLine } from './pgma.ts';

export interface Signature {
  id: string;
  severity: Severity;
  /** crit, err and warn ask for a fix; info is counted only; noise is left out of every figure */
  actionable: boolean;
  /** the matching rule in words */
  rule: string;
  /** what it means, in plain words for the person reading the report */
  explain: string;
  /** the levels it is logged at (PGMA writes warnings and summaries at ERROR) */
  levels: readonly string[];
  /** the lines it can match: PGMA's own (`GEVI - UTILS :: …`), the framework's, or any */
  lines: 'pgma' | 'framework' | 'any';
  /** a cheap look at the message that must pass before `test` (rows that apply to the many
   *  DEBUG/INFO lines have one, so most lines cost next to nothing) */
  precheck?(message: string, pgma: PgmaLine | null): boolean;
  test(f: Facts): boolean;
}

/** What the rules look at, computed once per record. */
export interface Facts {
  record: LogRecord;
  message: string;
  /** message + continuation lines */
  text: string;
  /** PGMA message text without its indentation (the part after `UTILS ::    `), when PGMA wrote it */
  body: string | null;
  header: PgmaHeader | undefined;
  afterIafdUrlError: boolean;
  modelSavedBefore: boolean;
}

export interface ClassifyContext {
  /** the record's PGMA parts; parsed here when not given */
  pgma?: PgmaLine | null;
  /** the ❌/⚠ header this message line belongs to (agent-logs.md §7: error pairs) */
  header?: PgmaHeader;
  /** an IAFD `Error opening URL` came just before on the same thread */
  afterIafdUrlError?: boolean;
  /** the model a `Cannot read model from …` names was saved (`Serializing to …`) earlier in this log */
  modelSavedBefore?: boolean;
}

export type Classification = { signature: Signature; unknown?: undefined } | { signature?: undefined; unknown: UnknownKind } | null;

export interface UnknownKind {
  key: string;
  /** from PGMA's mark or prefix; undefined when only the level tells */
  severity: Severity | undefined;
}

const ERR = ['ERROR', 'CRITICAL'];
const CRIT = ['CRITICAL'];
const ANY = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];
const PGMA_LEVELS = ['WARNING', 'ERROR', 'CRITICAL'];

const OPEN_URL = /^Error opening URL '([^']*)(')?/;
const URL_PARTS = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^/:?#]*)(?::\d*)?(.*)$/i;
const RESOURCE_HASHES = '/:/plugins/com.plexapp.system/resourceHashes';

interface OpenedUrl {
  url: string;
  /** the closing quote was logged (the line was not cut inside the URL) */
  closed: boolean;
  /** lower case; '' when the URL has none */
  host: string;
  path: string;
}
let lastMessage: string | null = null;
let lastOpened: OpenedUrl | null = null;
/** The URL of an `Error opening URL '…'` message; null for other messages. Several rules and
 *  isIafdUrlError ask about the same line in turn: the last answer is kept. */
function openedUrl(message: string): OpenedUrl | null {
  if (message === lastMessage) return lastOpened;
  let opened: OpenedUrl | null = null;
  const m = message.startsWith('Error opening URL ') ? OPEN_URL.exec(message) : null;
  if (m) {
    const parts = URL_PARTS.exec(m[1]!);
    opened = { url: m[1]!, closed: m[2] !== undefined, host: (parts?.[1] ?? '').toLowerCase(), path: parts?.[2] ?? '' };
  }
  lastMessage = message;
  lastOpened = opened;
  return opened;
}
/** The start-up resource-hashes request, also when the line was cut before the URL ended. */
function isResourceHashes(f: Facts): boolean {
  const opened = openedUrl(f.message);
  if (!opened) return false;
  return opened.path.startsWith(RESOURCE_HASHES) || (!opened.closed && opened.path.length > 3 && RESOURCE_HASHES.startsWith(opened.path));
}
const isLocal = (host: string) => host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '0.0.0.0';
const isIafd = (host: string) => host === 'iafd.com' || host.endsWith('.iafd.com');
/** agent-logs.md §8 model-read-first: Plex reads an item's saved model (`model:205`) and logs
 *  `Serializing to <the same path>` when it saves one (`model:227`). */
export const MODEL_READ_ERROR = 'Cannot read model from ';
export const MODEL_SAVED = 'Serializing to ';
const isModelReadError = (r: LogRecord) => r.module === 'model' && r.message.startsWith(MODEL_READ_ERROR);
const body = (f: Facts, re: RegExp) => f.body !== null && re.test(f.body);

/** True for the networking line PGMA's CFScrape retry follows (kept per thread by callers). */
export function isIafdUrlError(record: LogRecord): boolean {
  const opened = openedUrl(record.message);
  return opened !== null && isIafd(opened.host);
}

const row = (s: Omit<Signature, 'actionable'>): Signature => ({ ...s, actionable: s.severity === 'crit' || s.severity === 'err' || s.severity === 'warn' });

export const SIGNATURES: readonly Signature[] = [
  row({
    id: 'restricted-name',
    severity: 'crit',
    rule: 'SyntaxError: Line N: "<name>" is an invalid variable name because it starts with "_"',
    explain: 'Plex refused to load the agent: a name in its code starts with "_" (such as __file__), which Plex forbids.',
    levels: ERR,
    lines: 'any',
    test: (f) => /SyntaxError: Line \d+: "[^"]*" is an invalid variable name because it starts with "_"/.test(f.text),
  }),
  row({
    id: 'plugin-start-failed',
    severity: 'crit',
    rule: 'core CRITICAL "Exception starting plug-in"',
    explain: 'The agent did not start: its code does not compile or load.',
    levels: CRIT,
    lines: 'framework',
    test: (f) => f.message.startsWith('Exception starting plug-in'),
  }),
  row({
    id: 'plugin-load-code-failed',
    severity: 'crit',
    rule: '"Exception while loading code"',
    explain: 'Plex could not load the agent\'s code (an import or compile error).',
    levels: ERR,
    lines: 'framework',
    test: (f) => /^Exception while loading code\b/.test(f.message),
  }),
  row({
    id: 'startup-resource-hashes',
    severity: 'noise',
    rule: 'Error opening URL \'…/:/plugins/com.plexapp.system/resourceHashes\', CRITICAL "Exception getting hosted resource hashes"',
    explain: 'Logged at every plug-in start; harmless.',
    levels: ERR,
    lines: 'framework',
    test: (f) => f.message.startsWith('Exception getting hosted resource hashes') || (f.message.startsWith('Error opening URL ') && isResourceHashes(f)),
  }),
  row({
    id: 'startup-no-start-function',
    severity: 'noise',
    rule: 'CRITICAL "Function named \'Start\' couldn\'t be found"',
    explain: 'A plug-in without a Start() function (such as localmedia); harmless.',
    levels: ERR,
    lines: 'framework',
    test: (f) => f.message.startsWith("Function named 'Start' couldn't be found"),
  }),
  row({
    id: 'agent-update-exception',
    severity: 'err',
    rule: 'CRITICAL "Exception in the update function of agent named \'…\', called with guid \'…\'"',
    explain: 'The agent crashed while updating an item; Plex still reports the update as done.',
    levels: ERR,
    lines: 'framework',
    test: (f) => f.message.startsWith("Exception in the update function of agent named '"),
  }),
  row({
    id: 'agent-media-object',
    severity: 'err',
    rule: '"Exception when constructing media object for dbid <rk>"',
    explain: 'The agent could not read the item from Plex (the item\'s tree could not be fetched).',
    levels: ERR,
    lines: 'framework',
    test: (f) => /^Exception when constructing media object for dbid \d+/.test(f.message),
  }),
  row({
    id: 'system-update-failed',
    severity: 'err',
    rule: 'system log: notify with success=0, or "Exception in update for <guid>"',
    explain: 'Plex\'s update of the item failed: the agent was down, crashed or timed out.',
    levels: ANY,
    lines: 'framework',
    precheck: (m) => m.startsWith('Exception in update for ') || (m.startsWith("Requesting '") && m.includes('/:/metadata/notify?')),
    test: (f) =>
      f.message.startsWith('Exception in update for ') ||
      (f.message.startsWith("Requesting '") && f.message.includes('/:/metadata/notify?') && /[?&]success=0(?:[&']|$)/.test(f.message)),
  }),
  row({
    id: 'rate-limited',
    severity: 'warn',
    rule: 'HTTP 429 or "Too Many Requests"',
    explain: 'A website asked the agent to slow down (too many requests).',
    levels: ['WARNING', ...ERR],
    lines: 'any',
    test: (f) => /Too Many Requests|HTTP Error 429\b|\[429\]|\bstatus(?: code)?[ =:]+429\b/i.test(f.text),
  }),
  row({
    id: 'requests-session',
    severity: 'err',
    rule: "has no attribute 'Session'",
    explain: 'The agent uses a web library feature Plex\'s Python does not have.',
    levels: ERR,
    lines: 'any',
    test: (f) => f.text.includes("has no attribute 'Session'"),
  }),
  row({
    id: 'ssl-error',
    severity: 'err',
    rule: 'SSLError or handshake',
    explain: 'A secure (https) connection to a website failed.',
    levels: ERR,
    lines: 'any',
    test: (f) => /SSLError|handshake/i.test(f.text),
  }),
  row({
    id: 'iafd-url-error',
    severity: 'warn',
    rule: "networking \"Error opening URL 'https://www.iafd.com/…'\"",
    explain: 'IAFD (cast and director details) could not be reached. The log shows no status code, so the cause is not known.',
    levels: ERR,
    lines: 'framework',
    test: (f) => {
      const opened = openedUrl(f.message);
      return opened !== null && isIafd(opened.host);
    },
  }),
  row({
    id: 'site-url-error',
    severity: 'err',
    rule: '"Error opening URL" for another website',
    explain: 'The agent\'s website could not be reached, or its address format changed.',
    levels: ERR,
    lines: 'framework',
    test: (f) => {
      const opened = openedUrl(f.message);
      return opened !== null && opened.host !== '' && !isLocal(opened.host);
    },
  }),
  row({
    id: 'local-url-error',
    severity: 'warn',
    rule: '"Error opening URL" for 127.0.0.1 (Plex itself)',
    explain: 'The agent could not read an item from Plex; usually the item was removed or re-added.',
    levels: ERR,
    lines: 'framework',
    test: (f) => {
      const opened = openedUrl(f.message);
      return opened !== null && isLocal(opened.host);
    },
  }),
  row({
    id: 'iafd-request-exception',
    severity: 'err',
    rule: 'ERROR pair "Request Failed  Try CFScrape" with no networking error just before',
    explain: 'The IAFD request broke before it was sent (a code problem, not the website).',
    levels: PGMA_LEVELS,
    lines: 'pgma',
    test: (f) => !f.afterIafdUrlError && body(f, /^Request Failed\s+Try CFScrap/),
  }),
  row({
    id: 'iafd-cfscrape-fallback',
    severity: 'info',
    rule: '"Request Failed  Try CFScrape" after an IAFD URL error',
    explain: 'The agent retried IAFD another way; the same request, not a new error.',
    levels: ANY,
    lines: 'pgma',
    precheck: (m, pgma) => pgma !== null && m.includes('Request Failed'),
    test: (f) => body(f, /^Request Failed\s+Try CFScrap/),
  }),
  row({
    id: 'title-match-failure',
    severity: 'info',
    rule: '"Error getting Site Title: < Title Match Failure! >"',
    explain: 'A search result was rejected because its title did not match (logged once per candidate).',
    levels: PGMA_LEVELS,
    lines: 'pgma',
    test: (f) => body(f, /< Title Match Failure! >/),
  }),
  row({
    id: 'studio-match-failure',
    severity: 'info',
    rule: '"Warning: < Studio Match Failure! >"',
    explain: 'A search result was rejected because its studio did not match.',
    levels: PGMA_LEVELS,
    lines: 'pgma',
    test: (f) => body(f, /< Studio Match Failure! >/),
  }),
  row({
    id: 'iafd-film-search',
    severity: 'warn',
    rule: '"Error:: IAFD Film Search Failure"',
    explain: 'The IAFD film page could not be read, so IAFD details are missing.',
    levels: PGMA_LEVELS,
    lines: 'pgma',
    test: (f) => body(f, /IAFD Film Search Failure/),
  }),
  row({
    id: 'iafd-cast-search',
    severity: 'warn',
    rule: '"Error:: Cannot Process IAFD Cast Search Results, <name>: …"',
    explain: 'IAFD details of a cast member could not be read.',
    levels: PGMA_LEVELS,
    lines: 'pgma',
    test: (f) => body(f, /Cannot Process IAFD Cast Search Results/),
  }),
  row({
    id: 'iafd-director-search',
    severity: 'warn',
    rule: '"Error:: Cannot Process IAFD Director Search Results, <name>: …"',
    explain: 'IAFD details of a director could not be read.',
    levels: PGMA_LEVELS,
    lines: 'pgma',
    test: (f) => body(f, /Cannot Process IAFD Director Search Results/),
  }),
  row({
    id: 'iafd-no-more-results',
    severity: 'info',
    rule: '"Warning: No Additional Search Results"',
    explain: 'IAFD had no more results to look at.',
    levels: PGMA_LEVELS,
    lines: 'pgma',
    test: (f) => body(f, /^Warning:,?\s*No Additional Search Results/),
  }),
  row({
    id: 'iafd-403-collection',
    severity: 'info',
    rule: '"Collection Title  IAFD 403 Error"',
    explain: 'The agent filed the item in its "IAFD 403 Error" collection: the only hint of a refusal by IAFD (not confirmed by any status code).',
    levels: PGMA_LEVELS,
    lines: 'pgma',
    test: (f) => body(f, /^Collection Title\s+IAFD 403 Error/),
  }),
  row({
    id: 'iafd-disabled',
    severity: 'info',
    rule: '"IAFD Lookup Disabled to prevent 403 Error"',
    explain: 'IAFD look-ups were switched off in this copy of the agent.',
    levels: PGMA_LEVELS,
    lines: 'pgma',
    test: (f) => body(f, /IAFD Lookup Disabled to prevent 403 Error/),
  }),
  row({
    id: 'site-field-error',
    severity: 'err',
    rule: '"Error: Getting Images|Release Date|Site Film Duration|Synopsis: …"',
    explain: 'The website page gave no usable data: its layout probably changed, or the wrong page was read.',
    levels: PGMA_LEVELS,
    lines: 'pgma',
    test: (f) => body(f, /^Error:{1,2},?\s*Getting (?:Images|Release Date|Site Film Duration|Synopsis)\b/),
  }),
  row({
    id: 'site-optional-absent',
    severity: 'info',
    rule: '"Warning: No Chapters Found!", "Warning: No Scenes / Reviews Found!"',
    explain: 'The website has no chapters or reviews for this film; often that is simply true.',
    levels: PGMA_LEVELS,
    lines: 'pgma',
    test: (f) => body(f, /^Warning:,?\s*No (?:Chapters|Scenes|Reviews|Scenes \/ Reviews) Found!/),
  }),
  row({
    id: 'site-field-missing',
    severity: 'warn',
    rule: '"Warning: No Body Types|Categories|Types|Countries|Production Year: …"',
    explain: 'An optional detail was missing on the website page; many at once point to a layout change.',
    levels: PGMA_LEVELS,
    lines: 'pgma',
    test: (f) => body(f, /^Warning:,?\s*No [A-Z][A-Za-z()/ ]*:/),
  }),
  row({
    id: 'pgma-info-as-error',
    severity: 'noise',
    rule: '"Collections  N Collated", "Summary with Legend ⪢ …", other "Collection Title …" at ERROR',
    explain: 'Information the agent writes at error level; not an error.',
    levels: PGMA_LEVELS,
    lines: 'pgma',
    test: (f) => body(f, /^(?:Collections\s+\d+\s+Collated|Summary with Legend|Collection Title\b)/),
  }),
  row({
    id: 'model-read-repeat',
    severity: 'warn',
    rule: 'model ERROR "Cannot read model from …" for a model the agent saved ("Serializing to …") earlier in the log',
    explain: 'Plex could not read back data it had saved for this item.',
    levels: ERR,
    lines: 'framework',
    test: (f) => f.modelSavedBefore && isModelReadError(f.record),
  }),
  row({
    id: 'model-read-first',
    severity: 'info',
    rule: 'model ERROR "Cannot read model from …"',
    explain: 'Plex had no saved data for the item yet (a first read); not a sign of corruption.',
    levels: ERR,
    lines: 'framework',
    test: (f) => isModelReadError(f.record),
  }),
];

// the rows a record can match, by whether PGMA wrote it and its level (in table order)
const CANDIDATES = { pgma: new Map<string, Signature[]>(), framework: new Map<string, Signature[]>() };
for (const s of SIGNATURES) {
  for (const kind of ['pgma', 'framework'] as const) {
    if (s.lines !== 'any' && s.lines !== kind) continue;
    for (const level of s.levels) (CANDIDATES[kind].get(level) ?? CANDIDATES[kind].set(level, []).get(level)!).push(s);
  }
}

export const signatureById: ReadonlyMap<string, Signature> = new Map(SIGNATURES.map((s) => [s.id, s]));
/** classify's answer for each signature, made once: most lines it names are known ones */
const NAMED: ReadonlyMap<Signature, Classification> = new Map(SIGNATURES.map((s) => [s, Object.freeze({ signature: s })]));

/** Names the record: a catalogue signature, an unknown error pattern, or null (not an error). */
export function classify(record: LogRecord, ctx: ClassifyContext = {}): Classification {
  const isError = record.level === 'ERROR' || record.level === 'CRITICAL';
  const pgma = ctx.pgma === undefined ? parsePgma(record.message) : ctx.pgma;
  const candidates = CANDIDATES[pgma ? 'pgma' : 'framework'].get(record.level) ?? [];
  let facts: Facts | undefined;
  for (const s of candidates) {
    if (s.precheck && !s.precheck(record.message, pgma)) continue;
    facts ??= {
      record,
      message: record.message,
      text: messageText(record),
      body: pgma ? (pgmaMessageText(pgma.body) ?? pgma.body).trimStart() : null,
      header: ctx.header,
      afterIafdUrlError: ctx.afterIafdUrlError ?? false,
      modelSavedBefore: ctx.modelSavedBefore ?? false,
    };
    if (s.test(facts)) return NAMED.get(s)!;
  }
  return isError ? { unknown: { key: unknownKey(record, pgma, ctx.header), severity: pgmaSeverity(pgma, ctx.header) } } : null;
}

/** Severity of a PGMA line by its ❌/⚠ header or its message prefix (agent-logs.md §7). */
function pgmaSeverity(pgma: PgmaLine | null, header: PgmaHeader | undefined): Severity | undefined {
  if (!pgma) return undefined;
  const own = pgmaHeader(pgma.body);
  const mark = (header ?? own)?.mark;
  if (mark) return mark === 'error' ? 'err' : 'warn';
  const text = pgma.body.trimStart();
  if (/^Error:/.test(text)) return 'err';
  if (/^Warning:/.test(text)) return 'warn';
  return 'info';
}

/** A key that groups one kind of message: numbers, quoted strings, URL query values and hex
 *  ids are masked. PGMA lines are keyed by their text and call site, without the agent name.
 *  Keys are shown and stored, so the text is redacted before it is masked. */
export function unknownKey(record: LogRecord, pgma: PgmaLine | null = parsePgma(record.message), header?: PgmaHeader): string {
  if (pgma) {
    const site = header?.chain.at(-1) ?? pgmaHeader(pgma.body)?.chain.at(-1);
    const own = pgmaHeader(pgma.body);
    const text = own ? `${own.mark === 'error' ? '❌' : '⚠'} in ${own.chain.join(' -> ')}` : pgma.body.trim();
    return clip(`${pgma.section}: ${normalize(redact(text))}${site && !own ? ` [in ${site}]` : ''}`);
  }
  return clip(`${record.module || record.tag || 'pms'}: ${normalize(redact(record.message))}`);
}

export function normalize(text: string): string {
  return text
    .replace(/([?&][^=&\s'"]+=)[^&\s'")\]>]*/g, '$1…')
    .replace(/'[^'\n]*'|"[^"\n]*"/g, "'…'")
    .replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}\b/gi, '<hex>')
    .replace(/\d+/g, '#');
}

const clip = (s: string) => (s.length > 200 ? `${s.slice(0, 199)}…` : s);
