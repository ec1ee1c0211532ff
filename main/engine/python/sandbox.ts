// Plex compiles each module of a bundle's Contents/Code/ with its fork of RestrictedPython
// (python-check.md §8). A name starting with "_" kills the plug-in at load time:
//   SyntaxError: Line 104: "__file__" is an invalid variable name because it starts with "_"
// Attribute names are fine (agents call obj.__str__()), as is `def __init__` in a class.
import type { Node, Tree } from 'web-tree-sitter';
import type { Findings } from './finding.ts';
import type { ParseText } from './parse-text.ts';
import type { NameToken } from './tokenize.ts';
import { isField, nodeAt } from './token-node.ts';

const DUNDER = /^__\w+__$/;

type Verdict = 'error' | 'allowed' | 'dunder-method' | 'keyword';

export function checkSandbox(tree: Tree, parseText: ParseText, names: readonly NameToken[], findings: Findings): void {
  for (const token of names) {
    const { name, row, col } = token;
    if (name === 'printed') {
      if (nodeAt(tree, parseText, token)?.parent?.type !== 'attribute') {
        findings.warning('restricted-printed', row, col, 'Plex\'s sandbox may treat "printed" as reserved (RestrictedPython does); pick another name.');
      }
      continue;
    }
    if (name.charCodeAt(0) !== 95) continue;
    const verdict = judge(nodeAt(tree, parseText, token));
    if (verdict === 'allowed') continue;
    if (name === '_') {
      findings.warning('restricted-underscore', row, col, 'The name "_" is allowed by RestrictedPython, but Plex\'s sandbox is unverified; a plain name is safer.');
    } else if (verdict === 'error') {
      findings.error('restricted-name', row, col, `Line ${row + 1}: "${name}" is an invalid variable name because it starts with "_" (Plex's sandbox refuses to load the plug-in; rename it without the leading "_")`);
    } else if (verdict === 'dunder-method') {
      findings.warning('restricted-dunder-method', row, col, `Method "${name}" starts with "_"; Plex accepts "__init__", but other such methods are unverified in its sandbox.`);
    } else {
      findings.warning('restricted-keyword-name', row, col, `Keyword argument "${name}" starts with "_"; RestrictedPython allows it, Plex's sandbox is unverified.`);
    }
  }
}

/** What RestrictedPython's checkName would make of the name at this node. */
function judge(node: Node | null): Verdict {
  if (!node) return 'error';
  if (node.type === '__future__') return 'allowed';
  if (node.type !== 'identifier') return 'error'; // e.g. inside backticks: still a name read
  const parent = node.parent;
  if (!parent) return 'error';
  switch (parent.type) {
    case 'attribute':
      return isField(node, 'attribute') ? 'allowed' : 'error';
    case 'keyword_argument':
      return isField(node, 'name') ? 'keyword' : 'error';
    case 'global_statement':
      return 'allowed'; // RestrictedPython does not check `global`; every use of the name is checked
    case 'dotted_name':
      return importedName(node, parent);
    case 'function_definition':
      if (isField(node, 'name') && inClassBody(parent) && DUNDER.test(node.text)) return node.text === '__init__' ? 'allowed' : 'dunder-method';
      return 'error';
    default:
      return 'error';
  }
}

/** Only the names an import binds are checked: `from _x import y` and `import a._b` are fine. */
function importedName(node: Node, dotted: Node): Verdict {
  const holder = dotted.parent;
  if (!holder || holder.type === 'relative_import') return 'allowed';
  if ((holder.type === 'import_from_statement' || holder.type === 'future_import_statement') && isField(dotted, 'module_name')) return 'allowed';
  return dotted.firstChild?.startIndex === node.startIndex ? 'error' : 'allowed';
}

function inClassBody(def: Node): boolean {
  let container = def.parent;
  if (container?.type === 'decorated_definition') container = container.parent;
  return container?.type === 'block' && container.parent?.type === 'class_definition';
}
