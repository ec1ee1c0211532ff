// Plex's RestrictedPython rules (python-check.md §8), including the two lines that took
// down 12 agents, and where they apply: a bundle's Contents/Code/ only.
import { describe, expect, it } from 'vitest';
import { sandboxAppliesTo } from '../../../../main/engine/python/sandbox-scope.ts';
import { check, errorsOf, show } from './helpers.ts';

const plexMessage = (line: number, name: string) => `Line ${line}: "${name}" is an invalid variable name because it starts with "_"`;

describe('names starting with "_" are refused, as Plex refuses them', () => {
  it.each([
    { code: '_x = 1', name: '_x', line: 1, column: 1 },
    { code: 'def _f():\n    pass', name: '_f', line: 1, column: 5 },
    { code: 'x = __file__', name: '__file__', line: 1, column: 5 },
    { code: 'import os as _os', name: '_os', line: 1, column: 14 },
    { code: 'import _strptime', name: '_strptime', line: 1, column: 8 },
    { code: 'import _a.b', name: '_a', line: 1, column: 8 },
    { code: 'from os import _exit', name: '_exit', line: 1, column: 16 },
    { code: 'from os import path as _p', name: '_p', line: 1, column: 24 },
    { code: 'class _C:\n    pass', name: '_C', line: 1, column: 7 },
    { code: 'def f(_a):\n    pass', name: '_a', line: 1, column: 7 },
    { code: 'def f(a=_b):\n    pass', name: '_b', line: 1, column: 9 },
    { code: 'def f((a, _b)):\n    pass', name: '_b', line: 1, column: 11 },
    { code: 'g = lambda _a: 0', name: '_a', line: 1, column: 12 },
    { code: 'for _i in x:\n    pass', name: '_i', line: 1, column: 5 },
    { code: 'try:\n    pass\nexcept E, _e:\n    pass', name: '_e', line: 3, column: 11 },
    { code: 'with a as _b:\n    pass', name: '_b', line: 1, column: 11 },
    { code: 'x = [_y for _y in z]', name: '_y', line: 1, column: 6 },
    { code: 'if __name__ == "__main__":\n    pass', name: '__name__', line: 1, column: 4 },
    { code: '@_dec\ndef f():\n    pass', name: '_dec', line: 1, column: 2 },
    { code: 'class C(object):\n    def _helper(self):\n        pass', name: '_helper', line: 2, column: 9 },
    { code: 'class C(object):\n    _cache = {}', name: '_cache', line: 2, column: 5 },
    { code: 'def __init__(self):\n    pass', name: '__init__', line: 1, column: 5 },
    { code: 'x = `_y`', name: '_y', line: 1, column: 6 },
    { code: 'x = f(a, _b)', name: '_b', line: 1, column: 10 },
    { code: 'print _x', name: '_x', line: 1, column: 7 },
  ])('$code', async ({ code, name, line, column }) => {
    const result = await check(code + '\n', { sandbox: true });
    expect(result.ok).toBe(false);
    const hit = errorsOf(result).find((f) => f.rule === 'restricted-name');
    expect(hit, show(result.findings)).toMatchObject({ line, column });
    expect(hit!.message.startsWith(plexMessage(line, name))).toBe(true);
  });

  it('catches both lines of the outage, with Plex\'s own wording', async () => {
    const code = [
      'import os, sys',
      '',
      'def _add_pgma_stubs_to_path():',
      '    here = os.path.dirname(__file__)',
      '    sys.path.insert(0, os.path.join(here, "stubs"))',
      '',
      '_add_pgma_stubs_to_path()',
    ].join('\n');
    const result = await check(code + '\n', { sandbox: true });
    expect(errorsOf(result).map((f) => f.message.split(' (')[0])).toEqual([
      plexMessage(3, '_add_pgma_stubs_to_path'),
      plexMessage(4, '__file__'),
      plexMessage(7, '_add_pgma_stubs_to_path'),
    ]);
  });
});

describe('what Plex accepts', () => {
  it.each([
    'x = obj.__str__()',
    'self._x = 1',
    'x = obj._private._deeper',
    'class C(object):\n    def __init__(self):\n        Base.__init__(self)',
    'class C(object):\n    @staticmethod\n    def __init__():\n        pass',
    'from _x import y',
    'from a._b import c',
    'from ._private import y',
    'import a._b',
    'import a._b as c',
    'from __future__ import division',
    'def f():\n    global _state',
    's = "_x = 1"  # _y in a comment',
  ])('%s', async (code) => {
    const result = await check(code + '\n', { sandbox: true });
    expect(result.findings, show(result.findings)).toEqual([]);
  });
});

describe('what Plex has not been seen to refuse is a warning, never an error', () => {
  it.each([
    { code: 'class C(object):\n    def __str__(self):\n        return ""', rule: 'restricted-dunder-method', line: 2 },
    { code: '_ = 1', rule: 'restricted-underscore', line: 1 },
    { code: 'x = _', rule: 'restricted-underscore', line: 1 },
    { code: 'f(_x=1)', rule: 'restricted-keyword-name', line: 1 },
    { code: 'printed = 1', rule: 'restricted-printed', line: 1 },
    { code: 'exec "x = 1"', rule: 'restricted-exec', line: 1 },
    { code: 'def f():\n    yield 1', rule: 'restricted-yield', line: 2 },
  ])('$rule: $code', async ({ code, rule, line }) => {
    const result = await check(code + '\n', { sandbox: true });
    expect(result.ok).toBe(true);
    expect(result.findings, show(result.findings)).toMatchObject([{ rule, severity: 'warning', line }]);
  });
});

describe('the sandbox rules apply only to Contents/Code/', () => {
  it.each([
    ['GEVI.bundle/Contents/Code/__init__.py', true],
    ['GEVI.bundle/Contents/Code/sub/module.py', true],
    ['/Users/me/Library/Application Support/Plex Media Server/Plug-ins/GEVI.bundle/Contents/Code/utils.py', true],
    ['GEVI.bundle\\Contents\\Code\\utils.py', true],
    ['gevi.BUNDLE/contents/code/utils.py', true],
    ['GEVI.bundle/Contents/Libraries/Shared/PIL/Image.py', false],
    ['GEVI.bundle/Contents/Code', false],
    ['GEVI.bundle/Contents/Info.plist', false],
    ['notes/utils.py', false],
    ['/tmp/Contents/Code/utils.py', false],
    [undefined, true],
  ] as const)('%s → %s', (path, applies) => {
    expect(sandboxAppliesTo(path)).toBe(applies);
  });

  it('bundled libraries get the Python 2.7 rules only', async () => {
    const library = 'def _private(_x):\n    return _x.__class__\n';
    expect(await check(library, { sandbox: false })).toEqual({ ok: true, findings: [], preExisting: [] });
    expect((await check(library + 'x = f"{_x}"\n', { sandbox: false })).findings.map((f) => f.rule)).toEqual(['py3-fstring']);
  });
});
