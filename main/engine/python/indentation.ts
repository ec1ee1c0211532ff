// CPython 2.7's indentation rules over the logical lines of the scan (python-check.md §6).
// tree-sitter checks none of this: it accepts unexpected indents, missing blocks and
// unindents to a column no block started at. Like CPython, the pass stops at the first error.
import type { Findings } from './finding.ts';
import type { LogicalLine } from './tokenize.ts';

/** statements that open a block and so must end in ":" */
const BLOCK_OPENERS = new Set(['if', 'elif', 'else', 'for', 'while', 'def', 'class', 'try', 'except', 'finally', 'with']);

export function checkIndentation(lines: readonly LogicalLine[], findings: Findings): void {
  const cols = [0];
  const altcols = [0];
  const mixed: LogicalLine[] = [];
  let previous: LogicalLine | undefined;
  for (const line of lines) {
    const top = cols[cols.length - 1]!;
    const altTop = altcols[altcols.length - 1]!;
    if (previous?.endsWithColon) {
      if (line.col <= top) {
        findings.error('indentation', line.row, line.indentEnd - line.lineStart, `Expected an indented block after the ":" on line ${previous.row + 1}.`);
        return reportMixed(mixed, findings);
      }
      if (line.altcol <= altTop) mixed.push(line);
      cols.push(line.col);
      altcols.push(line.altcol);
    } else if (line.col > top) {
      if (previous && BLOCK_OPENERS.has(previous.firstWord) && !previous.hasColon) {
        // CPython stops at the end of the header, before it ever sees the indent
        findings.error('syntax-error', previous.endRow, previous.endCol, `invalid syntax: "${previous.firstWord}" line without ":" at its end`);
      } else {
        findings.error('indentation', line.row, line.indentEnd - line.lineStart, 'Unexpected indent: this line is indented deeper than the block it belongs to.');
      }
      return reportMixed(mixed, findings);
    } else {
      while (cols.length > 1 && line.col < cols[cols.length - 1]!) {
        cols.pop();
        altcols.pop();
      }
      if (line.col !== cols[cols.length - 1]) {
        findings.error('indentation', line.row, line.indentEnd - line.lineStart, 'Unindent does not match any outer indentation level: no block above starts at this column.');
        return reportMixed(mixed, findings);
      }
      if (line.altcol !== altcols[altcols.length - 1]) mixed.push(line);
    }
    previous = line;
  }
  if (previous?.endsWithColon) {
    findings.error('indentation', previous.row, previous.indentEnd - previous.lineStart, 'Expected an indented block after this line, but the file ends.');
  }
  reportMixed(mixed, findings);
}

/** One warning for the whole file: Python 2.7 only refuses the mix under `-tt`. */
function reportMixed(mixed: readonly LogicalLine[], findings: Findings): void {
  const first = mixed[0];
  if (!first) return;
  const more = mixed.length > 1 ? ` (${mixed.length} lines; this is the first)` : '';
  findings.warning('tab-space-mix', first.row, 0, `Inconsistent use of tabs and spaces in indentation${more}. Python 2.7 accepts it, but indent with spaces only to be safe.`);
}
