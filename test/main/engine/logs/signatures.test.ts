import { describe, expect, it } from 'vitest';
import { LocalTime } from '../../../../main/engine/logs/local-time.ts';
import { parsePluginLine } from '../../../../main/engine/logs/parse-line.ts';
import { parsePgma, pgmaHeader } from '../../../../main/engine/logs/pgma.ts';
import type { LogRecord } from '../../../../main/engine/logs/record.ts';
import { classify, normalize, SIGNATURES, unknownKey, type ClassifyContext } from '../../../../main/engine/logs/signatures.ts';

const utc = new LocalTime('UTC');
function rec(line: string, more?: string[]): LogRecord {
  const r = parsePluginLine(line, 'com.plexapp.agents.GEVI', 'PMS Plugin Logs/com.plexapp.agents.GEVI.log', utc);
  if (!r) throw new Error(`not a head line: ${line}`);
  return more ? { ...r, more } : r;
}
const T = '2026-02-02 05:46:31,200 (170323000) :  ';
const err = (module: string, msg: string, more?: string[]) => rec(`${T}ERROR (${module}) - ${msg}`, more);
const crit = (module: string, msg: string, more?: string[]) => rec(`${T}CRITICAL (${module}) - ${msg}`, more);
const info = (module: string, msg: string) => rec(`${T}INFO (${module}) - ${msg}`);
const debug = (module: string, msg: string) => rec(`${T}DEBUG (${module}) - ${msg}`);
/** a PGMA message line with the ❌/⚠ header that came before it */
const pair = (mark: '❌' | '⚠', chain: string, text: string, section = 'UTILS ::'): [LogRecord, ClassifyContext] => {
  const header = pgmaHeader(parsePgma(`GEVI - ${section} ${mark} File: , Line: , Function: ${chain}`)!.body)!;
  return [err('utils:5487', `GEVI - ${section}    ${text}`), { header }];
};
const notify = (success: 0 | 1) =>
  debug('networking:144', `Requesting 'http://127.0.0.1:32400/:/metadata/notify?guid=com.plexapp.agents.GEVI%3A%2F%2F463%3Flang%3Dxn&path=x&force=1&queueSize=0&id=463&success=${success}&async=1'`);

type Case = [LogRecord, ClassifyContext?];
const c = (r: LogRecord, ctx?: ClassifyContext): Case => [r, ctx];

