// Where tree-sitter could not parse: ERROR nodes and nodes it had to invent (MISSING).
// Only runs when the root says the tree has an error, and only descends into subtrees that
// contain one. A missing `_newline` is invisible to cursors, so when a subtree has an error
// but no child shows one, the error is placed at the end of the last child before the gap.
import type { Node, Tree } from 'web-tree-sitter';
import type { Findings } from './finding.ts';
import type { ParseText } from './parse-text.ts';

/** enough to show where it starts; later ones are usually knock-on effects */
const MAX_REPORTED = 20;

export function reportSyntaxErrors(tree: Tree, parseText: ParseText, findings: Findings): void {
  if (!tree.rootNode.hasError) return;
  const found: { row: number; column: number; message: string }[] = [];
  collect(tree.rootNode, found);
  const rows = new Set<number>();
  for (const e of found) {
    if (rows.has(e.row)) continue;
    rows.add(e.row);
    findings.error('syntax-error', e.row, parseText.toSourceColumn(e.row, e.column), e.message);
    if (rows.size >= MAX_REPORTED) break;
  }
}

function collect(node: Node, out: { row: number; column: number; message: string }[]): void {
  if (node.isError) {
    out.push({ ...node.startPosition, message: describeError(node) });
    return;
  }
  if (node.isMissing) {
    out.push({ ...node.startPosition, message: `invalid syntax: missing ${describeMissing(node.type)}` });
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
    out.push({ ...at, message: 'invalid syntax: this line does not end where it should (missing a newline, ";" or operator?)' });
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
