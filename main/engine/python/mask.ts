// Python 2 code that tree-sitter's Python 3 grammar cannot parse as written, made parseable
// by an equal-length copy (python-check.md §4.3): `exec <expr>` at a statement start becomes
// `not  <expr>` (the `in` of `exec code in ns` then reads as a comparison), and names that are
// keywords only in Python 3 become plain names of the same length. Positions do not move, so
// everything found in the masked tree is reported at the right place.
import type { ParseText } from './parse-text.ts';
import type { NameToken } from './tokenize.ts';

const RENAMED: Record<string, string> = { async: 'xsync', await: 'xwait', nonlocal: 'xonlocal', True: 'Xrue', False: 'Xalse' };

/** The masked text, or undefined when there is nothing to mask. */
export function maskPython2(parseText: ParseText, names: readonly NameToken[]): string | undefined {
  const text = parseText.text;
  const replacements: { index: number; text: string }[] = [];
  for (const token of names) {
    const index = parseText.toParseIndex(token.index);
    // what follows on the same line decides whether the word is used as a keyword
    const after = /^[ \t]*([^\n]*)/.exec(text.slice(index + token.name.length, index + token.name.length + 80))![1]!;
    if (token.name === 'exec') {
      if (token.statementStart) replacements.push({ index, text: 'not ' });
    } else if (token.name === 'async') {
      if (!/^(def|for|with)\b/.test(after)) replacements.push({ index, text: RENAMED.async! });
    } else if (token.name === 'await') {
      // `await x` is Python 3's await (flagged as such); only a bare name needs masking
      if (!/^[\w'"([{`]/.test(after)) replacements.push({ index, text: RENAMED.await! });
    } else if (token.name === 'nonlocal') {
      if (!(token.statementStart && /^[A-Za-z_]/.test(after))) replacements.push({ index, text: RENAMED.nonlocal! });
    } else if (token.name in RENAMED) {
      replacements.push({ index, text: RENAMED[token.name]! });
    }
  }
  if (replacements.length === 0) return undefined;
  const parts: string[] = [];
  let from = 0;
  for (const r of replacements) {
    parts.push(text.slice(from, r.index), r.text);
    from = r.index + r.text.length;
  }
  parts.push(text.slice(from));
  return parts.join('');
}
