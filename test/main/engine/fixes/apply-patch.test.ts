import { describe, expect, it } from 'vitest';
import { applyPatch, PatchError } from '../../../../main/engine/fixes/apply-patch.ts';

const source = ['import re', 'def f():', '    return 1', '', 'def g():', '    return 2', ''].join('\n');
const header = '--- a/utils.py\n+++ b/utils.py\n';

describe('applyPatch (strict: no fuzz, no offset)', () => {
  it('applies a hunk that matches exactly where it says', () => {
    const diff = header + '@@ -2,2 +2,2 @@\n def f():\n-    return 1\n+    return 10\n';
    expect(applyPatch(source, diff)).toBe(source.replace('return 1', 'return 10'));
  });

  it('accepts git preamble lines and blank lines after the last hunk', () => {
    const diff = 'diff --git a/utils.py b/utils.py\nindex 1111111..2222222 100644\n' + header + '@@ -3 +3 @@\n-    return 1\n+    return 10\n\n\n';
    expect(applyPatch(source, diff)).toBe(source.replace('return 1', 'return 10'));
  });

  it('inserts at the top (old side empty) and after a given line', () => {
    expect(applyPatch(source, header + '@@ -0,0 +1 @@\n+# -*- coding: utf-8 -*-\n')).toBe('# -*- coding: utf-8 -*-\n' + source);
    expect(applyPatch(source, header + '@@ -1,0 +2 @@\n+import os\n')).toBe(source.replace('import re\n', 'import re\nimport os\n'));
  });

  it('keeps CRLF line ends, because they are part of the lines', () => {
    const crlf = 'a\r\nb\r\n';
    expect(applyPatch(crlf, header + '@@ -2 +2 @@\n-b\r\n+c\r\n')).toBe('a\r\nc\r\n');
    expect(() => applyPatch(crlf, header + '@@ -2 +2 @@\n-b\n+c\n')).toThrow(/does not match line 2/);
  });

  it('handles a missing newline at the end of the file on either side', () => {
    expect(applyPatch('a\nb', header + '@@ -2 +2 @@\n-b\n\\ No newline at end of file\n+c\n')).toBe('a\nc\n');
    expect(applyPatch('a\nb\n', header + '@@ -2 +2 @@\n-b\n+c\n\\ No newline at end of file\n')).toBe('a\nc');
    expect(() => applyPatch('a\nb\n', header + '@@ -2 +2 @@\n-b\n\\ No newline at end of file\n+c\n')).toThrow(/does not match line 2/);
  });

  const refusals: [string, string, RegExp][] = [
    ['a hunk one line off (an offset patch would accept it)', '@@ -3,2 +3,2 @@\n def f():\n-    return 1\n+    return 10\n', /hunk 1 .* does not match line 3: expected "def f\(\):", found " {4}return 1"/],
    ['a context line that differs in whitespace only', '@@ -2,2 +2,2 @@\n def  f():\n-    return 1\n+    return 10\n', /does not match line 2/],
    ['a hunk past the end of the file', '@@ -7,2 +7,2 @@\n-x\n-y\n+z\n+w\n', /needs lines 7–8, but the file has 6 lines/],
    ['hunks out of order', '@@ -5,2 +5,2 @@\n def g():\n-    return 2\n+    return 3\n@@ -2,2 +2,2 @@\n def f():\n-    return 1\n+    return 10\n', /hunk 2 .* out of order/],
    ['a hunk shorter than its header says', '@@ -2,3 +2,3 @@\n def f():\n-    return 1\n+    return 10\n', /ends inside hunk 1/],
    ['a hunk longer than its header says', '@@ -2,1 +2,1 @@\n def f():\n-    return 1\n+    return 10\n', /not part of a unified diff|more old lines/],
    ['a hunk that changes nothing', '@@ -2,2 +2,2 @@\n def f():\n     return 1\n', /changes nothing/],
    ['text that is not a diff line', '@@ -3 +3 @@\n-    return 1\n+    return 10\nfoo\n', /not part of a unified diff: "foo"/],
  ];
  it.each(refusals)('refuses %s', (_what, hunks, message) => {
    expect(() => applyPatch(source, header + hunks)).toThrow(PatchError);
    expect(() => applyPatch(source, header + hunks)).toThrow(message);
  });

  it('refuses a diff that creates, deletes, or patches two files, or has no hunk', () => {
    expect(() => applyPatch('', '--- /dev/null\n+++ b/new.py\n@@ -0,0 +1 @@\n+x\n')).toThrow(/creates a new file/);
    expect(() => applyPatch(source, '--- a/utils.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-import re\n')).toThrow(/deletes the file/);
    expect(() => applyPatch(source, header + '@@ -1 +1 @@\n-import re\n+import os\n--- a/other.py\n+++ b/other.py\n@@ -1 +1 @@\n-a\n+b\n')).toThrow(/second file/);
    expect(() => applyPatch(source, header)).toThrow(/no hunk/);
    expect(() => applyPatch(source, '@@ -1 +1 @@\n-import re\n+import os\n')).toThrow(/before the "--- " and "\+\+\+ " header/);
  });
});
