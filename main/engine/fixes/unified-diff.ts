// A small unified-diff generator (Myers' O(ND) algorithm on lines), for the proposal card and
// the reports: it shows `replace` changes and patches alike, in the format `patch` reads.
import { splitKeepingEnds } from './lines.ts';

export interface DiffOptions {
  /** shown after `--- ` and `+++ ` */
  oldLabel: string;
  newLabel: string;
  /** lines of context around each change (default 3) */
  context?: number;
}

type Op = { kind: ' ' | '-' | '+'; line: string };

/** Beyond this many differing lines the middle is shown as one block replaced: still a valid
 *  diff, without the quadratic memory of tracing a huge edit. */
const MAX_EDIT_DISTANCE = 4_000;
const NO_NEWLINE = '\\ No newline at end of file';

/** The unified diff from `oldText` to `newText`; '' when they are equal. Lines keep their
 *  terminators, so a changed line end or a missing last newline shows. */
export function unifiedDiff(oldText: string, newText: string, options: DiffOptions): string {
  if (oldText === newText) return '';
  const ops = diffLines(splitKeepingEnds(oldText), splitKeepingEnds(newText));
  const out = [`--- ${options.oldLabel}`, `+++ ${options.newLabel}`];
  for (const hunk of hunks(ops, options.context ?? 3)) out.push(...hunk);
  return out.join('\n') + '\n';
}

function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const middle = myers(a.slice(start, endA), b.slice(start, endB));
  return [...a.slice(0, start).map((line): Op => ({ kind: ' ', line })), ...middle, ...a.slice(endA).map((line): Op => ({ kind: ' ', line }))];
}

function myers(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  if (max === 0) return [];
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= Math.min(max, MAX_EDIT_DISTANCE); d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b);
    }
  }
  return [...a.map((line): Op => ({ kind: '-', line })), ...b.map((line): Op => ({ kind: '+', line }))];
}

/** Walks the saved V arrays back from (n, m) to (0, 0). trace[d] holds V[-d-1 .. d+1] of step d. */
function backtrack(trace: Int32Array[], a: readonly string[], b: readonly string[]): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d]!;
    const at = (k: number) => v[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[--x]! });
      y--;
    }
    if (d === 0) break;
    if (x === prevX) ops.push({ kind: '+', line: b[--y]! });
    else ops.push({ kind: '-', line: a[--x]! });
  }
  return ops.reverse();
}

function hunks(ops: readonly Op[], context: number): string[][] {
  const out: string[][] = [];
  const changed = ops.map((op, i) => (op.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  let i = 0;
  while (i < changed.length) {
    // a group ends where the next change is further than two contexts away
    let j = i;
    while (j + 1 < changed.length && changed[j + 1]! - changed[j]! <= 2 * context) j++;
    const from = Math.max(0, changed[i]! - context);
    const to = Math.min(ops.length, changed[j]! + context + 1);
    out.push(hunk(ops, from, to));
    i = j + 1;
  }
  return out;
}

function hunk(ops: readonly Op[], from: number, to: number): string[] {
  let oldLine = 1;
  let newLine = 1;
  for (let i = 0; i < from; i++) {
    if (ops[i]!.kind !== '+') oldLine++;
    if (ops[i]!.kind !== '-') newLine++;
  }
  let oldCount = 0;
  let newCount = 0;
  const body: string[] = [];
  for (let i = from; i < to; i++) {
    const op = ops[i]!;
    if (op.kind !== '+') oldCount++;
    if (op.kind !== '-') newCount++;
    const ended = op.line.endsWith('\n');
    body.push(op.kind + (ended ? op.line.slice(0, -1) : op.line));
    if (!ended) body.push(NO_NEWLINE);
  }
  // an empty side starts at the line before (the unified format's convention)
  const range = (start: number, count: number) => `${count === 0 ? start - 1 : start}${count === 1 ? '' : `,${count}`}`;
  return [`@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@`, ...body];
}
