import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MetricsSchema, itemSuccessRate } from '../../../../shared/metrics.ts';
import { metricsFromRecords } from '../../../../main/engine/logs/metrics-builder.ts';
import { renderAggregatedLogs } from '../../../../main/engine/logs/render.ts';
import type { LogRecord } from '../../../../main/engine/logs/record.ts';
import { log, recordsFromText } from './records-from-text.ts';

const metrics = (records: LogRecord[], opts: Partial<Parameters<typeof metricsFromRecords>[1]> = {}) => {
  const m = metricsFromRecords(records, { logsDir: '/logs', now: new Date('2026-02-03T00:00:00Z'), ...opts });
  return MetricsSchema.parse(m); // every output holds to the shared contract
};
const gevi = (lines: string[]) => recordsFromText(log(lines));
/** a plug-in line at 05:`t` (t = minutes:seconds,ms) on 2026-02-02 */
const L = (t: string, thread: string, level: string, module: string, msg: string) => `2026-02-02 05:${t.padStart(9, '0')} (${thread}) :  ${level} (${module}) - ${msg}`;

const tree = (t: string, th: string, rk: string) => L(t, th, 'DEBUG', 'networking:172', `Requesting 'http://127.0.0.1:32400/library/metadata/${rk}/tree'`);
const updateCalled = (t: string, th: string) => L(t, th, 'INFO', 'sandbox:19', 'GEVI  - UPDATE CALLED');
const dump = (t: string, th: string, key: string, value: string) => L(t, th, 'INFO', 'sandbox:19', `GEVI  - UTILS :: ${key.padEnd(28)}${value}`);
const header = (t: string, th: string, mark: string, chain: string, n = 5486) => L(t, th, 'ERROR', `utils:${n}`, `GEVI - UTILS :: ${mark} File: , Line: , Function: ${chain}`);
const message = (t: string, th: string, text: string, n = 5487) => L(t, th, 'ERROR', `utils:${n}`, `GEVI - UTILS ::    ${text}`);
const response = (t: string, th: string) => L(t, th, 'DEBUG', 'runtime:918', 'Response: [200] str, 16 bytes');
const iafdError = (t: string, th: string) => L(t, th, 'ERROR', 'networking:197', "Error opening URL 'https://www.iafd.com/ramesearch.asp?searchtype=comprehensive&searchstring=Freaks+4'");
const siteError = (t: string, th: string) => L(t, th, 'ERROR', 'networking:197', "Error opening URL 'https://www.cduniverse.com/sresult.asp?HT_Search_Info=x'");

