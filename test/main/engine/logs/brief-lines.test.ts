import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { markerOf } from '../../../../main/engine/logs/item-markers.ts';
import { LocalTime } from '../../../../main/engine/logs/local-time.ts';
import { LineSplitter } from '../../../../main/engine/logs/line-splitter.ts';
import { MetricsBuilder } from '../../../../main/engine/logs/metrics-builder.ts';
import { parsePluginLine, TAKEN } from '../../../../main/engine/logs/parse-line.ts';
import { dumpFacts, parsePgma } from '../../../../main/engine/logs/pgma.ts';
import { RecordAssembler } from '../../../../main/engine/logs/record-assembler.ts';
import { classify } from '../../../../main/engine/logs/signatures.ts';

const utc = new LocalTime('UTC');
const SOURCE = 'com.plexapp.agents.GEVI';
const FILE = 'PMS Plugin Logs/com.plexapp.agents.GEVI.log';
/** the head parser takes the line brief when offered */
const isBrief = (line: string) => parsePluginLine(line, SOURCE, FILE, utc, () => true) === TAKEN;
const line = (level: string, message: string, module = 'sandbox:19', thread = '17267f000') => `2026-02-02 05:46:30,020 (${thread}) :  ${level} (${module}) - ${message}`;

/** Messages the metrics read at any level (agent-logs.md §4–§10), and near misses that look like them. */
const FRAMEWORK = [
  'Handling request GET /:/plugins/com.plexapp.agents.GEVI/messaging/function/X0FnZW50S2l0OlVwZGF0ZU1ldGFkYXRh/Y2VyZWFsMQoxCmxpc3QKMApyMAo_/Y2VyZWFs',
  "Requesting 'http://127.0.0.1:32400/library/metadata/431/tree'",
  "Requesting 'http://127.0.0.1:32400/library/metadata/431/children'",
  'Response: [200] str, 16 bytes',
  "Searching for matches for {'id': '47312', 'name': 'Freaks 4'}",
  'Starting framework core - Version: 2.6.3, Build: 7fb6fa3',
  'Started plug-in',
  'Loading model with GUID com.plexapp.agents.GEVI://431?lang=xn',
  'Exception when constructing media object for dbid 431',
  'Exception in update for com.plexapp.agents.AEBN://640?lang=xn',
  "Error opening URL 'http://127.0.0.1:32400/library/metadata/431/tree'",
];
/** Messages the metrics read at INFO (at DEBUG nothing reads PGMA's lines or the notify result). */
const AT_INFO = [
  "Requesting 'http://127.0.0.1:32400/:/metadata/notify?guid=com.plexapp.agents.GEVI%3A%2F%2F463&id=463&success=0&async=1'",
  'GEVI  - UPDATE CALLED',
  'GEVI  - UTILS :: > Title: Freaks 5',
  'GEVI  - UTILS :: > File Path: /Volumes/Media/Films/Freaks 5.mp4',
  'GEVI  - UTILS :: Request Failed                Try CFScrape',
  'GEVI  - UTILS :: 42. id                        463',
  'GEVI  - UTILS :: 1c. Title                     Freaks 5',
  'GEVI  - UTILS :: 20. FoundOnIAFD               No',
  'GEVI  - UTILS :: 2e. Cast                      29 - [...]',
  'GEVI  - UTILS :: 2d. Genres                    none found',
  'GEVI  - UTILS :: 2f. Directors                 1 - [...]',
  'GEVI  - UTILS :: 2g. Director(s) Dictionary:   2',
  'GEVI  - UTILS :: Director(s) Dictionary        2',
  'GEVI  - UTILS :: 3a. Poster Images             4',
];
const TELLING = [...FRAMEWORK, ...AT_INFO];
const REQUEST = "Requesting 'https://www.gayeroticvideoindex.com/search.php?type=t&where=b&query=Freaks+4'";
/** Messages nobody reads beyond counting them. */
const CHATTER = [
  'Using the elevated policy',
  'Server version is 1.40.1.8227-c0dd5a73e',
  'GEVI  - UTILS :: \t\t 1. matchiafdduration       Default = false           Set As = false           ✅',
  'GEVI  - UTILS :: 12. Plex Token                FAKEplexTOKEN0123456789ab',
  'GEVI  - SEARCH:: Title Found: Freaks 4',
  'GEVI  - UTILS :: 1b. Studio                    Freaks Inc',
  'Sending response',
  'GEVI - SEARCH::    Warning: < Studio Match Failure! >', // a rule for PGMA's warnings, which it writes at ERROR
];

