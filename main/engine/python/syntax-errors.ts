// Where tree-sitter could not parse: ERROR nodes and nodes it had to invent (MISSING).
// Only runs when the root says the tree has an error, and only descends into subtrees that
// contain one. A missing `_newline` is invisible to cursors, so when a subtree has an error
// but no child shows one, the error is placed at the end of the last child before the gap.
import type { Node, Tree } from 'web-tree-sitter';
import type { Findings } from './finding.ts';
import type { ParseText } from './parse-text.ts';

/** enough to show where it starts; later ones are usually knock-on effects */
const MAX_REPORTED = 20;

interface Site {
  row: number;
  column: number;
  /** last row of the region tree-sitter could not parse */
  endRow: number;
  message: string;
}

/**
 * @param explained rows where the scan already found an error CPython would stop at; an
 *   unparsable region containing one is its echo, not a second error
 */
export function reportSyntaxErrors(tree: Tree, parseText: ParseText, explained: ReadonlySet<number>, findings: Findings): void {
  if (!tree.rootNode.hasError) return;
  const sites: Site[] = [];
  collect(tree.rootNode, sites);
  const rows = new Set<number>();
  for (const e of sites) {
    // the unparsable region often ends just before the line that broke it
    if (rows.has(e.row) || [...explained].some((r) => r >= e.row && r <= e.endRow + 1)) continue;
    rows.add(e.row);
    findings.error('syntax-error', e.row, parseText.toSourceColumn(e.row, e.column), e.message);
    if (rows.size >= MAX_REPORTED) break;
  }
}

function collect(node: Node, out: Site[]): void {
  if (node.isError) {
    // recovery often wraps everything from an earlier statement on; the inner error is the real one
    const inner = node.children.filter((c) => c && (c.hasError || c.isMissing)) as Node[];
    if (inner.length > 0) inner.forEach((c) => collect(c, out));
    else out.push({ ...(node.firstChild ?? node).startPosition, endRow: node.endPosition.row, message: describeError(node) });
    return;
  }
  if (node.isMissing) {
    out.push({ ...node.startPosition, endRow: node.startPosition.row, message: `invalid syntax: missing ${describeMissing(node.type)}` });
    return;
  }
  let shown = false;
  for (const child of node.children) {
    if (child && (child.hasError || child.isMissing)) {
      collect(child, out);
      shown = true;
    }
  }
  if (!shown) {
    const at = node.lastChild?.endPosition ?? node.startPosition;
    out.push({ ...at, endRow: at.row, message: 'invalid syntax: this line does not end where it should (missing a newline, ";" or operator?)' });
  }
}

function describeError(node: Node): string {
  const text = node.text.split('\n')[0]!.trim();
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return shown ? `invalid syntax near "${shown}"` : 'invalid syntax';
}

function describeMissing(type: string): string {
  if (/^\W+$/.test(type)) return `"${type}"`;
  return type.replace(/_/g, ' ');
}