describe('PGMA error pairs (agent-logs.md §7)', () => {
  it('joins a ❌ header and its message into one event, shown as both lines', () => {
    const m = metrics(gevi([header('46:32,215', 'a1', '❌', 'updateMetadata -> getCast -> matchCast'), message('46:32,215', 'a1', "Error:: Cannot Process IAFD Cast Search Results, AJ Alexander: 'NoneType' object has no attribute 'xpath'")]));
    const s = m.agents.GEVI!.signatures['iafd-cast-search']!;
    expect(s.count).toBe(1);
    expect(s.examples[0]!.split('\n')).toHaveLength(2);
    expect(m.agents.GEVI!.unknownPatterns).toEqual([]);
  });

  it('pairs on the same thread even when another thread writes in between', () => {
    const m = metrics(gevi([header('46:32,215', 'a1', '❌', 'update -> getFilmOnIAFD'), siteError('46:32,215', 'b2'), message('46:32,215', 'a1', 'Request Failed                Try CFScrape')]));
    expect(m.agents.GEVI!.signatures['iafd-request-exception']?.count).toBe(1);
    expect(m.agents.GEVI!.signatures['site-url-error']?.count).toBe(1);
    expect(m.agents.GEVI!.unknownPatterns).toEqual([]);
  });

  it('attaches several messages to one header', () => {
    const m = metrics(gevi([header('1:00,000', 'a1', '⚠', 'getSiteInfo -> _apply -> getSiteInfoGEVI'), message('1:00,000', 'a1', 'Warning: No Body Types: list index out of range'), message('1:00,000', 'a1', 'Warning: No Countries: list index out of range')]));
    expect(m.agents.GEVI!.signatures['site-field-missing']?.count).toBe(2);
    expect(m.agents.GEVI!.unknownPatterns).toEqual([]);
  });

  it('counts an orphan message by its text, and a header nobody followed as an unknown ❌', () => {
    const m = metrics(gevi([message('1:00,000', 'a1', 'IAFD Lookup Disabled to prevent 403 Error'), header('1:01,000', 'a1', '❌', 'update -> update'), L('1:02,000', 'a1', 'INFO', 'sandbox:19', 'GEVI  - UTILS :: something else')]));
    expect(m.agents.GEVI!.signatures['iafd-disabled']?.count).toBe(1);
    expect(m.agents.GEVI!.unknownPatterns.map((u) => [u.key, u.severity])).toEqual([['UTILS: ❌ in update -> update', 'err']]);
  });

  it('does not pair a message whose line number is not the header\'s plus one', () => {
    const m = metrics(gevi([header('1:00,000', 'a1', '❌', 'a -> b', 5486), message('1:00,000', 'a1', 'Error: Getting Synopsis: list index out of range', 5490)]));
    expect(m.agents.GEVI!.signatures['site-field-error']?.count).toBe(1);
    expect(m.agents.GEVI!.signatures['site-field-error']?.examples[0]).not.toContain('File:');
    expect(m.agents.GEVI!.unknownPatterns).toHaveLength(1); // the lone header
  });
});

