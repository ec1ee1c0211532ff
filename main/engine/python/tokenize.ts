// A scan of the source that follows CPython 2.7's tokenizer (Parser/tokenizer.c) closely
// enough to answer what tree-sitter cannot: where logical lines start and how deep they are
// indented (tabs go to the next multiple of 8), which regions are code rather than strings
// or comments, and the lexical mistakes the grammar lets through (string prefixes, number
// forms, characters Python 2 never accepted). It never builds a full token list: only the
// few names the later rules ask about are kept.
import type { Findings } from './finding.ts';

export interface LogicalLine {
  row: number;
  /** index of the row's first character */
  lineStart: number;
  /** index of the first token (end of the indentation) */
  indentEnd: number;
  /** CPython's column: a tab goes to the next multiple of 8, a form feed resets */
  col: number;
  /** the same with tabs counted as 1 (CPython's consistency check) */
  altcol: number;
  /** what tree-sitter's scanner counts: a tab is +8 */
  parserWidth: number;
  /** last token of the logical line is `:` — a block must follow */
  endsWithColon: boolean;
  /** the name the line starts with (`if`, `def`, `x`…), or '' */
  firstWord: string;
  /** a `:` outside brackets somewhere on the line (a header, or a one-line block) */
  hasColon: boolean;
  /** just after the last token: where a missing `:` would go */
  endRow: number;
  endCol: number;
}

/** A name the rules care about, at a position in code (not in a string or comment). */
export interface NameToken {
  name: string;
  index: number;
  row: number;
  col: number;
  /** first token of a simple statement (line start, after `;`, after a block's `:`) */
  statementStart: boolean;
}

/** A non-raw string whose escapes Python 2.7 rejects; which message applies depends on
 *  whether the literal is unicode, and that may hang on `unicode_literals`. */
export interface EscapeProblem {
  row: number;
  col: number;
  kind: 'bytes' | 'unicode' | 'default';
  bytesMessage: string | undefined;
  unicodeMessage: string | undefined;
}

export interface Scan {
  lines: LogicalLine[];
  names: NameToken[];
  escapes: EscapeProblem[];
  /** the first error after which CPython's tokenizer gives up (later syntax errors are noise) */
  fatal: { row: number; col: number } | undefined;
}

const KEPT_NAMES = new Set(['exec', 'print', 'async', 'await', 'nonlocal', 'True', 'False', 'printed']);
const PY2_STRING_PREFIX = /^[uUbB]?[rR]?$/;
const STRING_PREFIX_CHARS = /^[rRbBuUfFtT]{1,3}$/;

// character codes
const TAB = 9;
const NEWLINE = 10;
const FORM_FEED = 12;
const RETURN = 13;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const APOSTROPHE = 39;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const SEMICOLON = 59;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const UNDERSCORE = 95;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

const isAsciiNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === UNDERSCORE;
const isAsciiNameChar = (c: number) => isAsciiNameStart(c) || (c >= ZERO && c <= NINE);
const isDigit = (c: number) => c >= ZERO && c <= NINE;
const isHex = (c: number) => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
const NON_ASCII_NAME = /[\p{ID_Continue}]/u;
const MATCHING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

export function scanSource(text: string, findings: Findings): Scan {
  return new Scanner(text, findings).run();
}

class Scanner {
  private i = 0;
  private row = 0;
  private lineStart = 0;
  private level = 0;
  private statementStart = true;
  private lastWasColon = false;
  private current: LogicalLine | undefined;
  private readonly lines: LogicalLine[] = [];
  private readonly names: NameToken[] = [];
  private readonly escapes: EscapeProblem[] = [];
  private fatal: { row: number; col: number } | undefined;
  private nulReported = false;
  /** brackets still open, innermost last */
  private readonly open: { char: string; row: number; col: number }[] = [];

  private readonly s: string;
  private readonly findings: Findings;

  constructor(s: string, findings: Findings) {
    this.s = s;
    this.findings = findings;
  }

