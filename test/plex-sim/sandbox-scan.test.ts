import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findRestrictedName } from './sandbox-scan.ts';

describe("the sim's version of Plex's \"_\" rule", () => {
  it.each([
    ['_helper = 1', 1, '_helper'],
    ['def _add_pgma_stubs_to_path():\n    pass', 1, '_add_pgma_stubs_to_path'],
    ["x = 1\npath = os.path.dirname(__file__)", 2, '__file__'],
    ['if __name__ == "__main__":\n    main()', 1, '__name__'],
    ['import _strptime', 1, '_strptime'],
    ['from os import path as _p', 1, '_p'],
    ['def f(_x):\n    return _x', 1, '_x'],
    ['class _Base(object):\n    pass', 1, '_Base'],
  ])('refuses %j at line %i', (source, line, name) => {
    expect(findRestrictedName(source)).toEqual({ line, name, message: `Line ${line}: "${name}" is an invalid variable name because it starts with "_"` });
  });

  it.each([
    ['attributes', 'x = obj._private\ny = obj.__str__()'],
    ['__init__ in a class', 'class A(object):\n    def __init__(self):\n        self._x = 1'],
    ['the module path of from … import', 'from _collections import deque'],
    ['a lone _', 'for _ in range(3):\n    pass'],
    ['keyword names in calls', 'f(_x=1, y=2)'],
    ['strings and comments', "s = '_x'\nt = \"\"\"\n_y = 1\n\"\"\"  # _z = 2\nu = u'__file__'"],
    ['names with a _ inside', 'primary_provider = False\nmedia_types = []'],
  ])('allows %s', (_what, source) => expect(findRestrictedName(source)).toBeUndefined());

  it('passes every fixture bundle', () => {
    const bundles = fileURLToPath(new URL('../fixtures/bundles/', import.meta.url));
    for (const bundle of readdirSync(bundles)) {
      const code = join(bundles, bundle, 'Contents', 'Code');
      for (const f of readdirSync(code)) expect(findRestrictedName(readFileSync(join(code, f), 'utf8')), `${bundle}/${f}`).toBeUndefined();
    }
  });
});
