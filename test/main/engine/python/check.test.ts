// The snippet tables (python-check.md §9.1), checked end to end on bytes: every Python-3-only
// construct is flagged at its line:column, every Python 2 construct passes, every mistake
// both Pythons reject is caught, and tabs are measured the way CPython measures them.
import { describe, expect, it } from 'vitest';
import { bothInvalid, py2Accepted, py3Only, tabs } from './snippets.ts';
import { check, errorsOf, show } from './helpers.ts';

describe('Python-3-only constructs are errors at the construct', () => {
  it.each(py3Only)('$rule: $code', async ({ code, rule, line, column }) => {
    const result = await check(code + '\n', { sandbox: true });
    expect(result.ok).toBe(false);
    const hit = result.findings.find((f) => f.rule === rule);
    expect(hit, show(result.findings)).toBeDefined();
    expect(hit).toMatchObject({ severity: 'error', line, column });
  });
});

describe('Python 2.7 constructs are accepted', () => {
  it.each(py2Accepted)('$code', async ({ code }) => {
    const result = await check(code + '\n', { sandbox: true });
    expect(errorsOf(result), show(result.findings)).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe('mistakes both Pythons reject are errors', () => {
  it.each(bothInvalid)('$rule: $code', async ({ code, rule, line, column }) => {
    const result = await check(code + '\n');
    expect(result.ok).toBe(false);
    const first = errorsOf(result)[0];
    expect(first, show(result.findings)).toMatchObject({ rule, line, column });
  });
});

describe('tabs follow CPython 2.7 (next multiple of 8)', () => {
  it.each(tabs)('$code', async ({ code, rule, line, warning }) => {
    const result = await check(code + '\n');
    if (rule) expect(errorsOf(result)[0], show(result.findings)).toMatchObject({ rule, line });
    else expect(errorsOf(result), show(result.findings)).toEqual([]);
    if (warning) expect(result.findings.map((f) => f.rule)).toContain(warning);
  });
});

describe('findings', () => {
  it('are sorted by position and carry 1-based UTF-16 columns', async () => {
    const result = await check('# -*- coding: utf-8 -*-\nx = "😀é"; y = f"{x}"\nz = rb"a"\n');
    expect(result.findings.map((f) => [f.rule, f.line, f.column])).toEqual([
      ['py3-fstring', 2, 16],
      ['py3-string-prefix', 3, 5],
    ]);
  });

  it('point into the original layout when tab indentation had to be rewritten for the parser', async () => {
    const result = await check('if x:\n  \tif y:\n  \t\ty = a @ b\n');
    expect(result.findings.find((f) => f.rule === 'py3-matmul')).toMatchObject({ line: 3, column: 11 });
  });

  it('a file without any code is fine', async () => {
    expect(await check('')).toEqual({ ok: true, findings: [], preExisting: [] });
    expect((await check('# only a comment\n\n')).ok).toBe(true);
  });

  it('reports the print-a-tuple surprise as information, not as an error', async () => {
    const result = await check('print("a", "b")\n');
    expect(result.ok).toBe(true);
    expect(result.findings).toMatchObject([{ rule: 'print-tuple', severity: 'info', line: 1, column: 1 }]);
  });
});
