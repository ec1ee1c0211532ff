// The write policy (python-check.md §8): only what an edit adds can block it.
import { describe, expect, it } from 'vitest';
import { check } from './helpers.ts';

const sandbox = { sandbox: true };

describe('checking an edit against the original', () => {
  it('a finding the original had is pre-existing, even after lines moved', async () => {
    const original = 'x = 1\n_cache = {}\n';
    const edited = '# a new comment\nimport os\n\nx = 1\n_cache = {}\n';
    const result = await check(edited, { ...sandbox, original });
    expect(result.ok).toBe(true);
    expect(result.findings).toEqual([]);
    expect(result.preExisting).toMatchObject([{ rule: 'restricted-name', line: 5 }]);
  });

  it('a new finding blocks the edit; the old one is still reported as pre-existing', async () => {
    const original = '_cache = {}\n';
    const edited = '_cache = {}\n_helper = 1\n';
    const result = await check(edited, { ...sandbox, original });
    expect(result.ok).toBe(false);
    expect(result.findings).toMatchObject([{ rule: 'restricted-name', line: 2 }]);
    expect(result.preExisting).toMatchObject([{ rule: 'restricted-name', line: 1 }]);
  });

  it('counts per line text: a copy of an already-flagged line is new', async () => {
    const original = 'x = _a\n';
    const result = await check('x = _a\nx = _a\n', { ...sandbox, original });
    expect(result.ok).toBe(false);
    expect(result.findings).toHaveLength(1);
    expect(result.preExisting).toHaveLength(1);
  });

  it('syntax errors are compared by count: as many as before passes, one more blocks', async () => {
    const original = 'x = = 1\ny = 2\n';
    expect((await check('# note\nx = = 1\ny = 2\n', { original })).ok).toBe(true);
    const worse = await check('x = = 1\ny = = 2\n', { original });
    expect(worse.ok).toBe(false);
    expect(worse.findings.every((f) => f.rule === 'syntax-error')).toBe(true);
  });

  it('warnings are compared too, and never block', async () => {
    const result = await check('exec "a"\nexec "b"\n', { ...sandbox, original: 'exec "a"\n' });
    expect(result.ok).toBe(true);
    expect(result.findings).toMatchObject([{ rule: 'restricted-exec', line: 2 }]);
    expect(result.preExisting).toMatchObject([{ rule: 'restricted-exec', line: 1 }]);
  });

  it('fixing a finding leaves nothing behind', async () => {
    const result = await check('cache = {}\n', { ...sandbox, original: '_cache = {}\n' });
    expect(result).toEqual({ ok: true, findings: [], preExisting: [] });
  });

  it('a Python 3 construct added to a clean file blocks, at its line', async () => {
    const result = await check('def f(a):\n    return f"{a}"\n', { original: 'def f(a):\n    return "%s" % a\n' });
    expect(result.ok).toBe(false);
    expect(result.findings).toMatchObject([{ rule: 'py3-fstring', line: 2, column: 12 }]);
  });
});