  run(): Scan {
    const s = this.s;
    const n = s.length;
    let atLineStart = true;
    while (this.i < n) {
      if (atLineStart) {
        atLineStart = false;
        if (this.beginLine()) {
          atLineStart = true;
          continue;
        }
      }
      const c = s.charCodeAt(this.i);
      if (c === SPACE || c === TAB || c === FORM_FEED) {
        this.i++;
      } else if (c === NEWLINE || c === RETURN) {
        this.newline();
        if (this.level === 0) this.endLogicalLine();
        atLineStart = true;
      } else if (c === HASH) {
        this.skipComment();
      } else if (c === BACKSLASH) {
        this.continuation();
      } else if (c === QUOTE || c === APOSTROPHE) {
        this.string(this.i, '');
      } else if (isAsciiNameStart(c) || (c > 127 && NON_ASCII_NAME.test(s[this.i]!))) {
        this.name();
      } else if (isDigit(c) || (c === DOT && isDigit(s.charCodeAt(this.i + 1)))) {
        this.number();
      } else {
        this.operator(c);
      }
    }
    if (this.level === 0) this.endLogicalLine();
    const unclosed = this.open[this.open.length - 1];
    if (unclosed) this.error('syntax-error', 0, `This "${unclosed.char}" is never closed.`, true, unclosed.row, unclosed.col);
    return { lines: this.lines, names: this.names, escapes: this.escapes, fatal: this.fatal };
  }

  /** Measures the indentation at the start of a physical line. Returns true for a blank or
   *  comment-only line (consumed entirely), which CPython ignores for indentation. */
  private beginLine(): boolean {
    const s = this.s;
    let j = this.i;
    let col = 0;
    let altcol = 0;
    let parserWidth = 0;
    for (;;) {
      const c = s.charCodeAt(j);
      if (c === SPACE) {
        col++;
        altcol++;
        parserWidth++;
      } else if (c === TAB) {
        col = (Math.floor(col / 8) + 1) * 8;
        altcol++;
        parserWidth += 8;
      } else if (c === FORM_FEED) {
        col = altcol = parserWidth = 0;
      } else break;
      j++;
    }
    const c = s.charCodeAt(j);
    if (j >= s.length || c === HASH || c === NEWLINE || c === RETURN) {
      this.i = j;
      if (c === HASH) this.skipComment();
      if (this.i < s.length) this.newline();
      return true;
    }
    this.i = j;
    if (this.level === 0) {
      const firstWord = /^[A-Za-z_]\w*/.exec(s.slice(j, j + 16))?.[0] ?? '';
      this.current = { row: this.row, lineStart: this.lineStart, indentEnd: j, col, altcol, parserWidth, endsWithColon: false, firstWord, hasColon: false, endRow: this.row, endCol: j - this.lineStart };
      this.lines.push(this.current);
      this.statementStart = true;
    }
    return false;
  }

  private endLogicalLine(): void {
    if (this.current) this.current.endsWithColon = this.lastWasColon;
    this.current = undefined;
    this.lastWasColon = false;
  }

  /** consumes one newline (\n, \r\n or a lone \r) */
  private newline(): void {
    if (this.s.charCodeAt(this.i) === RETURN && this.s.charCodeAt(this.i + 1) === NEWLINE) this.i++;
    this.i++;
    this.row++;
    this.lineStart = this.i;
  }

