// The log lines one agent writes while Plex refreshes one item, in the real grammar
// (agent-logs.md §2, §7, §12) and in the order the fixture bundle's code would write them:
// framework request lines, PGMA INFO lines from sandbox:19, PGMA error pairs from utils:N /
// utils:N+1, networking errors for refused IAFD requests, and the FILMDICT dump.
import type { PluginRecord } from './log-format.ts';
import type { LibraryItem } from './library.ts';
import type { CodeFacts } from './code-facts.ts';
import { INIT, UTILS } from './code-facts.ts';
import type { IafdFacet, SiteFacet, UpdateFacet } from './scenario.ts';
import { cereal, frameworkEncode, makeAscii, pyDictRepr, pyListRepr, pyQuote, pyQuotePlus, type PyValue } from './python-text.ts';
import { pick } from './rng.ts';

export const PMS_LOCAL = 'http://127.0.0.1:32400';
const UPDATE_FUNCTION = frameworkEncode('_AgentKit:UpdateMetadata');
const SEARCH_FUNCTION = frameworkEncode('_AgentKit:Search');
const IAFD = 'https://www.iafd.com';
const NONE_XPATH = "'NoneType' object has no attribute 'xpath'";
const FRAMEWORK = '/Applications/Plex Media Server.app/Contents/Resources/Plug-ins-c0dd5a73e/Framework.bundle/Contents/Resources/Versions/2/Python/Framework';

export interface ItemOutcome {
  iafd: IafdFacet;
  site: SiteFacet;
  update: UpdateFacet;
}

export interface StoryInput {
  agent: string;
  identifier: string;
  facts: CodeFacts;
  item: LibraryItem;
  guid: string;
  outcome: ItemOutcome;
  rand: () => number;
  /** Plex has no metadata bundle for the item yet (new item): model:205 first read */
  firstRead: boolean;
  /** Plex data folder, for the metadata bundle path */
  plexDataDir: string;
}

class Writer {
  readonly records: PluginRecord[] = [];
  private readonly s: StoryInput;
  constructor(s: StoryInput) {
    this.s = s;
  }

  rec(level: PluginRecord['level'], module: string, lineno: number, msg: string, more?: string[]): void {
    this.records.push(more ? { level, module, lineno, msg, more } : { level, module, lineno, msg });
  }
  info(msg: string): void {
    this.rec('INFO', 'sandbox', 19, `${this.s.agent.padEnd(5)} - ${msg}`);
  }
  dump(index: string, key: string, value: string | number): void {
    this.info(`UTILS :: ${`${index}. ${key}`.padEnd(30)}${value}`);
  }
  requesting(url: string): void {
    this.rec('DEBUG', 'networking', 144, `Requesting '${url}'`);
  }
  refused(url: string): void {
    this.requesting(url);
    this.rec('ERROR', 'networking', 197, `Error opening URL '${url}'`);
  }
  /** utils.logError: a header naming the calling chain, then the messages on the next line */
  pair(section: 'UTILS' | 'SEARCH' | 'UPDATE', chain: readonly string[], messages: readonly string[], opts: { warning?: boolean; file?: string; line?: number | '' } = {}): void {
    const sep = section === 'SEARCH' ? '::' : ' ::';
    const mark = opts.warning ? '\u26A0' : '\u274C';
    const n = this.s.facts.errorLine;
    this.rec('ERROR', 'utils', n, `${this.s.agent} - ${section}${sep} ${mark} File: ${opts.file ?? 'utils.py'}, Line: ${opts.line ?? ''}, Function: ${chain.join(' -> ')}`);
    for (const m of messages) this.rec('ERROR', 'utils', n + 1, `${this.s.agent} - ${section}${sep}    ${m}`);
  }
  utilsLine(fn: string, needle: string): number {
    return this.s.facts.lineIn(UTILS, fn, needle);
  }
  banner(section: string, title: string): void {
    this.info(`${section} :: ${'='.repeat(120)}`);
    this.info(`${section} :: > Title:                    ${title}`);
    this.info(`${section} :: > Language:                 en`);
  }
  footer(section: 'SEARCH' | 'UPDATE', found: boolean): void {
    this.info(`${section} :: ${'-'.repeat(120)}`);
    const film = found ? '\u2705' : '\u274C';
    this.pair(section, ['update', section === 'SEARCH' ? 'search' : 'update', 'logFooter'], [`${'Summary with Legend'.padEnd(30)}\u2AA2 CAST LEGEND\u2003\u274C Actor not on IAFD\u2003\u2705 Actor on IAFD\u2003:: ${film} Film on IAFD ::`], {
      line: this.s.facts.lineIn(UTILS, 'logFooter', 'logError('),
    });
    this.info(`${section} :: ${'='.repeat(120)}`);
  }
  response(bytes: number): void {
    this.rec('DEBUG', 'runtime', 918, `Response: [200] str, ${bytes} bytes`);
  }
}

