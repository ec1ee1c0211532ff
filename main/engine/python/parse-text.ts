// The text tree-sitter parses, derived from the decoded source with positions mapped back.
// Two differences from the source, both invisible to a reader:
// - a lone CR becomes LF (CPython ends a line there; tree-sitter would see a space);
// - where tree-sitter would measure a logical line's indentation differently from CPython
//   (it counts a tab as +8, CPython goes to the next multiple of 8), that indentation is
//   rewritten as CPython's column in spaces, so both agree which block a line belongs to.
import type { LogicalLine } from './tokenize.ts';

interface Edit {
  row: number;
  /** index in the source */
  start: number;
  oldLength: number;
  newLength: number;
  /** sum of (newLength - oldLength) of this and all earlier edits */
  shiftAfter: number;
}

export class ParseText {
  readonly text: string;
  private readonly edits: Edit[];
  private readonly editByRow: Map<number, Edit>;

  constructor(source: string, lines: readonly LogicalLine[]) {
    const edits: Edit[] = [];
    let shift = 0;
    for (const line of lines) {
      if (line.parserWidth === line.col) continue;
      const oldLength = line.indentEnd - line.lineStart;
      shift += line.col - oldLength;
      edits.push({ row: line.row, start: line.lineStart, oldLength, newLength: line.col, shiftAfter: shift });
    }
    let text = source;
    if (edits.length > 0) {
      const parts: string[] = [];
      let from = 0;
      for (const e of edits) {
        parts.push(source.slice(from, e.start), ' '.repeat(e.newLength));
        from = e.start + e.oldLength;
      }
      parts.push(source.slice(from));
      text = parts.join('');
    }
    this.text = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
    this.edits = edits;
    this.editByRow = new Map(edits.map((e) => [e.row, e]));
  }

  /** index in the parse text of a source index that is not inside rewritten indentation */
  toParseIndex(sourceIndex: number): number {
    let lo = 0;
    let hi = this.edits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.edits[mid]!.start < sourceIndex) lo = mid + 1;
      else hi = mid;
    }
    return sourceIndex + (lo > 0 ? this.edits[lo - 1]!.shiftAfter : 0);
  }

  /** source column of a parse-text position */
  toSourceColumn(row: number, column: number): number {
    const e = this.editByRow.get(row);
    if (!e) return column;
    return column >= e.newLength ? column - e.newLength + e.oldLength : Math.min(column, e.oldLength);
  }

  /** parse-text column of a source position */
  toParseColumn(row: number, column: number): number {
    const e = this.editByRow.get(row);
    if (!e) return column;
    return column >= e.oldLength ? column - e.oldLength + e.newLength : Math.min(column, e.newLength);
  }
}
