// CPython 2.7's indentation rules, which tree-sitter does not check (python-check.md §6).
import { describe, expect, it } from 'vitest';
import { Findings } from '../../../../main/engine/python/finding.ts';
import { checkIndentation } from '../../../../main/engine/python/indentation.ts';
import { scanSource } from '../../../../main/engine/python/tokenize.ts';

function indentation(code: string) {
  const findings = new Findings();
  checkIndentation(scanSource(code, new Findings()).lines, findings);
  return findings.list.map((f) => `${f.line}:${f.column} ${f.rule}`);
}

describe('indentation', () => {
  it.each([
    ['  x = 1\n', '1:3 indentation'],
    ['x = 1\n    y = 2\n', '2:5 indentation'],
    ['if x:\ny = 1\n', '2:1 indentation'],
    ['if x:\n    pass\n  y = 1\n', '3:3 indentation'],
    ['class C:\n    def f(self):\n        pass\n   def g(self):\n        pass\n', '4:4 indentation'],
    ['def f():\n    # only a comment\n', '1:1 indentation'],
  ])('%j → %s', (code, expected) => {
    expect(indentation(code)).toEqual([expected]);
  });

  it.each([
    'if x:\n    pass\n',
    'if x:\n    y = (1,\n  2)\n',
    'if x:\n    s = """\nnot code\n  at all\n"""\n',
    'if x:\n    y = 1 + \\\n  2\n',
    'if x:\n\n    # comment at any depth\n  # another\n    pass\n',
    'if x: pass\n',
    'x = {\n    1: 2,\n}\nif x:  # ends with a colon, after the comment\n    pass\n',
  ])('%j is fine', (code) => {
    expect(indentation(code)).toEqual([]);
  });

  it('stops at the first error, like CPython', () => {
    expect(indentation('  x = 1\n    y = 2\n')).toEqual(['1:3 indentation']);
  });

  it('mixing tabs and spaces inconsistently is one warning for the whole file', () => {
    expect(indentation('if x:\n        a = 1\n\tb = 2\n\tc = 3\n')).toEqual(['3:1 tab-space-mix']);
  });
});
