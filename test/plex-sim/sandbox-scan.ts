// Plex's own load rule for Contents/Code/*.py, as far as the simulation needs it: RestrictedPython
// refuses any name that starts with "_" — bound or read — with
//   SyntaxError: Line N: "<name>" is an invalid variable name because it starts with "_"
// Attribute names (obj._x), `def __init__` in a class, the module path of `from _x import y`,
// a lone "_" and keyword names in calls are not refused (python-check.md §8).
export interface RestrictedName {
  line: number;
  name: string;
  message: string;
}

type Tok = { kind: 'name' | 'op' | 'string' | 'newline'; text: string; line: number };

const STRING_START = /^(?:[uUbB]?[rR]?|[rR][bB]?)("""|'''|"|')/;

export function tokenize(source: string): Tok[] {
  const toks: Tok[] = [];
  let line = 1;
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\n') {
      toks.push({ kind: 'newline', text: '\n', line });
      line++;
      i++;
    } else if (ch === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (ch === '\\' && source[i + 1] === '\n') {
      line++;
      i += 2;
    } else if (/\s/.test(ch)) {
      i++;
    } else {
      const str = STRING_START.exec(source.slice(i, i + 6));
      if (str) {
        const quote = str[1]!;
        const startLine = line;
        let j = i + str[0].length;
        for (;;) {
          if (j >= source.length) break;
          if (source[j] === '\\') {
            if (source[j + 1] === '\n') line++;
            j += 2;
            continue;
          }
          if (source.startsWith(quote, j)) {
            j += quote.length;
            break;
          }
          if (source[j] === '\n') {
            if (quote.length === 1) break; // unterminated: the compiler reports it, not us
            line++;
          }
          j++;
        }
        toks.push({ kind: 'string', text: source.slice(i, j), line: startLine });
        i = j;
        continue;
      }
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 256));
      if (name) {
        toks.push({ kind: 'name', text: name[0], line });
        i += name[0].length;
      } else {
        toks.push({ kind: 'op', text: ch, line });
        i++;
      }
    }
  }
  return toks;
}

/** The first name RestrictedPython would refuse, or undefined. */
export function findRestrictedName(source: string): RestrictedName | undefined {
  const toks = tokenize(source);
  let depth = 0;
  let fromModule = false;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    const prev = toks[k - 1];
    const next = toks[k + 1];
    if (t.kind === 'op') {
      if ('([{'.includes(t.text)) depth++;
      else if (')]}'.includes(t.text)) depth = Math.max(0, depth - 1);
      continue;
    }
    if (t.kind === 'newline') {
      if (depth === 0) fromModule = false;
      continue;
    }
    if (t.kind !== 'name') continue;
    if (t.text === 'from' && (prev === undefined || prev.kind === 'newline')) fromModule = true;
    if (t.text === 'import') fromModule = false;
    if (!t.text.startsWith('_') || t.text === '_') continue;
    if (prev?.kind === 'op' && prev.text === '.') continue;
    if (fromModule) continue;
    if (t.text === '__init__' && prev?.text === 'def') continue;
    if (depth > 0 && next?.text === '=' && toks[k + 2]?.text !== '=' && (prev?.text === '(' || prev?.text === ',')) continue;
    return { line: t.line, name: t.text, message: `Line ${t.line}: "${t.text}" is an invalid variable name because it starts with "_"` };
  }
  return undefined;
}