  private skipComment(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === NEWLINE || c === RETURN) break;
      if (c === 0) this.nul();
      this.i++;
    }
  }

  private continuation(): void {
    const next = this.s.charCodeAt(this.i + 1);
    if (next === NEWLINE || next === RETURN) {
      this.i++;
      this.newline();
      return;
    }
    if (this.i + 1 >= this.s.length) {
      this.i++;
      return;
    }
    this.error('syntax-error', this.i, 'unexpected character after line continuation character "\\"', true);
    this.i++;
  }

  /** called once a token is consumed (this.i is just past it) */
  private token(isColon: boolean): void {
    this.statementStart = false;
    this.lastWasColon = isColon;
    if (this.current) {
      this.current.endRow = this.row;
      this.current.endCol = this.i - this.lineStart;
    }
  }

  private name(): void {
    const s = this.s;
    const start = this.i;
    let nonAscii = false;
    let j = start;
    for (;;) {
      const c = s.charCodeAt(j);
      if (isAsciiNameChar(c)) j++;
      else if (c > 127 && j < s.length && NON_ASCII_NAME.test(s[j]!)) {
        nonAscii = true;
        j++;
      } else break;
    }
    const name = s.slice(start, j);
    const next = s.charCodeAt(j);
    if ((next === QUOTE || next === APOSTROPHE) && STRING_PREFIX_CHARS.test(name)) {
      this.i = j;
      this.string(start, name);
      return;
    }
    this.i = j;
    if (nonAscii) {
      this.findings.error('py3-non-ascii-name', this.row, start - this.lineStart, `The name "${name}" has non-ASCII letters; Python 2.7 names are ASCII only.`);
    } else if (name.charCodeAt(0) === UNDERSCORE || KEPT_NAMES.has(name)) {
      this.names.push({ name, index: start, row: this.row, col: start - this.lineStart, statementStart: this.statementStart });
    }
    this.token(false);
  }

  private number(): void {
    const s = this.s;
    const start = this.i;
    let j = start;
    const lower = (k: number) => s.charCodeAt(k) | 0x20;
    let isFloat = false;
    if (s.charCodeAt(j) === ZERO && (lower(j + 1) === 120 || lower(j + 1) === 111 || lower(j + 1) === 98)) {
      j += 2;
      while (isHex(s.charCodeAt(j)) || s.charCodeAt(j) === UNDERSCORE) j++;
    } else {
      while (isDigit(s.charCodeAt(j)) || s.charCodeAt(j) === UNDERSCORE) j++;
      if (s.charCodeAt(j) === DOT) {
        isFloat = true;
        j++;
        while (isDigit(s.charCodeAt(j)) || s.charCodeAt(j) === UNDERSCORE) j++;
      }
      if (lower(j) === 101 && (isDigit(s.charCodeAt(j + 1)) || ((s[j + 1] === '+' || s[j + 1] === '-') && isDigit(s.charCodeAt(j + 2))))) {
        isFloat = true;
        j += 2;
        while (isDigit(s.charCodeAt(j)) || s.charCodeAt(j) === UNDERSCORE) j++;
      }
      if (lower(j) === 106) {
        isFloat = true;
        j++;
      }
    }
    if (lower(j) === 108) j++;
    const text = s.slice(start, j);
    const col = start - this.lineStart;
    if (text.includes('_')) {
      this.findings.error('py3-number-underscore', this.row, col, `The number "${text}" uses "_" between digits, which is Python 3.6+ only.`);
    } else if (!isFloat && /^0\d*[89]/.test(text)) {
      this.findings.error('invalid-octal', this.row, col, `"${text}" is not a valid number in Python 2.7 (a leading 0 means octal, which has no 8 or 9).`);
    }
    this.i = j;
    this.token(false);
  }

  private operator(c: number): void {
    if (c === 0) this.nul();
    else if (c === OPEN_PAREN || c === OPEN_BRACKET || c === OPEN_BRACE) this.opening(c);
    else if (c === CLOSE_PAREN || c === CLOSE_BRACKET || c === CLOSE_BRACE) this.closing(c);
    const atTopLevel = this.level === 0;
    this.i += c > 127 ? this.invalidCharacter() : 1;
    this.token(c === COLON && atTopLevel);
    if (c === COLON && atTopLevel && this.current) this.current.hasColon = true;
    if ((c === SEMICOLON || c === COLON) && atTopLevel) this.statementStart = true;
  }

  private opening(c: number): void {
    this.level++;
    this.open.push({ char: String.fromCharCode(c), row: this.row, col: this.i - this.lineStart });
  }

  private closing(c: number): void {
    const closer = String.fromCharCode(c);
    const opener = this.open.pop();
    this.level = Math.max(0, this.level - 1);
    if (!opener) {
      this.error('syntax-error', this.i, `This "${closer}" closes nothing.`, true);
    } else if (MATCHING[opener.char] !== closer) {
      this.error('syntax-error', this.i, `This "${closer}" does not match the "${opener.char}" opened on line ${opener.row + 1}.`, true);
    }
  }

  /** reports the character and returns its length in UTF-16 units */
  private invalidCharacter(): number {
    const cp = this.s.codePointAt(this.i)!;
    const code = cp.toString(16).toUpperCase().padStart(4, '0');
    this.error('syntax-error', this.i, `invalid character U+${code} outside a string or comment (often a pasted non-breaking or zero-width space)`, true);
    return cp > 0xffff ? 2 : 1;
  }

  private nul(): void {
    if (this.nulReported) return;
    this.nulReported = true;
    this.error('null-byte', this.i, 'The file contains a NUL byte; Python 2.7 refuses to compile it.', false);
  }

  /** `start` is where the prefix (if any) begins; this.i is at the opening quote. */
  private string(start: number, prefix: string): void {
    const s = this.s;
    const row = this.row;
    const col = start - this.lineStart;
    if (prefix && !PY2_STRING_PREFIX.test(prefix)) this.badPrefix(prefix, row, col);
    const raw = /[rR]/.test(prefix);
    const quote = s.charCodeAt(this.i);
    const triple = s.charCodeAt(this.i + 1) === quote && s.charCodeAt(this.i + 2) === quote;
    let j = this.i + (triple ? 3 : 1);
    let bytesMessage: string | undefined;
    let unicodeMessage: string | undefined;
    for (;;) {
      if (j >= s.length) {
        this.i = j;
        this.error('syntax-error', start, triple ? 'this triple-quoted string is never closed' : 'this string is not closed before the end of the line (EOL while scanning string literal)', true, row, col);
        return;
      }
      const c = s.charCodeAt(j);
      if (c === quote && (!triple || (s.charCodeAt(j + 1) === quote && s.charCodeAt(j + 2) === quote))) {
        j += triple ? 3 : 1;
        break;
      }
      if (c === BACKSLASH) {
        const e = s.charCodeAt(j + 1);
        if (!raw) {
          const problem = escapeProblem(s, j);
          bytesMessage ??= problem.bytes;
          unicodeMessage ??= problem.unicode;
        }
        if (e === NEWLINE || e === RETURN) {
          this.i = j + 1;
          this.newline();
          j = this.i;
        } else j += 2;
        continue;
      }
      if (c === NEWLINE || c === RETURN) {
        if (!triple) {
          this.i = j;
          this.error('syntax-error', start, 'this string is not closed before the end of the line (EOL while scanning string literal)', true, row, col);
          return;
        }
        this.i = j;
        this.newline();
        j = this.i;
        continue;
      }
      if (c === 0) {
        this.i = j;
        this.nul();
      }
      j++;
    }
    this.i = j;
    if (bytesMessage || unicodeMessage) {
      const kind = /[uU]/.test(prefix) ? 'unicode' : /[bB]/.test(prefix) ? 'bytes' : 'default';
      this.escapes.push({ row, col, kind, bytesMessage, unicodeMessage });
    }
    this.token(false);
  }

  private badPrefix(prefix: string, row: number, col: number): void {
    if (/[fF]/.test(prefix)) {
      this.findings.error('py3-fstring', row, col, `f-strings (${prefix}"…") are Python 3.6+ only; use "…" % (…) or .format() instead.`);
    } else if (/[tT]/.test(prefix)) {
      this.findings.error('py3-string-prefix', row, col, `t-strings (${prefix}"…") are Python 3.14+ only.`);
    } else {
      const py2 = /^[rR][bB]$/.test(prefix) ? ` Python 2.7 spells it "${prefix[1]}${prefix[0]}".` : '';
      this.findings.error('py3-string-prefix', row, col, `Python 2.7 does not accept the string prefix "${prefix}".${py2}`);
    }
  }

  private error(rule: string, index: number, message: string, fatal: boolean, row = this.row, col = index - this.lineStart): void {
    this.findings.error(rule, row, col, message);
    if (fatal && !this.fatal) this.fatal = { row, col };
  }
}

