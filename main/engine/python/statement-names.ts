// `print` and `exec` are statements in Python 2.7, yet tree-sitter happily reads them as
// names and calls. A call at the start of a statement is still fine in Python 2
// (`print(x)` prints x, `exec(code)` runs code); anywhere else it is Python 3 only.
import type { Tree } from 'web-tree-sitter';
import type { Findings } from './finding.ts';
import type { ParseText } from './parse-text.ts';
import type { NameToken } from './tokenize.ts';
import { beginsStatement, isField, nodeAt } from './token-node.ts';

const PRINT_HINT = 'Python 2.7 reads print as a statement; add "from __future__ import print_function" at the top or write print "…".';

export function checkStatementNames(tree: Tree, parseText: ParseText, names: readonly NameToken[], futures: ReadonlySet<string>, sandbox: boolean, findings: Findings): void {
  for (const token of names) {
    if (token.name === 'print' && !futures.has('print_function')) checkPrint(tree, parseText, token, findings);
    else if (token.name === 'exec') checkExec(tree, parseText, token, sandbox, findings);
  }
}

function checkPrint(tree: Tree, parseText: ParseText, token: NameToken, findings: Findings): void {
  const node = nodeAt(tree, parseText, token);
  if (node?.type !== 'identifier') return; // the keyword of a print statement
  const parent = node.parent;
  const atStart = beginsStatement(node);
  if (parent?.type === 'call' && isField(node, 'function')) {
    const args = parent.childForFieldName('arguments');
    const items = args?.type === 'argument_list' ? args.namedChildren.filter((a) => a && a.type !== 'comment') : [];
    if (!atStart) {
      findings.error('py3-print-function', token.row, token.col, `print used as a function inside an expression. ${PRINT_HINT}`);
    } else if (items.some((a) => a?.type === 'keyword_argument' || a?.type === 'list_splat' || a?.type === 'dictionary_splat')) {
      findings.error('py3-print-function', token.row, token.col, `print(…) with keyword or * arguments is Python 3 only. ${PRINT_HINT}`);
    } else if (items.length >= 2) {
      findings.add('print-tuple', 'info', token.row, token.col, 'In Python 2.7 print(a, b) prints the tuple (a, b), with parentheses and quotes; write print a, b for plain output.');
    }
    return;
  }
  if (!atStart || (parent?.type === 'attribute' && isField(node, 'object'))) {
    findings.error('py3-print-function', token.row, token.col, `print used as a value. ${PRINT_HINT}`);
  }
}

function checkExec(tree: Tree, parseText: ParseText, token: NameToken, sandbox: boolean, findings: Findings): void {
  const node = nodeAt(tree, parseText, token);
  if (node?.type === 'identifier' && !(token.statementStart && beginsStatement(node))) {
    findings.error('py3-exec-function', token.row, token.col, '"exec" is a statement in Python 2.7; it cannot be used as a name or inside an expression.');
    return;
  }
  if (sandbox && token.statementStart) {
    findings.warning('restricted-exec', token.row, token.col, 'Plex\'s sandbox may refuse "exec" (RestrictedPython rejects it; no working agent uses it).');
  }
}
