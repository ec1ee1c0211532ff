// Edits → replace changes: whole lines, as few as possible, each found exactly where meant,
// and applying them one after the other gives the edited text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits, applyReplaceChanges, EditError, editsToChanges } from '../../../../main/engine/diagnose/edits.ts';

const F = 'A.bundle/Contents/Code/utils.py';
const at = (text: string, needle: string) => text.indexOf(needle);

describe('editsToChanges', () => {
  it('replaces the whole line of a unique edit', () => {
    const src = 'a = 1\nb = f(x)\nc = 3\n';
    const i = at(src, 'x') + 1;
    expect(editsToChanges(F, src, [{ start: i, end: i, text: ', k=2' }])).toEqual([{ kind: 'replace', file: F, find: 'b = f(x)', replace: 'b = f(x, k=2)', occurrences: 1 }]);
  });

  it('merges identical line changes into one with occurrences when the line occurs nowhere else', () => {
    const src = 'def a():\n    r = get(u)\ndef b():\n    r = get(u)\n';
    const edits = [...src.matchAll(/get\(u/g)].map((m) => ({ start: m.index + 5, end: m.index + 5, text: ', h=H' }));
    expect(editsToChanges(F, src, edits)).toEqual([{ kind: 'replace', file: F, find: '    r = get(u)', replace: '    r = get(u, h=H)', occurrences: 2 }]);
  });

  it('takes the lines above as context when only some occurrences change', () => {
    const src = 'def a():\n    r = get(u)\ndef b():\n    r = get(u)\n';
    const i = src.lastIndexOf('get(u') + 5;
    expect(editsToChanges(F, src, [{ start: i, end: i, text: ', h=H' }])).toEqual([{ kind: 'replace', file: F, find: 'def b():\n    r = get(u)', replace: 'def b():\n    r = get(u, h=H)', occurrences: 1 }]);
  });

  it('inserts new lines after an anchor line, keeping CRLF files CRLF', () => {
    const src = 'x = 1\r\ny = 2\r\n';
    const i = at(src, '\r\ny');
    expect(editsToChanges(F, src, [{ start: i, end: i, text: '\r\nz = 3' }])).toEqual([{ kind: 'replace', file: F, find: 'x = 1\r', replace: 'x = 1\r\nz = 3\r', occurrences: 1 }]);
  });

  it('gives changes that apply one after the other to exactly the edited text (any edits)', () => {
    const line = fc.stringMatching(/^[a-c ]{0,6}$/);
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.stringMatching(/^[a-d\n]{0,4}$/)), { maxLength: 4 }), (lines, raw) => {
        const src = lines.join('\n') + '\n';
        const edits: { start: number; end: number; text: string }[] = [];
        let from = 0;
        for (const [s, len, text] of raw.map(([s, l, t]) => [s % (src.length + 1), l, t] as const).sort((a, b) => a[0] - b[0])) {
          const start = Math.max(s, from);
          if (start > src.length) break;
          const end = Math.min(src.length, start + len);
          edits.push({ start, end, text });
          from = end + 1;
        }
        const expected = applyEdits(src, edits);
        let changes;
        try {
          changes = editsToChanges(F, src, edits);
        } catch (err) {
          // a text too repetitive to locate uniquely is refused, never mis-edited
          expect(err).toBeInstanceOf(EditError);
          return;
        }
        expect(applyReplaceChanges(src, changes)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('applyReplaceChanges', () => {
  it('refuses a change whose text occurs another number of times than it says', () => {
    expect(() => applyReplaceChanges('x\nx\n', [{ find: 'x', replace: 'y', occurrences: 1 }])).toThrow('change 1: its text occurs 2 times, expected 1');
  });
});
