// The two IAFD recipes on our GEVI-like fixture bundle: each change applies cleanly, passes the
// Python 2.7 + sandbox check, and does what it says — read back from the patched code's tree,
// from the simulated Plex's own conditions, and (with python2.7 as an oracle) by running the
// patched look-ups against an IAFD that refuses every request.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FixSchema } from '../../../../../shared/fix.ts';
import { checkPython } from '../../../../../main/engine/python/index.ts';
import { functionsOf, outlinePython, walkStatements, type PythonOutline } from '../../../../../main/engine/python/outline.ts';
import { findIafdSites } from '../../../../../main/engine/diagnose/iafd-sites.ts';
import { iafdHeadersRecipe } from '../../../../../main/engine/diagnose/recipes/iafd-headers.ts';
import { iafdSkipRecipe, SKIP_LOG_TEXT } from '../../../../../main/engine/diagnose/recipes/iafd-skip.ts';
import { holds, loadScenario, SCENARIOS_DIR } from '../../../../plex-sim/scenario.ts';
import { findPython27 } from '../../python/helpers.ts';
import { applied, FIXTURES, inputWithCode, readUnder, recipeInput } from '../helpers.ts';

const UTILS = 'GEVI.bundle/Contents/Code/utils.py';
const py27 = findPython27();
const scenario = loadScenario(join(SCENARIOS_DIR, 'default.json'));

async function patchedUtils(recipe: typeof iafdHeadersRecipe) {
  const input = await recipeInput('iafd-blocked', 'GEVI');
  const outcome = await recipe.run(input);
  expect(outcome.fix, outcome.notes.join('\n')).not.toBeNull();
  const fix = FixSchema.parse(outcome.fix);
  const files = applied(fix, readUnder(input.pluginsDir));
  const utils = files.get(UTILS)!;
  return { fix, outcome, utils, outline: await outlinePython(utils.after), files };
}

