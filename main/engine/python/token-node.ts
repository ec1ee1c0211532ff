// From a name the scan found to the tree node at the same place, and the question several
// rules ask about it: does this name begin its statement?
import type { Node, Tree } from 'web-tree-sitter';
import type { ParseText } from './parse-text.ts';
import type { NameToken } from './tokenize.ts';

export function nodeAt(tree: Tree, parseText: ParseText, token: NameToken): Node | null {
  const index = parseText.toParseIndex(token.index);
  return tree.rootNode.descendantForIndex(index, index + token.name.length);
}

/** true when `node` is the first thing of an expression statement (`print(x)`, `exec(code)`) */
export function beginsStatement(node: Node): boolean {
  for (let a = node.parent; a && a.startIndex === node.startIndex; a = a.parent) {
    if (a.type === 'expression_statement') return true;
  }
  return false;
}

/** true when `node` is the `field` child of its parent */
export function isField(node: Node, field: string): boolean {
  const target = node.parent?.childForFieldName(field);
  return target !== null && target !== undefined && target.startIndex === node.startIndex && target.endIndex === node.endIndex;
}