/** UpdateMetadata's keyword arguments as the framework sends them (agent-logs.md §10.1). */
function updateKwargs(s: StoryInput): string {
  return frameworkEncode(
    cereal([
      ['lang', 'en'],
      ['force', true],
      ['periodic', false],
      ['dbid', s.item.ratingKey],
      ['version', 0],
      ['parentGUID', null],
      ['parentID', null],
      ['media_type', 'Movies'],
      ['guid', s.guid],
      ['id', s.item.agentId],
    ]),
  );
}

const EMPTY_ARGS = frameworkEncode(cereal([]));

/** Search for an unmatched item: candidates rejected one by one, then the match. */
export function searchStory(s: StoryInput): PluginRecord[] {
  const w = new Writer(s);
  const { item } = s;
  w.rec('DEBUG', 'runtime', 717, `Handling request GET /:/plugins/${s.identifier}/messaging/function/${SEARCH_FUNCTION}/${EMPTY_ARGS}/${updateKwargs(s)}`);
  const fields: [string, PyValue][] = [
    ['id', item.ratingKey],
    ['guid', `local://${item.ratingKey}`],
    ['force', true],
    ['primary_agent', s.identifier],
    ['name', item.title],
    ['year', item.year === undefined ? null : String(item.year)],
    ['filename', pyQuote(item.file)],
    ['duration', String(item.durationMs)],
    ['openSubtitlesHash', null],
  ];
  for (let i = fields.length - 1; i > 0; i--) {
    const j = Math.floor(s.rand() * (i + 1));
    [fields[i], fields[j]] = [fields[j]!, fields[i]!];
  }
  w.rec('INFO', 'agentkit', 961, `Searching for matches for ${pyDictRepr(fields)}`);
  w.banner('SEARCH', item.title);
  w.requesting(`${s.facts.baseUrl}/shtt.php?type=t&where=b&query=${pyQuotePlus(makeAscii(item.title).toLowerCase())}&Search=Search&page=1`);
  const rejected = Math.floor(s.rand() * 4);
  for (let i = 0; i < rejected; i++) {
    w.pair('SEARCH', ['_process_function_call', '_search', 'search'], ['Error getting Site Title: < Title Match Failure! >'], {
      file: '__init__.py',
      line: s.facts.lineIn(INIT, 'search', 'Error getting Site Title'),
    });
  }
  w.requesting(`${s.facts.baseUrl}/video/${item.agentId}`);
  w.footer('SEARCH', false);
  w.response(Math.floor(200 + s.rand() * 400));
  return w.records;
}

