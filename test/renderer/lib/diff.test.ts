import { describe, expect, it } from 'vitest';
import { diffLines } from '../../../renderer/lib/diff.ts';
import { DIFF } from '../fixtures.ts';

const kinds = (diff: string) => diffLines(diff).map((l) => l.kind);

describe('diffLines', () => {
  it('tags file headers, hunk headers, added, removed and context lines', () => {
    expect(kinds(DIFF)).toEqual(['header', 'header', 'hunk', 'context', 'remove', 'add', 'add', 'context']);
  });

  it('keeps each line whole', () => {
    expect(diffLines(DIFF).map((l) => l.text)).toEqual(DIFF.split('\n'));
  });

  it('reads a removed "-- comment" line and an added "++" line inside a hunk as changes, not headers', () => {
    const diff = ['--- a/x.py', '+++ b/x.py', '@@ -1,2 +1,2 @@', '--- old comment', '+++ new comment', ' same'].join('\n');
    expect(kinds(diff)).toEqual(['header', 'header', 'hunk', 'remove', 'add', 'context']);
  });

  it('starts a new file after a hunk is used up', () => {
    const diff = ['--- a/x.py', '+++ b/x.py', '@@ -1 +1 @@', '-a', '+b', '--- a/y.py', '+++ b/y.py', '@@ -3,0 +4,1 @@', '+c'].join('\n');
    expect(kinds(diff)).toEqual(['header', 'header', 'hunk', 'remove', 'add', 'header', 'header', 'hunk', 'add']);
  });

  it('marks "\\ No newline at end of file" as a note', () => {
    expect(kinds(['@@ -1 +1 @@', '-a', '\\ No newline at end of file', '+b'].join('\n'))).toEqual(['hunk', 'remove', 'note', 'add']);
  });

  it('takes an empty line inside a hunk as context (its space was stripped)', () => {
    expect(kinds(['@@ -1,3 +1,3 @@', ' a', '', '-b', '+c'].join('\n'))).toEqual(['hunk', 'context', 'context', 'remove', 'add']);
  });

  it('ignores the final line end and Windows line ends', () => {
    expect(diffLines('@@ -1 +1 @@\r\n-a\r\n+b\r\n').map((l) => l.text)).toEqual(['@@ -1 +1 @@', '-a', '+b']);
  });

  it('gives nothing for an empty diff', () => {
    expect(diffLines('')).toEqual([]);
  });
});