describe('item attribution through request segments (agent-logs.md §4, §10)', () => {
  it('ties records to the right item across interleaved threads', () => {
    const m = metrics(
      gevi([
        tree('46:30,020', 'd431', '431'),
        tree('46:30,021', 'd463', '463'),
        updateCalled('46:30,100', 'd431'),
        updateCalled('46:30,101', 'd463'),
        iafdError('46:31,058', 'd431'),
        header('46:31,200', 'd463', '❌', 'getSiteInfo -> _apply -> getSiteInfoGEVI'),
        message('46:31,200', 'd463', 'Error: Getting Release Date: list index out of range'),
        dump('46:38,845', 'd463', '2e. Cast', "29 - ['Ben Rose']"),
        dump('46:39,003', 'd431', '2e. Cast', "12 - ['Ben Rose']"),
        dump('46:39,004', 'd431', '2d. Genres', "4 - ['Muscle']"),
        response('46:39,300', 'd431'),
        response('46:39,301', 'd463'),
      ]),
    );
    const items = m.agents.GEVI!.items;
    expect(items['431']).toMatchObject({ outcome: 'ok', signatures: { 'iafd-url-error': 1 }, markers: { cast: 12, genres: 4 } });
    expect(items['463']).toMatchObject({ outcome: 'failed', outcomeReason: 'site-field-error seen', signatures: { 'site-field-error': 1 }, markers: { cast: 29 } });
    expect(m.agents.GEVI!.signatures['iafd-url-error']).toMatchObject({ items: 1, count: 1 });
    expect(m.agents.GEVI!.unattributed).toBe(0);
  });

  it("reads the item from the search dict wherever 'id' stands, and the title and file from it", () => {
    const m = metrics(gevi([L('28:50,003', 'c1', 'INFO', 'agentkit:961', "Searching for matches for {'name': 'Freaks 4', 'filename': '%2FVolumes%2FFreaks%204.mp4', 'guid': 'com.plexapp.agents.GEVI://431?lang=xn', 'id': '431'}"), message('28:53,911', 'c1', 'Error getting Site Title: < Title Match Failure! >'), message('28:54,020', 'c1', 'Error getting Site Title: < Title Match Failure! >')]));
    expect(m.agents.GEVI!.items['431']).toMatchObject({ title: 'Freaks 4', file: '/Volumes/Freaks 4.mp4', guid: 'com.plexapp.agents.GEVI://431?lang=xn', outcome: 'unknown', signatures: { 'title-match-failure': 2 } });
    expect(m.agents.GEVI!.signatures['title-match-failure']).toMatchObject({ items: 1, count: 2 });
  });

  it('takes the item from the PGMA dump id when nothing else named it', () => {
    const m = metrics(gevi([updateCalled('1:00,000', 'b1'), iafdError('1:01,000', 'b1'), dump('1:02,000', 'b1', '41. id', '502'), dump('1:02,001', 'b1', '1c. Title', 'Stoned & Boned')]));
    expect(m.agents.GEVI!.items['502']).toMatchObject({ title: 'Stoned & Boned', signatures: { 'iafd-url-error': 1 } });
  });

  it('ends a segment at the response, so the next request on a pooled thread starts clean', () => {
    const m = metrics(gevi([tree('1:00,000', '2f', '1'), response('1:00,500', '2f'), siteError('1:01,000', '2f'), tree('1:02,000', '2f', '2'), siteError('1:02,500', '2f')]));
    expect(m.agents.GEVI!.items['1']!.signatures).toEqual({}); // work on 1 started, nothing went wrong
    expect(m.agents.GEVI!.items['2']!.signatures).toEqual({ 'site-url-error': 1 });
    expect(m.agents.GEVI!.unattributed).toBe(1);
  });

  it('ignores collection rating keys', () => {
    const m = metrics(gevi([updateCalled('1:00,000', 'b1'), dump('1:00,001', 'b1', 'Found Rating Key', '432'), dump('1:00,002', 'b1', 'Created Rating Key', '448'), siteError('1:00,003', 'b1')]));
    expect(m.agents.GEVI!.items).toEqual({});
    expect(m.agents.GEVI!.unattributed).toBe(1);
  });

  it('forgets every thread when the plug-in starts again', () => {
    const m = metrics(gevi([tree('1:00,000', '2f', '1'), L('1:00,100', '6e', 'INFO', 'core:349', 'Starting framework core - Version: 2.6.3'), siteError('1:01,000', '2f')]));
    expect(m.agents.GEVI!.items['1']!.signatures).toEqual({});
    expect(m.agents.GEVI!.unattributed).toBe(1);
  });
});

describe('the time window applies to every record, errors included', () => {
  const lines = [
    siteError('00:00,000', '8e'),
    L('00:00,100', '6e', 'CRITICAL', 'core:615', 'Exception starting plug-in'),
    tree('09:59,000', '7e', '7'),
    siteError('10:01,000', '7e'),
    siteError('30:00,000', '9e'),
  ];

  it('counts only errors inside it, still knowing which item a thread worked on before it', () => {
    const m = metrics(gevi(lines), { since: new Date('2026-02-02T05:10:00Z'), until: new Date('2026-02-02T05:20:00Z') });
    const a = m.agents.GEVI!;
    expect(a.signatures['site-url-error']).toMatchObject({ count: 1, items: 1 });
    expect(a.signatures['plugin-start-failed']).toBeUndefined();
    expect(a.pluginStarts).toEqual([]);
    expect(a.records).toBe(1);
    expect(a.items['7']).toMatchObject({ outcome: 'failed', lastSeen: '2026-02-02T05:10:01.000Z' });
    expect(m.window).toEqual({ since: '2026-02-02T05:10:00.000Z', until: '2026-02-02T05:20:00.000Z' });
  });

  it('counts everything without a window', () => {
    expect(metrics(gevi(lines)).agents.GEVI!.signatures['site-url-error']!.count).toBe(3);
  });
});

