// Unified diffs as the proposal card shows them, each line tagged so added and removed lines
// can be coloured. Hunk headers carry line counts, and they decide what a line is: a removed
// line whose text starts with "--" is never taken for a file header.
export type DiffLineKind = 'header' | 'hunk' | 'add' | 'remove' | 'context' | 'note';
export interface DiffLine {
  kind: DiffLineKind;
  text: string;
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

export function diffLines(diff: string): DiffLine[] {
  const lines = diff.replace(/\r\n/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const out: DiffLine[] = [];
  let oldLeft = 0;
  let newLeft = 0;
  for (const text of lines) {
    if (text.startsWith('\\')) {
      out.push({ kind: 'note', text }); // "\ No newline at end of file"
      continue;
    }
    if (oldLeft <= 0 && newLeft <= 0) {
      const hunk = HUNK.exec(text);
      if (hunk) {
        // an omitted count means one line
        oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
        newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      }
      out.push({ kind: hunk ? 'hunk' : 'header', text });
      continue;
    }
    if (text.startsWith('+')) {
      out.push({ kind: 'add', text });
      newLeft -= 1;
    } else if (text.startsWith('-')) {
      out.push({ kind: 'remove', text });
      oldLeft -= 1;
    } else {
      // a context line; some tools strip its leading space from empty lines
      out.push({ kind: 'context', text });
      oldLeft -= 1;
      newLeft -= 1;
    }
  }
  return out;
}
