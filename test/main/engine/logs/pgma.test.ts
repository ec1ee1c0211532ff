import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dumpFacts, isConfigRow, isUpdateCalled, itemHeader, parsePgma, PGMA_MSG, pgmaHeader, pgmaMessageText } from '../../../../main/engine/logs/pgma.ts';

describe("PGMA's message grammar (agent-logs.md §7)", () => {
  it.each([
    ['GEVI  - UTILS :: 42. id                        463', 'GEVI', 'UTILS', '42. id                        463'],
    ['AdultFilmDatabase - SEARCH:: ❌ File: __init__.py, Line: 158, Function: _process_function_call -> _search -> search', 'AdultFilmDatabase', 'SEARCH', '❌ File: __init__.py, Line: 158, Function: _process_function_call -> _search -> search'],
    ['GEVI - SEARCH::    Warning: < Studio Match Failure! >', 'GEVI', 'SEARCH', '   Warning: < Studio Match Failure! >'],
    ['AEBN  - UTILS :: \t\t 1. matchiafdduration       Default = false', 'AEBN', 'UTILS', '\t\t 1. matchiafdduration       Default = false'],
  ])('splits %s', (message, agent, section, body) => {
    expect(parsePgma(message)).toEqual({ agent, section, body });
  });

  it('does not take framework lines or UPDATE CALLED for PGMA sections', () => {
    expect(parsePgma("Requesting 'http://127.0.0.1:32400/library/metadata/463/tree'")).toBeNull();
    expect(parsePgma('GayAdult - UPDATE CALLED')).toBeNull();
    expect(isUpdateCalled('GayAdult - UPDATE CALLED')).toBe(true);
    expect(isUpdateCalled('GEVI  - UPDATE CALLED')).toBe(true);
    expect(isUpdateCalled('GEVI  - UTILS :: UPDATE CALLED twice')).toBe(false);
  });

  it('agrees with the documented PGMA_MSG grammar on any line', () => {
    const piece = fc.oneof(fc.constantFrom('GEVI', 'AEBN', ' ', '  ', '-', ' - ', 'UTILS', 'SEARCH', 'UPDATE', '::', ' ::', ':: ', '\t', ':'), fc.string({ maxLength: 5 }));
    const message = fc.array(piece, { maxLength: 10 }).map((p) => p.join('')).filter((m) => !/[\n\r\u2028\u2029]/.test(m));
    fc.assert(
      fc.property(message, (m) => {
        const want = PGMA_MSG.exec(m);
        const got = parsePgma(m);
        return want ? got !== null && got.agent === want.groups!.agent && got.section === want.groups!.section && got.body === want.groups!.body : got === null;
      }),
      { numRuns: 5000 },
    );
  });

  it('reads ❌/⚠ headers, File and Line may be empty', () => {
    expect(pgmaHeader('❌ File: utils.py, Line: 5718, Function: updateMetadata -> getCast -> matchCast')).toEqual({ mark: 'error', file: 'utils.py', line: '5718', chain: ['updateMetadata', 'getCast', 'matchCast'] });
    expect(pgmaHeader('⚠ File: , Line: , Function: getSiteInfo -> _apply -> getSiteInfoGayEmpire')).toEqual({ mark: 'warning', file: '', line: '', chain: ['getSiteInfo', '_apply', 'getSiteInfoGayEmpire'] });
    expect(pgmaHeader('⚠️ File: , Line: , Function: search')?.mark).toBe('warning');
    expect(pgmaHeader('   Error getting Site Title: < Title Match Failure! >')).toBeNull();
  });

  it('tells message lines (three spaces, then text) from other bodies', () => {
    expect(pgmaMessageText('   Error:: Cannot Process IAFD Cast Search Results')).toBe('Error:: Cannot Process IAFD Cast Search Results');
    expect(pgmaMessageText('    ')).toBeNull();
    expect(pgmaMessageText('42. id   463')).toBeNull();
  });

  it('reads > Title and > File Path item headers', () => {
    expect(itemHeader('> Title: Freaks 5')).toEqual({ title: 'Freaks 5' });
    expect(itemHeader('> File Path: /Volumes/Media/Freaks 5.mp4')).toEqual({ file: '/Volumes/Media/Freaks 5.mp4' });
    expect(itemHeader('Title: Freaks 5')).toBeNull();
  });
});

describe('FILMDICT dumps: the best per-item evidence (agent-logs.md §9)', () => {
  it.each([
    ['42. id                        463', { ratingKey: '463' }],
    ['37. id                        612', { ratingKey: '612' }],
    ['1c. Title                     Freaks 5', { title: 'Freaks 5' }],
    ['20. FoundOnIAFD               No', { markers: { 'found-on-iafd': false } }],
    ['20. FoundOnIAFD               Yes', { markers: { 'found-on-iafd': true } }],
    ["2e. Cast                      29 - ['Ben Rose', 'AJ Alexander']", { markers: { cast: 29 } }],
    ['2e. Cast                      0 - []', { markers: { cast: 0 } }],
    ["2d. Genres                    5 - ['Amateur']", { markers: { genres: 5 } }],
    ['Director(s) Dictionary:  1 - {Chi Chi LaRue}', { markers: { directors: 1 } }],
    ['3a. Poster Images             None Found', { markers: { posters: 0 } }],
  ])('reads %s by the field name, whatever its index', (body, want) => {
    expect(dumpFacts(body)).toEqual(want);
  });

  it.each([
    ['a settings row (tabs, ✅): never evidence', '\t\t 1. matchiafdduration       Default = false           Set As = false           ✅'],
    ['a collection key, not the film', 'Found Rating Key              432'],
    ['a collection key, not the film', 'Created Rating Key            448'],
    ['the token row', '12. Plex Token                abcdef123456'],
    ['an id that is not a number', '42. id                        None'],
    ['a regex-style line (the predecessor\'s bogus indicator)', "FoundOnIAFD = 'Yes'"],
    ['plain text', 'Request Failed                Try CFScrape'],
  ])('ignores %s', (_what, body) => {
    expect(dumpFacts(body)).toBeNull();
  });

  it('knows settings rows by their leading tab', () => {
    expect(isConfigRow('\t\t 1. x')).toBe(true);
    expect(isConfigRow('1. x')).toBe(false);
  });
});
