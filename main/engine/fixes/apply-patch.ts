// A strict unified-diff applier: every hunk must match the file exactly at the line it names —
// no fuzz, no offset, no whitespace leniency. A patch that does not fit says which hunk, which
// line and what it expected, and nothing is changed. Works on byte strings (lines.ts).
import { splitKeepingEnds } from './lines.ts';

export class PatchError extends Error {}

interface Hunk {
  /** 1-based first old line (for an empty old side: the line after which to insert) */
  oldStart: number;
  oldCount: number;
  newCount: number;
  /** header line number in the diff, for messages */
  at: number;
  lines: { kind: ' ' | '-' | '+'; text: string }[];
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const NO_NEWLINE = '\\ No newline at end of file';

/** Applies `diff` (one file's unified diff) to `source`; throws PatchError when it does not fit. */
export function applyPatch(source: string, diff: string): string {
  const hunks = parseDiff(diff);
  const old = splitKeepingEnds(source);
  const out: string[] = [];
  let next = 0; // index of the next old line not yet copied
  for (const [n, h] of hunks.entries()) {
    const start = h.oldCount === 0 ? h.oldStart : h.oldStart - 1;
    if (start < next) throw new PatchError(`hunk ${n + 1} (diff line ${h.at}) overlaps the hunk before it or is out of order`);
    if (start + h.oldCount > old.length) {
      throw new PatchError(`hunk ${n + 1} (diff line ${h.at}) needs lines ${h.oldStart}–${h.oldStart + h.oldCount - 1}, but the file has ${old.length} lines`);
    }
    out.push(...old.slice(next, start));
    let at = start;
    for (const l of h.lines) {
      if (l.kind === '+') {
        out.push(l.text);
        continue;
      }
      if (old[at] !== l.text) {
        throw new PatchError(`hunk ${n + 1} (diff line ${h.at}) does not match line ${at + 1}: expected ${quote(l.text)}, found ${quote(old[at] ?? '')}`);
      }
      if (l.kind === ' ') out.push(l.text);
      at++;
    }
    next = at;
  }
  out.push(...old.slice(next));
  return out.join('');
}

function parseDiff(diff: string): Hunk[] {
  const lines = diff.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const hunks: Hunk[] = [];
  let sawOld = false;
  let current: Hunk | undefined;
  let oldLeft = 0;
  let newLeft = 0;
  for (const [i, raw] of lines.entries()) {
    const lineNo = i + 1;
    if (raw === NO_NEWLINE) {
      // the line before has no line end (in the file it comes from); matching checks where it sits
      const last = current?.lines.at(-1);
      if (!last || !last.text.endsWith('\n')) throw new PatchError(`diff line ${lineNo}: "${NO_NEWLINE}" without a line before it`);
      last.text = last.text.slice(0, -1);
      continue;
    }
    if (current && (oldLeft > 0 || newLeft > 0)) {
      // an empty line is an empty context line whose leading space an editor removed
      const kind = raw === '' ? ' ' : raw[0];
      if (kind !== ' ' && kind !== '-' && kind !== '+') throw new PatchError(`diff line ${lineNo}: hunk ${hunks.length} ends early (expected ${oldLeft} more old and ${newLeft} more new lines)`);
      if (kind !== '+' && oldLeft-- <= 0) throw new PatchError(`diff line ${lineNo}: hunk ${hunks.length} has more old lines than its header says`);
      if (kind !== '-' && newLeft-- <= 0) throw new PatchError(`diff line ${lineNo}: hunk ${hunks.length} has more new lines than its header says`);
      current.lines.push({ kind, text: raw.slice(1) + '\n' });
      continue;
    }
    if (raw === '') continue; // blank lines between hunks or at the end
    const m = HUNK.exec(raw);
    if (m) {
      if (!sawOld) throw new PatchError(`diff line ${lineNo}: a hunk before the "--- " and "+++ " header lines`);
      current = { oldStart: Number(m[1]), oldCount: m[2] === undefined ? 1 : Number(m[2]), newCount: m[4] === undefined ? 1 : Number(m[4]), at: lineNo, lines: [] };
      if (current.oldCount > 0 && current.oldStart === 0) throw new PatchError(`diff line ${lineNo}: a hunk cannot start at old line 0`);
      oldLeft = current.oldCount;
      newLeft = current.newCount;
      hunks.push(current);
      continue;
    }
    if (raw.startsWith('--- ')) {
      if (sawOld) throw new PatchError(`diff line ${lineNo}: a second file in the diff; a change may patch one file only`);
      if (/^--- \/dev\/null\b/.test(raw)) throw new PatchError(`diff line ${lineNo}: the diff creates a new file; a fix may only change existing files`);
      sawOld = true;
      continue;
    }
    if (raw.startsWith('+++ ')) {
      if (!sawOld || hunks.length > 0) throw new PatchError(`diff line ${lineNo}: a "+++ " line must follow the "--- " line`);
      if (/^\+\+\+ \/dev\/null\b/.test(raw)) throw new PatchError(`diff line ${lineNo}: the diff deletes the file; a fix may only change existing files`);
      continue;
    }
    if (hunks.length === 0 && !current && (raw.startsWith('diff ') || raw.startsWith('index ') || !sawOld)) continue; // git's and other tools' preamble
    throw new PatchError(`diff line ${lineNo}: not part of a unified diff: ${quote(raw)}`);
  }
  if (oldLeft > 0 || newLeft > 0) throw new PatchError(`the diff ends inside hunk ${hunks.length} (${oldLeft} old and ${newLeft} new lines missing)`);
  if (hunks.length === 0) throw new PatchError('the diff has no hunk ("@@ -l,n +l,n @@")');
  for (const [n, h] of hunks.entries()) {
    if (!h.lines.some((l) => l.kind !== ' ')) throw new PatchError(`hunk ${n + 1} (diff line ${h.at}) changes nothing`);
  }
  return hunks;
}

function quote(text: string): string {
  const shown = text.replace(/\n$/, '');
  return JSON.stringify(shown.length > 80 ? `${shown.slice(0, 77)}…` : shown);
}
