// The outline recipes edit from: statements with their blocks, calls with exact argument
// positions, assignments, returns, and every name with the role the sandbox cares about.
import { describe, expect, it } from 'vitest';
import { functionsOf, outlinePython, walkStatements } from '../../../../main/engine/python/outline.ts';

const SOURCE = [
  "'''module docstring'''",
  'import os',
  'from helpers import _imported as local',
  "BASE = u'é https://www.iafd.com'",
  'class Agent(object):',
  "    '''doc'''",
  '    def search(self, results, *args, **kwargs):',
  '        for name in results:',
  '            try:',
  '                page = HTTP.Request(BASE + name, timeout=20, *args, **kwargs)',
  '            except Exception as e:',
  '                store[name] = None',
  '        return self._cache',
  'def helper(a, b=1):',
  '    return',
  '',
].join('\n');

describe('outlinePython', () => {
  it('gives defs with qualified names, parameters and docstrings', async () => {
    const o = await outlinePython(SOURCE);
    expect(o.hasError).toBe(false);
    expect(functionsOf(o).map((f) => [f.qualifiedName, f.stmt.parameters])).toEqual([
      ['Agent.search', ['self', 'results', 'args', 'kwargs']],
      ['helper', ['a', 'b']],
    ]);
    const cls = o.statements.find((s) => s.type === 'class_definition')!;
    expect(cls.blocks[0]!.statements[0]!.isDocstring).toBe(true);
  });

  it('gives calls with argument kinds and exact positions (UTF-16 indices into the text)', async () => {
    const o = await outlinePython(SOURCE);
    const call = [...walkStatements(o.statements)].flatMap((s) => s.calls).find((c) => c.callee === 'HTTP.Request')!;
    expect(call.args.map((a) => [a.kind, a.name, a.text])).toEqual([
      ['positional', undefined, 'BASE + name'],
      ['keyword', 'timeout', 'timeout=20'],
      ['splat', undefined, '*args'],
      ['kwsplat', undefined, '**kwargs'],
    ]);
    for (const a of call.args) expect(SOURCE.slice(a.span.start, a.span.end)).toBe(a.text);
    expect(call.span.line).toBe(10);
  });

  it('gives loops, assignments, returns and except blocks', async () => {
    const o = await outlinePython(SOURCE);
    const all = [...walkStatements(o.statements)];
    expect(all.find((s) => s.loop)!.loop).toEqual({ target: 'name', iterable: 'results' });
    expect(all.filter((s) => s.assign).map((s) => s.assign)).toEqual([
      { targets: ['BASE'], value: "u'é https://www.iafd.com'" },
      { targets: ['page'], value: 'HTTP.Request(BASE + name, timeout=20, *args, **kwargs)' },
      { targets: ['store[name]'], value: 'None' },
    ]);
    expect(all.filter((s) => s.type === 'return_statement').map((s) => s.returnValue)).toEqual(['self._cache', null]);
    const tryStmt = all.find((s) => s.type === 'try_statement')!;
    expect(tryStmt.blocks.map((b) => [b.kind, b.header])).toEqual([
      ['body', 'try:'],
      ['except', 'except Exception as e:'],
    ]);
  });

  it('tells names from attributes, keywords and import paths', async () => {
    const o = await outlinePython(SOURCE);
    const role = (name: string) => o.names.filter((n) => n.name === name).map((n) => n.role);
    expect(role('_cache')).toEqual(['attribute']);
    expect(role('timeout')).toEqual(['keyword']);
    expect(role('helpers')).toEqual(['import-path']);
    expect(role('_imported')).toEqual(['import-path']);
    expect(role('local')).toEqual(['name']);
    expect(o.strings).toContain('é https://www.iafd.com');
  });

  it('says when the parser met code it could not read', async () => {
    expect((await outlinePython('def f(:\n    pass\n')).hasError).toBe(true);
  });
});