describe('brief lines: what the metrics only count (brief-lines.ts)', () => {
  it.each(FRAMEWORK)('never takes %s brief, at DEBUG or INFO', (message) => {
    expect(isBrief(line('DEBUG', message))).toBe(false);
    expect(isBrief(line('INFO', message))).toBe(false);
  });

  it.each(AT_INFO)('never takes %s brief at INFO', (message) => {
    expect(isBrief(line('INFO', message))).toBe(false);
  });

  it.each(CHATTER)('takes %s brief', (message) => {
    expect(isBrief(line('DEBUG', message))).toBe(true);
    expect(isBrief(line('INFO', message))).toBe(true);
  });

  it('takes a site request brief at DEBUG; at INFO a request may be the notify result', () => {
    expect(isBrief(line('DEBUG', REQUEST))).toBe(true);
    expect(isBrief(line('INFO', REQUEST))).toBe(false);
  });

  it('never takes a warning or an error brief, nor a line that is not a head line', () => {
    for (const message of CHATTER) for (const level of ['WARNING', 'ERROR', 'CRITICAL']) expect(isBrief(line(level, message))).toBe(false);
    expect(isBrief('  File "/x/core.py", line 613, in start')).toBe(false);
    expect(isBrief('2026-02-02 05:46:30,020 (17267f000) :  DEBUG (cor')).toBe(false);
  });

  it('takes a line brief only when no marker, start line, rule or dump row reads it', () => {
    const message = fc.oneof(
      fc.constantFrom(...TELLING, ...CHATTER, REQUEST),
      fc.tuple(fc.constantFrom(...TELLING, ...CHATTER, REQUEST), fc.integer({ min: 0, max: 80 }), fc.string({ maxLength: 8 })).map(([m, at, s]) => m.slice(0, at) + s + m.slice(at)),
      fc.tuple(fc.constantFrom('', 'GEVI  - UTILS :: ', 'GEVI - SEARCH:: ', 'AEBN  - UPDATE '), fc.string({ maxLength: 40 })).map(([p, s]) => p + s),
    );
    const oneLine = fc.tuple(fc.constantFrom('DEBUG', 'INFO', 'INFO', 'WARNING'), message).map(([level, m]) => line(level, m)).filter((l) => !/[\n\r\u2028\u2029]/.test(l));
    fc.assert(
      fc.property(oneLine, (l) => {
        if (!isBrief(l)) return true;
        const r = parsePluginLine(l, SOURCE, FILE, utc)!;
        const pgma = r.level === 'DEBUG' ? null : parsePgma(r.message);
        const tells =
          markerOf(r, pgma) !== null ||
          r.message.startsWith('Starting framework core') ||
          r.message.startsWith('Started plug-in') ||
          (r.level !== 'DEBUG' && classify(r, { pgma }) !== null) ||
          (pgma !== null && dumpFacts(pgma.body) !== null);
        return r.level !== 'WARNING' && !tells;
      }),
      { numRuns: 5000 },
    );
  });
});

describe('the metrics are the same with and without brief lines', () => {
  /** `text` read as the aggregation reads it (brief lines taken without a record), or with every
   *  line made a record */
  function metricsOf(text: string, brief: boolean) {
    const builder = new MetricsBuilder({ logsDir: '/logs', now: new Date('2026-02-03T00:00:00Z') });
    builder.read(FILE, Buffer.byteLength(text));
    const assembler = new RecordAssembler({
      parse: parsePluginLine,
      source: SOURCE,
      file: FILE,
      time: utc,
      sink: { closed: (r) => builder.add(r), skip: () => undefined, ...(brief ? { brief: (l: string) => builder.brief(SOURCE, FILE, l, utc) } : {}) },
    });
    const splitter = new LineSplitter(assembler);
    splitter.push(Buffer.from(text));
    splitter.finish();
    assembler.close();
    return builder.finish();
  }

  it('on any mix of telling lines, chatter, error pairs and tracebacks on interleaved threads', () => {
    const ERRORS = [
      line('ERROR', 'GEVI - UTILS :: ❌ File: utils.py, Line: 5718, Function: updateMetadata -> getCast -> matchCast', 'utils:5486'),
      line('ERROR', "GEVI - UTILS ::    Error:: Cannot Process IAFD Cast Search Results, AJ: 'NoneType' object has no attribute 'xpath'", 'utils:5487'),
      line('ERROR', "Error opening URL 'https://www.iafd.com/ramesearch.asp?searchstring=x'", 'networking:197'),
      line('CRITICAL', "Exception in the update function of agent named 'GEVI', called with guid 'com.plexapp.agents.GEVI://431?lang=xn'", 'agentkit:1078'),
      '  IndexError: list index out of range',
    ];
    const entry = fc.oneof(
      fc.tuple(fc.constantFrom('DEBUG', 'INFO'), fc.constantFrom(...TELLING, ...CHATTER, REQUEST), fc.constantFrom('a1', 'b2')).map(([lv, m, th]) => line(lv, m, 'runtime:1', th)),
      fc.constantFrom(...ERRORS),
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), (lines) => {
        const text = lines.join('\n') + '\n';
        expect(metricsOf(text, true)).toEqual(metricsOf(text, false));
      }),
      { numRuns: 300 },
    );
  });
});