describe('item outcomes (agent-logs.md §9)', () => {
  const item = (lines: string[]) => metrics(gevi([tree('1:00,000', '1e', '9'), ...lines])).agents.GEVI!.items['9']!;

  it.each([
    ['failed by an err signature', [siteError('1:01,000', '1e'), dump('1:02,000', '1e', '2e. Cast', '29 - []')], 'failed', 'site-url-error seen'],
    ['ok by a dump count above zero', [dump('1:02,000', '1e', '2d. Genres', '5 - []'), iafdError('1:03,000', '1e')], 'ok', 'dump: genres 5'],
    ['failed by an empty scrape', [dump('1:02,000', '1e', '2e. Cast', '0 - []'), dump('1:02,001', '1e', '2d. Genres', '0 - []')], 'failed', 'empty scrape (dump: cast 0, genres 0)'],
    ['unknown with only one count at zero', [dump('1:02,000', '1e', '2e. Cast', '0 - []')], 'unknown', undefined],
    ['unknown with warnings only', [iafdError('1:01,000', '1e')], 'unknown', undefined],
  ])('%s', (_what, lines, outcome, reason) => {
    const it9 = item(lines);
    expect(it9.outcome).toBe(outcome);
    expect(it9.outcomeReason).toBe(reason);
  });

  it('never counts the bogus indicators as success (lessons #6)', () => {
    const it9 = item([
      L('1:01,000', '1e', 'INFO', 'sandbox:19', 'GEVI  - UTILS :: \t\t 1. matchiafdduration       Default = false           Set As = false           ✅'),
      L('1:01,001', '1e', 'DEBUG', 'runtime:530', 'Found route matching /:/plugins/com.plexapp.agents.GEVI/messaging/function/X0FnZW50S2l0OkVyYXNlTWV0YWRhdGE_/x'),
      L('1:01,002', '1e', 'DEBUG', 'sandbox:19', '>>> No file found at path /x/Subtitle Contributions/com.plexapp.agents.GEVI.xml'),
      L('1:01,003', '1e', 'INFO', 'sandbox:19', "GEVI  - UTILS :: FoundOnIAFD = 'Yes'"),
      L('1:01,004', '1e', 'INFO', 'sandbox:19', 'GEVI  - UTILS :: GEVI loaded'),
      response('1:01,005', '1e'),
    ]);
    expect(it9.outcome).toBe('unknown');
    expect(it9.markers).toEqual({});
  });

  it('takes the latest evidence: a later good refresh makes a failed item ok', () => {
    const m = metrics(gevi([tree('1:00,000', '1e', '9'), siteError('1:00,500', '1e'), response('1:00,600', '1e'), tree('2:00,000', '1e', '9'), dump('2:00,100', '1e', '2e. Cast', '3 - []'), response('2:00,200', '1e')]));
    expect(m.agents.GEVI!.items['9']).toMatchObject({ outcome: 'ok', signatures: { 'site-url-error': 1 } });
    expect(itemSuccessRate(Object.values(m.agents.GEVI!.items))).toBe(1);
  });

  it('records markers from the dumps', () => {
    expect(item([dump('1:01,000', '1e', '20. FoundOnIAFD', 'Yes'), dump('1:01,001', '1e', '2e. Cast', '29 - []'), dump('1:01,002', '1e', '1c. Title', 'Freaks 5')])).toMatchObject({ title: 'Freaks 5', markers: { 'found-on-iafd': true, cast: 29 } });
  });
});