// Every row of agent-logs.md §8: lines that must match it, and a near miss that must not.
const CASES: Record<string, { match: Case[]; nearMiss: Case[] }> = {
  'restricted-name': {
    match: [
      c(crit('core:615', 'Exception starting plug-in (most recent call last):', ['  File "/x/core.py", line 613, in start', 'SyntaxError: Line 104: "__file__" is an invalid variable name because it starts with "_"'])),
      c(crit('core:615', 'Exception starting plug-in', ['SyntaxError: Line 101: "_add_pgma_stubs_to_path" is an invalid variable name because it starts with "_"'])),
    ],
    nearMiss: [c(crit('core:615', 'Exception starting plug-in (most recent call last):', ['SyntaxError: invalid syntax (utils.py, line 101)']))],
  },
  'plugin-start-failed': {
    match: [c(crit('core:615', 'Exception starting plug-in (most recent call last):', ['ImportError: No module named requests']))],
    nearMiss: [c(info('core:611', 'Started plug-in'))],
  },
  'plugin-load-code-failed': {
    match: [c(crit('core:547', 'Exception while loading code (most recent call last):', ['ImportError: No module named lxml']))],
    nearMiss: [c(err('core:547', 'Exception while loading codec tables'))],
  },
  'startup-resource-hashes': {
    match: [
      c(err('networking:197', "Error opening URL 'http://127.0.0.1:32400/:/plugins/com.plexapp.system/resourceHashes'")),
      c(err('networking:197', "Error opening URL 'http://127.0.0.1:32400/:/plugins/com.")), // as cut in agent-logs.md §12
      c(crit('runtime:1299', 'Exception getting hosted resource hashes (most recent c', ['  HTTPError: HTTP Error 404: Not Found'])),
    ],
    nearMiss: [c(err('networking:197', "Error opening URL 'http://127.0.0.1:32400/:/plugins/com.plexapp.system/messaging/function/x'"))],
  },
  'startup-no-start-function': {
    match: [c(crit('sandbox:298', "Function named 'Start' couldn't be found in the current"))],
    nearMiss: [c(crit('sandbox:298', "Function named 'ValidatePrefs' couldn't be found in the current environment"))],
  },
  'agent-update-exception': {
    match: [c(crit('agentkit:1078', "Exception in the update function of agent named 'AEBN', called with guid 'com.plexapp.agents.AEBN://640?lang=xn' (most recent call last):", ['IndexError: list index out of range']))],
    nearMiss: [c(crit('agentkit:1078', "Exception in the search function of agent named 'AEBN', called with guid 'x'"))],
  },
  'agent-media-object': {
    match: [c(err('agentkit:1001', 'Exception when constructing media object for dbid 431 (most recent call last):'))],
    nearMiss: [c(err('agentkit:1001', 'Exception when constructing media object for dbid None'))],
  },
  'system-update-failed': {
    match: [c(notify(0)), c(info('agentservice:771', 'Exception in update for com.plexapp.agents.AEBN://640?lang=xn'))],
    nearMiss: [c(notify(1))],
  },
  'rate-limited': {
    match: [
      c(err('networking:197', "Error opening URL 'https://www.iafd.com/ramesearch.asp?searchstring=x'", ['  HTTPError: HTTP Error 429: Too Many Requests'])),
      c(err('agentkit:1054', 'Too Many Requests')),
    ],
    nearMiss: [c(err('networking:197', "Error opening URL 'https://www.iafd.com/person.rme/id=429'"))],
  },
  'requests-session': {
    match: [c(err('agentkit:1054', 'Exception in the search function (most recent call last):', ["AttributeError: 'module' object has no attribute 'Session'"]))],
    nearMiss: [c(err('agentkit:1054', 'Exception in the search function (most recent call last):', ["AttributeError: 'NoneType' object has no attribute 'xpath'"]))],
  },
  'ssl-error': {
    match: [c(err('networking:197', "Error opening URL 'https://www.aebn.com/x'", ['  SSLError: [SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] sslv3 alert handshake failure']))],
    nearMiss: [c(err('networking:197', "Error opening URL 'https://www.aebn.com/x'", ['  URLError: <urlopen error timed out>']))],
  },
  'iafd-url-error': {
    match: [
      c(err('networking:197', "Error opening URL 'https://www.iafd.com/ramesearch.asp?searchtype=comprehensive&searchstring=Freaks+4'")),
      c(err('networking:197', "Error opening URL 'https://www.iafd.com/ramesearch.asp?s")), // cut
      c(err('networking:197', "Error opening URL 'https://www.iafd.com/ramesearch.asp?searchtype=comprehensive&searchstring=Stoned+&+Boned'")),
    ],
    nearMiss: [c(err('networking:197', "Error opening URL 'https://notiafd.com/x'"))],
  },
  'site-url-error': {
    match: [c(err('networking:197', "Error opening URL 'https://www.cduniverse.com/sresult.asp?HT_Search_Info=%22helpless%2Bin%2Ba%2Bwarehouse%22&HT_SEARCH=TITLE&style=gay&thx=1'"))],
    nearMiss: [c(err('networking:197', "Error opening URL 'http://localhost:32400/library/metadata/431/tree'"))],
  },
  'local-url-error': {
    match: [c(err('networking:197', "Error opening URL 'http://127.0.0.1:32400/library/metadata/431/tree'"))],
    nearMiss: [c(err('networking:197', "Error opening URL 'http://127.0.0.1:32400/:/plugins/com.plexapp.system/resourceHashes'"))],
  },
  'iafd-request-exception': {
    match: [c(...pair('❌', 'update -> getFilmOnIAFD', 'Request Failed                Try CFScrap'))],
    nearMiss: [c(pair('❌', 'update -> getFilmOnIAFD', 'Request Failed                Try CFScrape')[0], { ...pair('❌', 'update -> getFilmOnIAFD', '')[1], afterIafdUrlError: true })],
  },
  'iafd-cfscrape-fallback': {
    match: [c(info('sandbox:19', 'GEVI  - UTILS :: Request Failed                Try CFScrape'), { afterIafdUrlError: true })],
    nearMiss: [c(info('sandbox:19', 'GEVI  - UTILS :: Request Sent                  Try CFScrape'))],
  },
  'title-match-failure': {
    match: [c(...pair('❌', '_process_function_call -> _search -> search', 'Error getting Site Title: < Title Match Failure! >', 'SEARCH::'))],
    nearMiss: [c(...pair('❌', '_process_function_call -> _search -> search', 'Error getting Site Title: list index out of range', 'SEARCH::'))],
  },
  'studio-match-failure': {
    match: [c(err('utils:5513', 'GEVI - SEARCH::    Warning: < Studio Match Failure! >'))],
    nearMiss: [c(info('sandbox:19', 'GEVI  - SEARCH:: Warning: < Studio Match Failure! >'))],
  },
  'iafd-film-search': {
    match: [c(...pair('⚠', 'getFilmOnIAFD', "Error:: IAFD Film Search Failure, 'NoneType' object has no attribute 'xpath'"))],
    nearMiss: [c(...pair('⚠', 'getFilmOnIAFD', 'Error:: IAFD Film Search: 3 results'))],
  },
  'iafd-cast-search': {
    match: [c(...pair('❌', 'updateMetadata -> getCast -> matchCast', "Error:: Cannot Process IAFD Cast Search Results, AJ Alexander: 'NoneType' object has no attribute 'xpath'"))],
    nearMiss: [c(...pair('❌', 'updateMetadata -> getCast', "Error:: Cannot Process Site Cast Search Results, AJ Alexander: 'x'"))],
  },
  'iafd-director-search': {
    match: [c(...pair('❌', 'updateMetadata -> getDirectors -> matchDirectors', "Error:: Cannot Process IAFD Director Search Results, Chi Chi LaRue: 'NoneType' object has no attribute 'xpath'"))],
    nearMiss: [c(...pair('❌', 'updateMetadata -> getDirectors', 'Error:: Cannot Process IAFD Director Photo, Chi Chi LaRue'))],
  },
  'iafd-no-more-results': {
    match: [c(...pair('⚠', 'getFilmOnIAFD', 'Warning: No Additional Search Results: page 2'))],
    nearMiss: [c(...pair('⚠', 'getFilmOnIAFD', 'Warning: Additional Search Results: page 2'))],
  },
  'iafd-403-collection': {
    match: [c(err('utils:5487', 'GEVI - UTILS ::    Collection Title              IAFD 403 Error'))],
    nearMiss: [c(err('utils:5487', 'GEVI - UTILS ::    Collection Title              IAFD Film Found'))],
  },
  'iafd-disabled': {
    match: [c(...pair('❌', 'update -> update', 'IAFD Lookup Disabled to prevent 403 Error'))],
    nearMiss: [c(...pair('❌', 'update -> update', 'IAFD Lookup Enabled'))],
  },
  'site-field-error': {
    match: [
      c(...pair('❌', 'getSiteInfo -> _apply -> getSiteInfoGEVI', 'Error: Getting Release Date: list index out of range')),
      c(...pair('❌', 'getSiteInfo -> _apply -> getSiteInfoGEVI', 'Error: Getting Images: list index out of range')),
      c(...pair('❌', 'getSiteInfo -> _apply -> getSiteInfoGEVI', 'Error: Getting Site Film Duration: list index out of range')),
      c(...pair('❌', 'getSiteInfo -> _apply -> getSiteInfoGEVI', 'Error: Getting Synopsis: list index out of range')),
    ],
    nearMiss: [c(...pair('❌', 'getSiteInfo -> _apply -> getSiteInfoGEVI', 'Error: Getting Cast: list index out of range'))],
  },
  'site-field-missing': {
    match: [
      c(...pair('⚠', 'getSiteInfo -> _apply -> getSiteInfoGayEmpire', 'Warning: No Body Types: list index out of range')),
      c(...pair('⚠', 'getSiteInfo -> _apply -> getSiteInfoGayEmpire', 'Warning:, No Production Year: list index out of range')),
      c(...pair('⚠', 'getSiteInfo -> _apply -> getSiteInfoGayEmpire', 'Warning: No Countries: list index out of range')),
    ],
    nearMiss: [c(...pair('⚠', 'getSiteInfo -> _apply -> getSiteInfoGayEmpire', 'Warning: No Chapters Found!'))],
  },
  'site-optional-absent': {
    match: [c(...pair('⚠', 'getSiteInfo', 'Warning: No Chapters Found!')), c(...pair('⚠', 'getSiteInfo', 'Warning: No Scenes / Reviews Found!'))],
    nearMiss: [c(...pair('⚠', 'getSiteInfo', 'Warning: No Chapters: list index out of range'))],
  },
  'pgma-info-as-error': {
    match: [
      c(err('utils:5487', 'GEVI - UTILS ::    Collections                   3 Collated')),
      c(err('utils:5487', 'GEVI - UTILS ::    Summary with Legend ⪢ Cast ✅ Genres ❔')),
      c(err('utils:5487', 'GEVI - UTILS ::    Collection Title              Bareback')),
    ],
    nearMiss: [c(err('utils:5487', 'GEVI - UTILS ::    Collections failed to load'))],
  },
  'model-read-repeat': {
    match: [c(err('model:205', 'Cannot read model from /Metadata/Movies/c/dbbadc.bundle/Contents/com.plexapp.agents.GayAdult'), { modelSavedBefore: true })],
    nearMiss: [c(err('model:205', 'Cannot read model from /Metadata/Movies/c/dbbadc.bundle/Contents/com.plexapp.agents.GayAdult')), c(err('agentkit:205', 'Cannot read model from /x'), { modelSavedBefore: true })],
  },
  'model-read-first': {
    match: [c(err('model:205', 'Cannot read model from /var/lib/plexmediaserver/Library/Application Support/Plex Media Server/Metadata/Movies/c/dbbadc14da8ce3a3aa0b4022f648a48750ff63d.bundle/Contents/com.plexapp.agents.GayAdult'))],
    nearMiss: [c(err('agentkit:205', 'Cannot read model from /x'))],
  },
};