/** What Python 2.7 says about the escape at s[j] (a backslash), for a byte string and for a
 *  unicode string. `\N{…}` names are not checked (that needs the Unicode name table). */
function escapeProblem(s: string, j: number): { bytes: string | undefined; unicode: string | undefined } {
  const kind = s[j + 1];
  const hexRun = (from: number, max: number) => {
    let k = 0;
    while (k < max && isHex(s.charCodeAt(from + k))) k++;
    return k;
  };
  if (kind === 'x' && hexRun(j + 2, 2) < 2) {
    const message = '"\\x" must be followed by two hex digits';
    return { bytes: message, unicode: message };
  }
  if (kind === 'u' && hexRun(j + 2, 4) < 4) return { bytes: undefined, unicode: 'in a unicode string "\\u" must be followed by four hex digits' };
  if (kind === 'U') {
    if (hexRun(j + 2, 8) < 8) return { bytes: undefined, unicode: 'in a unicode string "\\U" must be followed by eight hex digits' };
    if (parseInt(s.slice(j + 2, j + 10), 16) > 0x10ffff) return { bytes: undefined, unicode: `"\\${s.slice(j + 1, j + 10)}" is past the last Unicode character` };
  }
  if (kind === 'N' && s[j + 2] !== '{') return { bytes: undefined, unicode: 'in a unicode string "\\N" must be followed by a name in braces, like \\N{BULLET}' };
  return { bytes: undefined, unicode: undefined };
}