describe('the system log: the notify result of each update (agent-logs.md §6)', () => {
  const sys = (lines: string[]) => recordsFromText(log(lines), 'com.plexapp.system');
  const notify = (t: string, rk: string, success: 0 | 1, agent = 'GEVI') =>
    L(t, 'ae', 'DEBUG', 'networking:144', `Requesting 'http://127.0.0.1:32400/:/metadata/notify?guid=com.plexapp.agents.${agent}%3A%2F%2F${rk}%3Flang%3Dxn&path=x&force=1&queueSize=0&id=${rk}&success=${success}&async=1'`);

  it('fails an item on success=0, even with no line of the agent', () => {
    const m = metrics(sys([notify('1:00,000', '777', 0)]));
    expect(m.agents.GEVI!.items['777']).toMatchObject({ outcome: 'failed', guid: 'com.plexapp.agents.GEVI://777?lang=xn', signatures: { 'system-update-failed': 1 } });
    expect(m.agents.GEVI!.records).toBe(0);
  });

  it('takes success=1 as "refreshed", never as success', () => {
    expect(metrics(sys([notify('1:00,000', '5', 1)])).agents.GEVI!.items['5']!.outcome).toBe('unknown');
  });

  it('ties "Exception in update for <guid>" to the item its thread is updating', () => {
    const m = metrics(
      sys([
        L('1:00,000', 'ae', 'DEBUG', 'runtime:717', 'Handling request GET /system/agents/update?mediaType=1&force=1&guid=com.plexapp.agents.AEBN%3A%2F%2F640%3Flang%3Dxn&id=640'),
        L('1:01,000', 'ae', 'INFO', 'agentservice:771', 'Exception in update for com.plexapp.agents.AEBN://640?lang=xn'),
      ]),
    );
    expect(m.agents.AEBN!.items['640']).toMatchObject({ outcome: 'failed', signatures: { 'system-update-failed': 1 } });
  });

  it('leaves Plex\'s built-in agents out unless asked for', () => {
    const records = sys([notify('1:00,000', '5', 0, 'localmedia')]);
    expect(metrics(records).agents).toEqual({});
    expect(Object.keys(metrics(records, { agents: ['localmedia'] }).agents)).toEqual(['localmedia']);
  });
});

describe('noise, selection and starts', () => {
  it('lists start-up noise but keeps it out of items and unattributed counts', () => {
    const m = metrics(
      gevi([
        tree('1:00,000', '4e', '3'),
        L('1:00,100', '4e', 'ERROR', 'networking:197', "Error opening URL 'http://127.0.0.1:32400/:/plugins/com.plexapp.system/resourceHashes'"),
        L('1:00,101', '4e', 'CRITICAL', 'runtime:1299', 'Exception getting hosted resource hashes (most recent call last):'),
        '  HTTPError: HTTP Error 404: Not Found',
        L('1:00,200', '5e', 'ERROR', 'utils:5487', 'GEVI - UTILS ::    Collections                   3 Collated'),
      ]),
    );
    const a = m.agents.GEVI!;
    expect(a.signatures['startup-resource-hashes']).toMatchObject({ severity: 'noise', actionable: false, count: 2, items: 0 });
    expect(a.signatures['pgma-info-as-error']).toMatchObject({ severity: 'noise', count: 1 });
    expect(a.items['3']!.signatures).toEqual({});
    expect(a.unattributed).toBe(0);
  });

  it('selects agents by name or identifier, in any case', () => {
    const records = [...gevi([siteError('1:00,000', 'a')]), ...recordsFromText(log([siteError('1:00,000', 'a')]), 'com.plexapp.agents.AEBN')];
    expect(Object.keys(metrics(records).agents)).toEqual(['AEBN', 'GEVI']);
    expect(Object.keys(metrics(records, { agents: ['gevi'] }).agents)).toEqual(['GEVI']);
    expect(Object.keys(metrics(records, { agents: ['com.plexapp.agents.AEBN'] }).agents)).toEqual(['AEBN']);
  });

  it('records each plug-in start with the reason of a failure', () => {
    const m = metrics(gevi([L('1:00,000', 'c', 'INFO', 'core:349', 'Starting framework core - Version: 2.6.3'), L('1:00,100', 'c', 'CRITICAL', 'core:615', 'Exception starting plug-in (most recent call last):'), 'SyntaxError: Line 104: "__file__" is an invalid variable name because it starts with "_"', L('2:00,000', 'c', 'INFO', 'core:349', 'Starting framework core - Version: 2.6.3'), L('2:00,300', 'c', 'INFO', 'core:611', 'Started plug-in')]));
    expect(m.agents.GEVI!.pluginStarts).toEqual([
      { at: '2026-02-02T05:01:00.100Z', ok: false, reason: 'SyntaxError: Line 104: "__file__" is an invalid variable name because it starts with "_"' },
      { at: '2026-02-02T05:02:00.300Z', ok: true },
    ]);
    expect(m.agents.GEVI!.signatures['restricted-name']!.count).toBe(1);
  });

  it('fills the media file of an item from the main server log', () => {
    const pms = recordsFromText(
      log([
        "Feb 02, 2026 05:00:59.950 [0x7000] DEBUG - [Req#1a2b] Refreshing metadata for '/Volumes/Media/Films/Freaks 5.mp4' (agent: com.plexapp.agents.GEVI)",
        'Feb 02, 2026 05:00:59.960 [0x7000] DEBUG - [Req#1a2b/HCl#3f] HTTP requesting GET http://127.0.0.1:32400/system/agents/update?mediaType=1&force=1&id=9',
      ]),
      'Plex Media Server',
    );
    expect(metrics([...pms, ...gevi([tree('1:00,000', '1e', '9'), siteError('1:01,000', '1e')])]).agents.GEVI!.items['9']!.file).toBe('/Volumes/Media/Films/Freaks 5.mp4');
  });
});