describe('the signature catalogue (agent-logs.md §8)', () => {
  it('has one test row per signature, and nothing else', () => {
    expect(Object.keys(CASES).sort()).toEqual(SIGNATURES.map((s) => s.id).sort());
    expect(new Set(SIGNATURES.map((s) => s.id)).size).toBe(SIGNATURES.length);
  });

  it('says for each signature whether it asks for a fix, from its severity', () => {
    for (const s of SIGNATURES) expect(s.actionable).toBe(['crit', 'err', 'warn'].includes(s.severity));
    for (const s of SIGNATURES) expect(s.explain.length).toBeGreaterThan(10);
  });

  describe.each(Object.entries(CASES))('%s', (id, { match, nearMiss }) => {
    it.each(match.map((m, i) => [i, ...m] as const))('matches example %i', (_i, record, ctx) => {
      expect(classify(record, ctx)?.signature?.id).toBe(id);
    });
    it.each(nearMiss.map((m, i) => [i, ...m] as const))('does not match near miss %i', (_i, record, ctx) => {
      expect(classify(record, ctx)?.signature?.id).not.toBe(id);
    });
  });

  it('ignores everyday lines that are not errors', () => {
    expect(classify(info('core:611', 'Started plug-in'))).toBeNull();
    expect(classify(debug('runtime:918', 'Response: [200] str, 668 bytes'))).toBeNull();
    expect(classify(info('sandbox:19', 'GEVI  - UTILS :: \t\t 1. matchiafdduration       Default = false           Set As = false           ✅'))).toBeNull();
  });
});

