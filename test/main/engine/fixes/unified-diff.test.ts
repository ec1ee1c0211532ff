import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../../../main/engine/fixes/unified-diff.ts';
import { applyPatch } from '../../../../main/engine/fixes/apply-patch.ts';

const labels = { oldLabel: 'a/utils.py', newLabel: 'b/utils.py' };
/** texts from a few distinct lines, so that old and new share many lines */
const text = fc
  .tuple(fc.array(fc.constantFrom('import re', 'def f():', '    return 1', '', 'x = 2', '# note', '\tpass', 'y = "é"', 'z\r'), { maxLength: 30 }), fc.boolean())
  .map(([lines, endsWithNewline]) => (lines.length === 0 ? '' : lines.join('\n') + (endsWithNewline ? '\n' : '')));

const hasTool = (tool: string) => spawnSync(tool, ['--version']).status === 0;
const work = mkdtempSync(join(tmpdir(), 'ad-diff-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', labels)).toBe('');
  });

  it('shows one changed line with three lines of context, like diff -u', () => {
    const old = ['1', '2', '3', '4', '5', '6', '7', '8'].join('\n') + '\n';
    const changed = old.replace('5\n', 'five\n');
    expect(unifiedDiff(old, changed, labels)).toBe(['--- a/utils.py', '+++ b/utils.py', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8', ''].join('\n'));
  });

  it('marks a last line without a newline', () => {
    expect(unifiedDiff('a\nb', 'a\nc', labels)).toBe(['--- a/utils.py', '+++ b/utils.py', '@@ -1,2 +1,2 @@', ' a', '-b', '\\ No newline at end of file', '+c', '\\ No newline at end of file', ''].join('\n'));
  });

  it('round-trips through the strict applier for any pair of texts', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        fc.pre(before !== after);
        expect(applyPatch(before, unifiedDiff(before, after, labels))).toBe(after);
      }),
      { numRuns: 400, examples: [['', 'a\n'], ['a\n', ''], ['a', 'a\n']] },
    );
  });

  it.skipIf(!hasTool('patch'))('writes diffs that GNU patch applies without fuzz', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        fc.pre(before !== after);
        const file = join(work, 'f.txt');
        writeFileSync(file, before);
        const r = spawnSync('patch', ['--fuzz=0', '--force', '--silent', '-o', join(work, 'out.txt'), file], { input: unifiedDiff(before, after, labels) });
        expect(r.status, r.stdout.toString() + r.stderr.toString()).toBe(0);
        expect(readFileSync(join(work, 'out.txt'), 'latin1')).toBe(Buffer.from(after).toString('latin1'));
      }),
      { numRuns: 60 },
    );
  });

  it.skipIf(!hasTool('diff'))('reads what diff -u writes (the applier accepts the reference format)', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        fc.pre(before !== after);
        writeFileSync(join(work, 'a.txt'), before);
        writeFileSync(join(work, 'b.txt'), after);
        const diff = spawnSync('diff', ['-u', join(work, 'a.txt'), join(work, 'b.txt')]).stdout.toString('latin1');
        expect(applyPatch(Buffer.from(before).toString('latin1'), diff)).toBe(Buffer.from(after).toString('latin1'));
      }),
      { numRuns: 60 },
    );
  });
});
