// The fixtures the later phases build on: agent bundles (PGMA-style Python 2.7 that Plex's
// sandbox accepts), the library, and the fixture fixes. Checked against CPython 2.7 (the test
// oracle), against the project's own Python checker, and against the sim's "_" scanner.
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, errorsOf, findPython27, runOracle } from '../main/engine/python/helpers.ts';
import { legacyGuid, loadLibrary } from './library.ts';
import { findRestrictedName } from './sandbox-scan.ts';
import { applyFixtureFix, loadFixtureFix } from './testing.ts';
import { parsePlist } from '../../main/engine/plex/plist.ts';

const BUNDLES = fileURLToPath(new URL('../fixtures/bundles/', import.meta.url));
const FIXES = fileURLToPath(new URL('../fixtures/plex/fixes/', import.meta.url));
const code = (agent: string, file: string) => readFileSync(join(BUNDLES, `${agent}.bundle`, 'Contents', 'Code', file), 'utf8');
const pythonFiles = (root: string) => readdirSync(root).flatMap((b) => readdirSync(join(root, b, 'Contents', 'Code')).map((f) => join(root, b, 'Contents', 'Code', f)));
const fixIds = readdirSync(FIXES).map((f) => f.replace(/\.json$/, ''));
const py27 = findPython27();

function patchedCopy(fixId: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'fixture-fix-')), 'Plug-ins');
  cpSync(BUNDLES, dir, { recursive: true });
  applyFixtureFix(dir, loadFixtureFix(fixId));
  return dir;
}

describe('fixture agent bundles', () => {
  it('ship one utils.py in GEVI, AEBN and GayAdult, byte for byte, and a different one in GayHotMovies', () => {
    expect(code('AEBN', 'utils.py')).toBe(code('GEVI', 'utils.py'));
    expect(code('GayAdult', 'utils.py')).toBe(code('GEVI', 'utils.py'));
    expect(code('GayHotMovies', 'utils.py')).not.toBe(code('GEVI', 'utils.py'));
    expect(code('GEVI', 'utils.py').split('\n').length).toBeGreaterThan(500);
  });

  it('fetch IAFD without browser headers from getFilmOnIAFD, matchCast and matchDirectors, each on its own call', () => {
    const utils = code('GEVI', 'utils.py');
    for (const fn of ['getFilmOnIAFD', 'matchCast', 'matchDirectors']) {
      const body = utils.slice(utils.indexOf(`def ${fn}(`), utils.indexOf('\n# ---', utils.indexOf(`def ${fn}(`)));
      expect(body, fn).toContain('HTTP.Request(iafdURL, timeout=20, sleep=delay())');
    }
    expect(utils).not.toMatch(/headers\s*=/);
    expect(utils).toMatch(/def getSiteInfoGEVI\(FILMDICT, html\):[\s\S]*?\)\[0\]/);
  });

  it('name their agents in Info.plist', () => {
    for (const agent of ['AEBN', 'GEVI', 'GayAdult', 'GayHotMovies']) {
      const plist = parsePlist(readFileSync(join(BUNDLES, `${agent}.bundle`, 'Contents', 'Info.plist')), agent) as Record<string, unknown>;
      expect(plist.CFBundleIdentifier).toBe(`com.plexapp.agents.${agent}`);
    }
  });

  it("pass the project's Python 2.7 + sandbox checker", async () => {
    for (const file of pythonFiles(BUNDLES)) expect(errorsOf(await check(readFileSync(file), { sandbox: true })), file).toEqual([]);
  });
});

describe('fixture library', () => {
  const library = loadLibrary();
  it('has at least 40 items over the fixture agents, legacy guids, non-ASCII titles and PGMA file names', () => {
    expect(library.items.length).toBeGreaterThanOrEqual(40);
    expect(library.sections.map((s) => s.agent)).toEqual(['com.plexapp.agents.GEVI', 'com.plexapp.agents.AEBN', 'com.plexapp.agents.GayAdult', 'com.plexapp.agents.GayHotMovies']);
    expect(library.items.filter((i) => /[^ -~]/.test(i.title)).length).toBeGreaterThanOrEqual(5);
    for (const item of library.items) {
      const agent = library.sections.find((s) => s.key === item.section)!.agent;
      expect(legacyGuid(agent, item)).toMatch(/^com\.plexapp\.agents\.\w+:\/\/\d+\?lang=en$/);
      expect(item.file.split('/').pop()).toMatch(/^\([^)]+\) - .+ \(\d{4}\)\.mp4$/);
    }
    expect(new Set(library.items.map((i) => i.profile))).toEqual(new Set(['iafd-listed', 'not-on-iafd']));
    expect(library.items.some((i) => i.site === 'field-error')).toBe(true);
    expect(library.items.some((i) => !i.matched)).toBe(true);
  });
});

describe('fixture fixes', () => {
  it.each(fixIds)('%s is a valid Fix whose changes apply exactly', (id) => {
    expect(() => patchedCopy(id)).not.toThrow();
  });

  it.each(fixIds)('%s: the sim\'s "_" rule and the project\'s checker agree on whether Plex would load it', async (id) => {
    const dir = patchedCopy(id);
    const files = [...new Set(loadFixtureFix(id).changes.map((c) => join(dir, c.file)))];
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const refused = findRestrictedName(source) !== undefined;
      expect(refused, file).toBe(id === 'pgma-stubs-path');
      expect(errorsOf(await check(source, { sandbox: true })).length > 0, file).toBe(refused);
    }
  });

  describe.skipIf(!py27)(py27 ? `compile under CPython 2.7 (${py27})` : 'SKIPPED: python2.7 not found', () => {
    it('every bundle file, and every file a fixture fix produces', () => {
      const jobs = [...pythonFiles(BUNDLES).map((path) => ({ id: path, path })), ...fixIds.flatMap((id) => pythonFiles(patchedCopy(id)).map((path) => ({ id: `${id}:${path}`, path })))];
      const verdicts = runOracle(py27!, jobs);
      expect(Object.entries(verdicts).filter(([, v]) => v !== null)).toEqual([]);
      expect(Object.keys(verdicts)).toHaveLength(jobs.length);
    });
  });
});