describe('redaction: no token reaches any output (agent-logs.md §11)', () => {
  const token = fc.stringMatching(/^[A-Za-z0-9_~-]{12,32}$/).filter((t) => /\d/.test(t) && /[A-Za-z]/.test(t));
  // where Plex and PGMA have been seen to log a token, as whole log lines
  const shapes: ((t: string) => string[])[] = [
    (t) => [L('1:00,000', '3e', 'ERROR', 'networking:197', `Error opening URL 'http://127.0.0.1:32400/library/metadata/9/tree?X-Plex-Token=${t}'`)],
    (t) => [L('1:00,000', '3e', 'ERROR', 'networking:197', `Error opening URL 'https://www.iafd.com/x?X-Plex-Token=${t}&s=1'`)],
    (t) => [dump('1:00,000', '3e', '12. Plex Token', t), L('1:00,001', '3e', 'ERROR', 'agentkit:1', `Unexpected reply, Plex Token  ${t}`)],
    (t) => [L('1:00,000', '3e', 'CRITICAL', 'agentkit:1078', "Exception in the update function of agent named 'GEVI', called with guid 'x' (most recent call last):"), `  HTTPError: bad request X-Plex-Token: ${t}`],
    (t) => [header('1:00,000', '3e', '❌', 'a -> b'), message('1:00,000', '3e', `Error:: odd reply {"authToken": "${t}"}`)],
    (t) => [dump('1:00,000', '3e', '1c. Title', `Film X-Plex-Token=${t}`), L('1:00,001', '3e', 'ERROR', 'model:205', `Cannot read model from /x?PlexOnlineToken=${t}`)],
  ];

  it('in the metrics JSON and the report, wherever it was logged', () => {
    fc.assert(
      fc.property(token, fc.subarray(shapes.map((_, i) => i), { minLength: 1 }), (t, which) => {
        const lines = [tree('0:59,000', '3e', '9'), ...which.flatMap((i) => shapes[i]!(t))];
        const m = metrics(gevi(lines));
        const out = JSON.stringify(m) + renderAggregatedLogs(m);
        return !out.includes(t);
      }),
      { numRuns: 200 },
    );
  });

  it('also removes a secret we hold wherever it appears', () => {
    const secret = 'HeldSecretValue123456';
    const m = metrics(gevi([siteError('1:00,000', '3e').replace('HT_Search_Info=x', `q=${secret}`)]), { secrets: [secret] });
    expect(JSON.stringify(m)).not.toContain(secret);
    expect(renderAggregatedLogs(m, { secrets: [secret] })).not.toContain(secret);
  });
});
