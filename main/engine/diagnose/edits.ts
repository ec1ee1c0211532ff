// From exact edits of a source (cut here, put this) to the `replace` changes a Fix carries:
// whole lines, as few as possible, each found exactly where the recipe meant it. A reader
// sees the lines before and after; the fixes phase finds them again by text, so every `find`
// must occur the stated number of times when the changes are applied one after the other.
import type { Change } from '../../../shared/fix.ts';

export interface TextEdit {
  /** index in the original text; start === end inserts */
  start: number;
  end: number;
  text: string;
}

type ReplaceChange = Extract<Change, { kind: 'replace' }>;

export class EditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditError';
  }
}

/** Applies non-overlapping edits to `source`. */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at || e.end < e.start || e.end > source.length) throw new EditError(`edits overlap or leave the text (at ${e.start})`);
    out += source.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + source.slice(at);
}

/** Occurrences of `find` in `text`, without overlaps (as split() counts them). */
export function countOccurrences(text: string, find: string): number {
  return find === '' ? 0 : text.split(find).length - 1;
}

/** Applies `replace` changes in order, each only if `find` occurs exactly `occurrences`
 *  times at that point; throws an EditError naming the change otherwise. */
export function applyReplaceChanges(source: string, changes: readonly Pick<ReplaceChange, 'find' | 'replace' | 'occurrences'>[]): string {
  let text = source;
  changes.forEach((c, i) => {
    const n = countOccurrences(text, c.find);
    if (n !== c.occurrences) throw new EditError(`change ${i + 1}: its text occurs ${n} time${n === 1 ? '' : 's'}, expected ${c.occurrences}`);
    text = text.split(c.find).join(c.replace);
  });
  return text;
}

interface Region {
  /** first and last line (0-based) of the original the region covers */
  from: number;
  to: number;
  edits: TextEdit[];
}

/** The `replace` changes that turn `source` into applyEdits(source, edits). Each change
 *  covers whole lines; identical line changes are merged into one with `occurrences` when
 *  the lines occur nowhere else; other lines take the lines above them as context until
 *  their text is unique. */
export function editsToChanges(file: string, source: string, edits: readonly TextEdit[]): ReplaceChange[] {
  if (edits.length === 0) return [];
  const expected = applyEdits(source, edits);
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (index: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const lineEnd = (line: number) => (line + 1 < lineStarts.length ? lineStarts[line + 1]! - 1 : source.length);
  const findOf = (r: Region) => source.slice(lineStarts[r.from]!, lineEnd(r.to));
  const replaceOf = (r: Region) => {
    const base = lineStarts[r.from]!;
    return applyEdits(findOf(r), r.edits.map((e) => ({ ...e, start: e.start - base, end: e.end - base })));
  };

  let regions: Region[] = [...edits]
    .sort((a, b) => a.start - b.start)
    .map((e) => ({ from: lineOf(e.start), to: lineOf(Math.max(e.start, e.end - 1)), edits: [e] }));
  regions = mergeTouching(regions);

  // grow each region upwards (then downwards) until its lines are unique, unless every
  // occurrence of those lines gets the same change
  for (let guard = 0; guard < lineStarts.length * 2; guard++) {
    const byFind = new Map<string, Region[]>();
    for (const r of regions) byFind.set(findOf(r), [...(byFind.get(findOf(r)) ?? []), r]);
    let grew = false;
    for (const [find, group] of byFind) {
      const n = countOccurrences(source, find);
      const sameChange = group.every((r) => replaceOf(r) === replaceOf(group[0]!));
      if (n === 1 || (sameChange && n === group.length && find.trim() !== '')) continue;
      for (const r of group) {
        if (r.from > 0) r.from--;
        else if (r.to < lineStarts.length - 1) r.to++;
        else throw new EditError('cannot make the changed lines unique');
      }
      grew = true;
    }
    if (!grew) break;
    regions = mergeTouching(regions);
  }

  const changes: ReplaceChange[] = [];
  const seen = new Set<string>();
  for (const r of regions) {
    const find = findOf(r);
    if (seen.has(find)) continue;
    seen.add(find);
    changes.push({ kind: 'replace', file, find, replace: replaceOf(r), occurrences: countOccurrences(source, find) });
  }
  let applied: string;
  try {
    applied = applyReplaceChanges(source, changes);
  } catch (err) {
    throw new EditError(`the changes do not apply one after the other (${(err as Error).message})`);
  }
  if (applied !== expected) throw new EditError('the changes do not give the intended text');
  return changes;
}

function mergeTouching(regions: Region[]): Region[] {
  const sorted = [...regions].sort((a, b) => a.from - b.from);
  const out: Region[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    // overlapping regions become one; touching ones stay apart, so identical lines in
    // different places can still share one change
    if (last && r.from <= last.to) {
      last.to = Math.max(last.to, r.to);
      last.edits.push(...r.edits);
    } else out.push({ ...r, edits: [...r.edits] });
  }
  return out;
}
