// The sandbox-rename recipe: the names Plex refuses are renamed everywhere in their module at
// once, the change passes the checker, and what cannot be renamed safely (dunder builtins such
// as __file__, names other modules or strings refer to) gets advice instead.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FixSchema } from '../../../../../shared/fix.ts';
import { checkPython } from '../../../../../main/engine/python/index.ts';
import { outlinePython } from '../../../../../main/engine/python/outline.ts';
import { restrictedNamesRecipe } from '../../../../../main/engine/diagnose/recipes/restricted-names.ts';
import { loadFixtureFix, applyFixtureFix } from '../../../../plex-sim/testing.ts';
import { applied, inputWithCode, pluginsCopy, readUnder, recipeInput } from '../helpers.ts';

const INIT = 'GEVI.bundle/Contents/Code/__init__.py';
const refusedNames = async (text: string, path: string) =>
  (await checkPython(text, { path })).findings.filter((f) => f.rule === 'restricted-name').map((f) => /"([^"]+)"/.exec(f.message)![1]);

async function withFixCode(files: Record<string, string>) {
  const { agent, evidence } = await recipeInput('plugin-load', 'GEVI');
  const input = inputWithCode(agent, evidence, files);
  const outcome = await restrictedNamesRecipe.run(input);
  return { outcome, input };
}

describe('recipe: rename the names Plex\'s sandbox refuses', () => {
  it('renames the predecessor\'s _add_pgma_stubs_to_path everywhere and gives advice for __file__', async () => {
    const plugins = pluginsCopy();
    applyFixtureFix(plugins, loadFixtureFix('pgma-stubs-path'));
    const input = await recipeInput('plugin-load', 'GEVI', plugins);
    const outcome = await restrictedNamesRecipe.run(input);
    const fix = FixSchema.parse(outcome.fix);
    expect(fix.id).toBe('rename-restricted-names-gevi');
    const init = applied(fix, readUnder(plugins)).get(INIT)!;
    expect(await refusedNames(init.before, INIT)).toEqual(['_add_pgma_stubs_to_path', '__file__', '_add_pgma_stubs_to_path']);
    expect(await refusedNames(init.after, INIT)).toEqual(['__file__']);
    expect((await checkPython(init.after, { original: init.before, path: INIT })).ok).toBe(true);
    const names = (await outlinePython(init.after)).names.filter((n) => n.name === 'add_pgma_stubs_to_path');
    expect(names).toHaveLength(2); // the def and its call
    expect(fix.advice.join(' ')).toMatch(/__file__ \(__init__\.py, line \d+\): Plex's sandbox refuses it and Python fills it in/);
    expect(fix.after.join(' ')).toMatch(/_add_pgma_stubs_to_path → add_pgma_stubs_to_path \(__init__\.py, 2 uses\)/);
  });

  it('renames defs, parameters, keyword arguments and globals consistently, and leaves attributes alone', async () => {
    const code = [
      '_count = 0',
      'def _helper(_x, y=1):',
      '    global _count',
      '    _count += _x',
      '    return self._cache if y else _x',
      'def run(self):',
      '    return _helper(_x=2) + _helper(3)',
      '',
    ].join('\n');
    const { outcome, input } = await withFixCode({ 'utils.py': code });
    const fix = FixSchema.parse(outcome.fix);
    const after = applied(fix, () => code).get(input.source!.files[0]!.path)!.after;
    expect(after).toBe(
      ['count = 0', 'def helper(x, y=1):', '    global count', '    count += x', '    return self._cache if y else x', 'def run(self):', '    return helper(x=2) + helper(3)', ''].join('\n'),
    );
    expect(await refusedNames(after, input.source!.files[0]!.path)).toEqual([]);
    const leftover = (await outlinePython(after)).names.filter((n) => n.name.startsWith('_') && n.role !== 'attribute');
    expect(leftover).toEqual([]);
  });

  it('picks a new name the module does not use yet', async () => {
    const code = 'helper = 1\ndef _helper():\n    return helper\n_helper()\n';
    const { outcome, input } = await withFixCode({ 'utils.py': code });
    const after = applied(FixSchema.parse(outcome.fix), () => code).get(input.source!.files[0]!.path)!.after;
    expect(after).toBe('helper = 1\ndef helper_fn():\n    return helper\nhelper_fn()\n');
  });

  it.each([
    ['another module uses the name', { 'utils.py': 'def _helper():\n    pass\n', '__init__.py': 'import utils\nutils._helper()\n' }, /__init__\.py uses it too/],
    ['a string names it (a look-up by name)', { 'utils.py': "def _helper():\n    pass\nf = globals()['_helper']\n" }, /a string in the module holds exactly this name/],
    ['it comes from an import', { 'utils.py': 'from helpers import _helper\n_helper()\n' }, /it comes from an import/],
  ])('gives advice and proposes nothing when %s', async (_case, files, advice) => {
    const { outcome } = await withFixCode(files);
    expect(outcome.fix).toBeNull();
    expect(outcome.notes.join(' ')).toMatch(advice);
  });

  it('says the refusal is from older code when the code has no such name any more', async () => {
    const { outcome } = await withFixCode({ 'utils.py': 'def helper():\n    pass\n' });
    expect(outcome.fix).toBeNull();
    expect(outcome.notes.join(' ')).toMatch(/has no name Plex's sandbox refuses any more/);
  });

  it('only reads the files as given: the fixture bundle on disk is untouched', async () => {
    const plugins = pluginsCopy();
    const before = readFileSync(join(plugins, INIT), 'utf8');
    writeFileSync(join(plugins, INIT), before + '\ndef _later():\n    pass\n');
    const input = await recipeInput('plugin-load', 'GEVI', plugins);
    const outcome = await restrictedNamesRecipe.run(input);
    expect(outcome.fix).not.toBeNull();
    expect(readFileSync(join(plugins, INIT), 'utf8')).toBe(before + '\ndef _later():\n    pass\n');
  });
});