export function updateStory(s: StoryInput): PluginRecord[] {
  const w = new Writer(s);
  const { item, outcome } = s;
  w.rec('DEBUG', 'runtime', 717, `Handling request GET /:/plugins/${s.identifier}/messaging/function/${UPDATE_FUNCTION}/${EMPTY_ARGS}/${updateKwargs(s)}`);
  w.rec('DEBUG', 'model', 32, `Loading model with GUID ${s.guid}`);
  if (s.firstRead) {
    const hash = [...Array(40)].map(() => pick(s.rand, [...'0123456789abcdef'])).join('');
    const bundle = `${s.plexDataDir}/Metadata/Movies/${hash[0]}/${hash.slice(1)}.bundle/Contents/${s.identifier}`;
    w.rec('ERROR', 'model', 205, `Cannot read model from ${bundle}`);
    w.rec('DEBUG', 'model', 229, `Serializing to ${bundle}`);
  }
  w.requesting(`${PMS_LOCAL}/library/metadata/${item.ratingKey}/tree`);
  w.info('UPDATE CALLED');
  w.banner('UPDATE', item.title);
  w.info(`UPDATE :: > Agent Version:            2024.05.24.01`);
  if (outcome.update === 'returns-early') {
    w.response(16);
    return w.records;
  }
  const siteUrl = `${s.facts.baseUrl}/video/${item.agentId}`;
  w.requesting(siteUrl);
  if (outcome.update === 'exception') {
    const parser = `getSiteInfo${s.agent}`;
    w.rec('CRITICAL', 'agentkit', 1095, `Exception in the update function of agent named '${s.facts.agentTitle}', called with guid '${s.guid}' (most recent call last):`, [
      `  File "${FRAMEWORK}/api/agentkit.py", line 1093, in _update`,
      `    agent.update(obj, media, lang, **kwargs)`,
      `  File "${s.identifier.replace(/^com\.plexapp\.agents\./, '')}.bundle/Contents/Code/__init__.py", line ${s.facts.lineIn(INIT, 'update', 'utils.updateMetadata(')}, in update`,
      `  File "${s.identifier.replace(/^com\.plexapp\.agents\./, '')}.bundle/Contents/Code/utils.py", line ${s.facts.lineIn(UTILS, parser, '[0]')}, in ${parser}`,
      `IndexError: list index out of range`,
    ]);
    w.response(16);
    return w.records;
  }

  // getSiteInfo<Agent>: a page without the expected cells raises IndexError per field
  const siteOk = outcome.site === 'ok';
  const parser = `getSiteInfo${s.agent}`;
  if (!siteOk) {
    const chain = ['updateMetadata', 'getSiteInfo', parser];
    const fieldError = (field: string, warning = false) =>
      w.pair('UTILS', chain, [`${warning ? 'Warning: No' : 'Error: Getting'} ${field}: list index out of range`], { warning, line: w.utilsLine(parser, `'${warning ? 'Warning: No' : 'Error: Getting'} ${field}`) });
    fieldError('Synopsis');
    fieldError('Release Date');
    if (s.agent === 'GEVI') fieldError('Site Film Duration');
    fieldError('Categories', true);
    fieldError('Images');
  }
  const cast = siteOk ? [...item.cast].sort() : [];
  const directors = siteOk ? [...item.directors].sort() : [];
  const genres = siteOk ? [...new Set(item.genres)].sort() : [];

  // getFilmOnIAFD
  const iafdTitle = makeAscii(item.title);
  const filmUrl = `${IAFD}/ramesearch.asp?searchtype=comprehensive&searchstring=${pyQuotePlus(iafdTitle)}${item.year ? `&FirstYear=${item.year - 1}&LastYear=${item.year + 1}&Submit=Filter` : ''}`;
  const filmChain = ['update', 'updateMetadata', 'getFilmOnIAFD'];
  const filmLine = w.utilsLine('getFilmOnIAFD', 'IAFD Film Search Failure');
  let iafdErrors = false;
  const found = outcome.iafd === 'found' || outcome.iafd === 'cast-blocked';
  switch (outcome.iafd) {
    case 'skipped':
    case 'film-skipped':
      w.pair('UTILS', ['update', 'update'], ['IAFD Lookup Disabled to prevent 403 Error'], { file: '', line: '' });
      break;
    case 'request-exception':
      w.pair('UTILS', filmChain, [`${'Request Failed'.padEnd(30)}Try CFScrape`], { line: w.utilsLine('getFilmOnIAFD', 'HTTP.Request(') });
      w.pair('UTILS', filmChain, [`Error:: IAFD Film Search Failure, ${NONE_XPATH}`], { line: filmLine });
      iafdErrors = true;
      break;
    case 'blocked':
      w.refused(filmUrl);
      w.info(`UTILS :: ${'Request Failed'.padEnd(30)}Try CFScrape`);
      w.pair('UTILS', filmChain, [`Error:: IAFD Film Search Failure, ${NONE_XPATH}`], { line: filmLine });
      iafdErrors = true;
      break;
    case 'not-listed':
      w.requesting(filmUrl);
      w.pair('UTILS', filmChain, [`Warning: No Additional Search Results: ${iafdTitle}`], { warning: true, line: w.utilsLine('getFilmOnIAFD', 'No Additional Search Results') });
      break;
    case 'found':
    case 'cast-blocked':
      w.requesting(filmUrl);
      break;
  }

  // matchCast / matchDirectors: one IAFD look-up per name
  const lookups = (names: readonly string[], fn: 'matchCast' | 'matchDirectors', caller: string, what: 'Cast' | 'Director') => {
    for (const name of names) {
      const url = `${IAFD}/results.asp?searchtype=comprehensive&searchstring=${pyQuotePlus(makeAscii(name))}`;
      const chain = ['updateMetadata', caller, fn];
      const failure = `Error:: Cannot Process IAFD ${what} Search Results, ${name}: ${NONE_XPATH}`;
      const line = w.utilsLine(fn, `Cannot Process IAFD ${what}`);
      if (outcome.iafd === 'skipped') continue;
      if (outcome.iafd === 'request-exception') {
        w.info(`UTILS :: ${'Request Failed'.padEnd(30)}Try CFScrape`);
        w.pair('UTILS', chain, [failure], { line });
      } else if (outcome.iafd === 'blocked' || outcome.iafd === 'cast-blocked' || outcome.iafd === 'film-skipped') {
        w.refused(url);
        w.info(`UTILS :: ${'Request Failed'.padEnd(30)}Try CFScrape`);
        w.pair('UTILS', chain, [failure], { line });
        iafdErrors = true;
      } else {
        w.requesting(url);
      }
    }
  };
  lookups(cast, 'matchCast', 'getRecordedCast', 'Cast');
  lookups(directors, 'matchDirectors', 'getRecordedDirectors', 'Director');

  // getCollections: PGMA writes these informational lines at ERROR level
  const collections = [item.studio, ...(found ? [] : [iafdErrors ? 'IAFD 403 Error' : 'Not on IAFD']), ...genres];
  const collectionsLine = w.utilsLine('getCollections', 'logError(');
  for (const c of collections) w.pair('UTILS', ['update', 'updateMetadata', 'getCollections'], [`${'Collection Title'.padEnd(30)}${c}`], { line: collectionsLine });
  w.pair('UTILS', ['update', 'updateMetadata', 'getCollections'], [`${'Collections'.padEnd(30)}${collections.length} Collated`], { line: collectionsLine });
  if (siteOk) w.requesting(`${s.facts.baseUrl}/Images/Covers/${item.agentId}_1.jpg`);

  // dumpFilmDict
  const yearText = item.year === undefined ? '' : String(item.year);
  w.dump('1a', 'Agent', s.agent);
  w.dump('1b', 'File Path', item.file);
  w.dump('1c', 'Title', item.title);
  w.dump('1d', 'Studio', item.studio);
  w.dump('1e', 'Year', yearText);
  w.dump('2a', 'Synopsis', siteOk ? 180 + Math.floor(s.rand() * 700) : 0);
  w.dump('2b', 'Release Date', siteOk && item.year ? `${item.year}-0${1 + Math.floor(s.rand() * 9)}-1${Math.floor(s.rand() * 9)} 00:00:00` : 'None');
  w.dump('2c', 'Duration', siteOk ? item.durationMs : 0);
  w.dump('2d', 'Genres', `${genres.length} - ${pyListRepr(genres)}`);
  w.dump('2e', 'Cast', `${cast.length} - ${pyListRepr(cast)}`);
  w.dump('2f', 'Directors', `${directors.length} - ${pyListRepr(directors)}`);
  w.dump('20', 'FoundOnIAFD', found ? 'Yes' : 'No');
  w.dump('21', 'IAFDFilmURL', found ? `${IAFD}/title.rme/id=${item.agentId}` : '');
  w.dump('42', 'id', item.ratingKey);
  w.footer('UPDATE', found);
  w.response(16);
  return w.records;
}