function runIafdOracle(utilsText: string) {
  const dir = mkdtempSync(join(tmpdir(), 'iafd-oracle-'));
  try {
    writeFileSync(join(dir, 'utils.py'), utilsText);
    const out = execFileSync(py27!, [join(FIXTURES, 'diagnose/run_iafd.py'), join(dir, 'utils.py')], { encoding: 'utf8' });
    return JSON.parse(out) as { requests: { url: string; headers: Record<string, string> | null }[]; foundOnIafd: string; cast: Record<string, { Role: string }>; directors: Record<string, unknown>; log: [string, string][] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const conditionHolds = (name: string, utils: string) => holds(scenario.conditions[name]!, new Map([['Contents/Code/utils.py', utils]]));
const moduleAssignment = (o: PythonOutline, name: string) => o.statements.find((s) => s.assign?.targets.includes(name));

describe('recipe: browser-like headers on the IAFD requests', () => {
  it('proposes one fix for the one file that reaches IAFD, and it passes the Python check', async () => {
    const { fix, utils } = await patchedUtils(iafdHeadersRecipe);
    expect(fix.id).toBe('iafd-browser-headers-gevi');
    expect(fix.changes.every((c) => c.file === UTILS)).toBe(true);
    const check = await checkPython(utils.after, { original: utils.before, path: UTILS });
    expect(check.ok).toBe(true);
    expect(check.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('defines the headers once, at module level, under a name Plex\'s sandbox accepts', async () => {
    const { outline } = await patchedUtils(iafdHeadersRecipe);
    const defs = outline.statements.filter((s) => s.assign?.targets.some((t) => /HEADERS/.test(t)));
    expect(defs).toHaveLength(1);
    const name = defs[0]!.assign!.targets[0]!;
    expect(name).not.toMatch(/^_/);
    expect(defs[0]!.assign!.value).toMatch(/'User-Agent': 'Mozilla\/5\.0 /);
  });

  it('makes every IAFD fetch call of every function pass the headers, the named ones and the others', async () => {
    const { outline } = await patchedUtils(iafdHeadersRecipe);
    const sites = findIafdSites(outline);
    expect(sites.fetches.map((f) => f.fn.qualifiedName).sort()).toEqual(['getFilmOnIAFD', 'matchCast', 'matchDirectors']);
    for (const f of sites.fetches) expect(f.call.args.find((a) => a.name === 'headers')?.text, f.fn.qualifiedName).toBe('headers=IAFD_HEADERS');
  });

  it('leaves every other request alone (site pages and pictures are not IAFD)', async () => {
    const { outline, utils } = await patchedUtils(iafdHeadersRecipe);
    const before = await outlinePython(utils.before);
    const otherCalls = (o: PythonOutline) =>
      functionsOf(o)
        .filter((f) => !['getFilmOnIAFD', 'matchCast', 'matchDirectors'].includes(f.qualifiedName))
        .flatMap((f) => [...walkStatements(f.stmt.blocks[0]!.statements)].flatMap((s) => s.calls.map((c) => `${f.qualifiedName}: ${c.callee}(${c.args.map((a) => a.text).join(', ')})`)));
    expect(otherCalls(outline)).toEqual(otherCalls(before));
  });

  it('writes code the simulated Plex recognises as "browser headers on every IAFD request"', async () => {
    const { utils } = await patchedUtils(iafdHeadersRecipe);
    expect(conditionHolds('iafdHeadersEverywhere', utils.before)).toBe(false);
    expect(conditionHolds('iafdHeadersEverywhere', utils.after)).toBe(true);
    expect(conditionHolds('browserUserAgent', utils.after)).toBe(true);
  });

  it('measures itself with the default criteria, per refreshed item', async () => {
    const { fix } = await patchedUtils(iafdHeadersRecipe);
    expect(fix.successCriteria.map((c) => [c.metric, c.op, c.target])).toEqual([
      ['signature:iafd-url-error', 'reduceBy', 20],
      ['marker:found-on-iafd', 'atLeast', 1],
      ['newSignatures', 'equals', 0],
    ]);
    expect(fix.failureIndicators.map((c) => [c.metric, c.op, c.target, c.severity])).toEqual([
      ['pluginStarted', 'equals', 0, 'critical'],
      ['newSignatures', 'atLeast', 1, 'critical'],
      ['itemSuccessRate', 'belowBefore', undefined, 'critical'],
      ['timeoutRate', 'above', 0.2, 'minor'],
    ]);
    expect(fix.rootCause).toMatch(/likely/);
    expect(fix.rootCause).not.toMatch(/403/);
  });

  it('says so and proposes nothing when the agent has no IAFD request of its own', async () => {
    const { agent, evidence } = await recipeInput('iafd-blocked', 'GEVI');
    const code = "def getSiteInfo(url):\n    return HTML.ElementFromURL(url, timeout=20)\n";
    const outcome = await iafdHeadersRecipe.run(inputWithCode(agent, evidence, { 'utils.py': code }));
    expect(outcome.fix).toBeNull();
    expect(outcome.notes.join(' ')).toMatch(/No IAFD request .* was found/);
  });

  it('says where IAFD is reached through a helper it cannot add headers to (real PGMA\'s getURLElement)', async () => {
    const { agent, evidence } = await recipeInput('iafd-blocked', 'GEVI');
    const code = [
      "IAFD_SEARCH_URL = 'https://www.iafd.com/ramesearch.asp?searchstring={0}'",
      'def getURLElement(myString, UseAdditionalResults=False):',
      '    return HTML.ElementFromString(getHTTPRequest(myString))',
      'def getFilmOnIAFD(FILMDICT):',
      "    html = getURLElement(IAFD_SEARCH_URL.format(FILMDICT['Title']), UseAdditionalResults=True)",
      '    return FILMDICT',
      '',
    ].join('\n');
    const outcome = await iafdHeadersRecipe.run(inputWithCode(agent, evidence, { 'utils.py': code }));
    expect(outcome.fix).toBeNull();
    expect(outcome.notes.join(' ')).toMatch(/getFilmOnIAFD also reaches IAFD through getURLElement\(\)/);
  });

  it('proposes nothing when every IAFD request already sends headers', async () => {
    const { agent, evidence } = await recipeInput('iafd-blocked', 'GEVI');
    const code = "H = {'User-Agent': 'x'}\ndef matchCast(iafdURL):\n    return HTTP.Request(iafdURL, headers=H)\n";
    const outcome = await iafdHeadersRecipe.run(inputWithCode(agent, evidence, { 'utils.py': code }));
    expect(outcome.fix).toBeNull();
    expect(outcome.notes.join(' ')).toMatch(/already sends headers/);
  });

  it('proposes nothing when the agent\'s bundle is not in the Plug-ins folder', async () => {
    const { agent, evidence } = await recipeInput('iafd-blocked', 'GEVI');
    const outcome = await iafdHeadersRecipe.run({ agent, evidence, source: null });
    expect(outcome).toEqual({ fix: null, notes: [expect.stringMatching(/was not found in the Plug-ins folder/)] });
  });

  it.skipIf(!py27)(py27 ? 'sends the browser headers on every IAFD request when run by CPython 2.7' : 'SKIPPED: python2.7 not found', async () => {
    const { utils } = await patchedUtils(iafdHeadersRecipe);
    const before = runIafdOracle(utils.before);
    expect(before.requests.length).toBe(4); // the film, two cast members, one director
    expect(before.requests.every((r) => r.headers === null)).toBe(true);
    const after = runIafdOracle(utils.after);
    expect(after.requests.map((r) => r.url)).toEqual(before.requests.map((r) => r.url));
    for (const r of after.requests) expect(r.headers?.['User-Agent']).toMatch(/^Mozilla\/5\.0 /);
  });
});

describe('recipe: skip the IAFD look-ups cleanly (the fallback)', () => {
  it('passes the Python check, with the switch at module level under a sandbox-safe name', async () => {
    const { utils, outline } = await patchedUtils(iafdSkipRecipe);
    expect((await checkPython(utils.after, { original: utils.before, path: UTILS })).ok).toBe(true);
    const flag = moduleAssignment(outline, 'IAFD_LOOKUPS_ENABLED');
    expect(flag?.assign?.value).toBe('False');
  });

  it('guards every function that reaches IAFD, giving back what it gives when IAFD has nothing', async () => {
    const { outline } = await patchedUtils(iafdSkipRecipe);
    const fns = new Map(functionsOf(outline).map((f) => [f.qualifiedName, f.stmt]));
    const bodyOf = (name: string) => fns.get(name)!.blocks[0]!.statements;
    // getFilmOnIAFD: the guard returns the FILMDICT it was given, before any request
    const filmGuard = bodyOf('getFilmOnIAFD').find((s) => s.type === 'if_statement')!;
    expect(filmGuard.text).toMatch(/^if not IAFD_LOOKUPS_ENABLED:\n\s+log\('UTILS :: IAFD Lookup Disabled: getFilmOnIAFD skipped[^\n]*'\)\n\s+return FILMDICT$/);
    expect(filmGuard.span.line).toBeLessThan(bodyOf('getFilmOnIAFD').find((s) => s.type === 'try_statement')!.span.line);
    // matchCast / matchDirectors: each name is stored as "not on IAFD", then the loop goes on
    for (const [fn, stored] of [
      ['matchCast', "castDict[castName] = {'Photo': '', 'Role': IAFD_ABSENT, 'Alias': ''}"],
      ['matchDirectors', "directorDict[directorName] = {'Photo': ''}"],
    ] as const) {
      const loop = bodyOf(fn).find((s) => s.type === 'for_statement')!;
      const guard = loop.blocks[0]!.statements.find((s) => s.type === 'if_statement' && s.text.startsWith('if not IAFD_LOOKUPS_ENABLED'))!;
      expect(guard.blocks[0]!.statements.map((s) => s.text)).toEqual([stored, 'continue']);
      const firstTry = loop.blocks[0]!.statements.find((s) => s.type === 'try_statement')!;
      expect(guard.span.line).toBeLessThan(firstTry.span.line);
    }
  });

  it('writes code the simulated Plex recognises as "IAFD skipped everywhere", and logs one plain line per look-up', async () => {
    const { utils } = await patchedUtils(iafdSkipRecipe);
    expect(conditionHolds('iafdDisabledEverywhere', utils.before)).toBe(false);
    expect(conditionHolds('iafdDisabledEverywhere', utils.after)).toBe(true);
    expect(utils.after.split(SKIP_LOG_TEXT).length - 1).toBe(3);
    expect(utils.after).not.toMatch(/Disabled to prevent 403/);
  });

  it('is the lower-risk-value alternative: medium risk, and it guards against losing the cast', async () => {
    const { fix } = await patchedUtils(iafdSkipRecipe);
    expect(fix.risk).toBe('medium');
    expect(fix.failureIndicators.find((c) => c.metric === 'marker:cast')).toMatchObject({ op: 'belowBefore', severity: 'critical' });
  });

  it('proposes nothing when a function that reaches IAFD has no clear "nothing found" result', async () => {
    const { agent, evidence } = await recipeInput('iafd-blocked', 'GEVI');
    const code = ["def getFilmOnIAFD(FILMDICT, iafdURL):", '    page = HTTP.Request(iafdURL)', '    return page.content', ''].join('\n');
    const outcome = await iafdSkipRecipe.run(inputWithCode(agent, evidence, { 'utils.py': code }));
    expect(outcome.fix).toBeNull();
    expect(outcome.notes.join(' ')).toMatch(/not clear what getFilmOnIAFD should give back/);
  });

  it.skipIf(!py27)(py27 ? 'makes no IAFD request and keeps every cast member when run by CPython 2.7' : 'SKIPPED: python2.7 not found', async () => {
    const { utils } = await patchedUtils(iafdSkipRecipe);
    const before = runIafdOracle(utils.before);
    expect(before.log.some(([level]) => level === 'ERROR')).toBe(true);
    const after = runIafdOracle(utils.after);
    expect(after.requests).toEqual([]);
    expect(Object.keys(after.cast).sort()).toEqual(['AJ Alexander', 'Ben Rose']);
    expect(Object.keys(after.cast).sort()).toEqual(Object.keys(before.cast).sort());
    expect(Object.values(after.cast).every((c) => c.Role === '\u274C')).toBe(true);
    expect(Object.keys(after.directors)).toEqual(['Max Director']);
    expect(after.log.filter(([level]) => level === 'ERROR')).toEqual([]);
    expect(after.log.filter(([, text]) => text.includes(SKIP_LOG_TEXT))).toHaveLength(3);
  });
});