describe('error lines the catalogue does not know', () => {
  it('are grouped by a key with numbers, quoted strings, query values and hex ids masked', () => {
    const a = classify(err('agentkit:1054', "Exception when calling function 'getFilmOnIAFD' for item 431 at 7ae1b6527b38 (https://x.com/a?id=5&q=abc)"));
    const b = classify(err('agentkit:1054', "Exception when calling function 'getCast' for item 9 at 1fc90ec40aa (https://x.com/a?id=77&q=zz)"));
    expect(a?.unknown?.key).toBe("agentkit: Exception when calling function '…' for item # at <hex> (https://x.com/a?id=…&q=…)");
    expect(b?.unknown?.key).toBe(a?.unknown?.key);
  });

  it('key PGMA lines by their text and call site, with severity from the mark or prefix', () => {
    const [r, ctx] = pair('❌', 'update -> getSomething', 'Error:: Unexpected thing 42');
    expect(classify(r, ctx)?.unknown).toEqual({ key: 'UTILS: Error:: Unexpected thing # [in getSomething]', severity: 'err' });
    const [w] = pair('⚠', 'x', 'Warning: odd value');
    expect(classify(w)?.unknown?.severity).toBe('warn');
    expect(classify(err('utils:5486', 'GEVI - UTILS :: ❌ File: utils.py, Line: 12, Function: a -> b'))?.unknown).toEqual({ key: 'UTILS: ❌ in a -> b', severity: 'err' });
  });

  it('never keep a token in the key', () => {
    const r = err('agentkit:1054', 'Bad reply for X-Plex-Token=abcdef1234567890XYZ and Plex Token  qwerty98765');
    const key = unknownKey(r);
    expect(key).not.toContain('abcdef1234567890XYZ');
    expect(key).not.toContain('qwerty');
  });

  it('normalize leaves words alone', () => {
    expect(normalize('Cannot parse Duration')).toBe('Cannot parse Duration');
  });
});
