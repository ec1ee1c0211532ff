// The whole check of one source, synchronously, with a loaded parser (python-check.md §4):
// encoding → scan (indentation, lexical rules) → parse, re-parsing a masked copy when Python 2
// constructs trip the grammar → syntax errors → one tree walk → names the scan found (print,
// exec, the sandbox's "_" names) → comparison with the original. Runs inside the worker.
import { compareWithOriginal, splitLines } from './compare.ts';
import { decodeSource } from './encoding.ts';
import { type CheckResult, type Finding, Findings, sortFindings } from './finding.ts';
import { checkIndentation } from './indentation.ts';
import { maskPython2 } from './mask.ts';
import { ParseText } from './parse-text.ts';
import { CheckDeadlineError, type PythonParser } from './parser.ts';
import { checkSandbox } from './sandbox.ts';
import { checkStatementNames } from './statement-names.ts';
import { reportSyntaxErrors } from './syntax-errors.ts';
import { type EscapeProblem, type NameToken, scanSource } from './tokenize.ts';
import { checkTree } from './tree-rules.ts';
import type { Tree } from 'web-tree-sitter';

export interface SourceCheck {
  source: Uint8Array;
  original?: Uint8Array | undefined;
  /** apply Plex's RestrictedPython rules (files of Contents/Code/) */
  sandbox: boolean;
  /** a performance.now() value */
  deadline: number;
}

export function checkPythonSource(parser: PythonParser, job: SourceCheck): CheckResult {
  const edited = analyse(parser, job.source, job.sandbox, job.deadline);
  if (!job.original) {
    return { ok: !edited.findings.some((f) => f.severity === 'error'), findings: edited.findings, preExisting: [] };
  }
  const original = analyse(parser, job.original, job.sandbox, job.deadline);
  return compareWithOriginal(edited.findings, splitLines(edited.text), original.findings, splitLines(original.text));
}

/** errors the scan finds where CPython stops; an unparsable region around one is its echo */
const LEXICAL_ERRORS = new Set(['syntax-error', 'indentation', 'null-byte']);

function analyse(parser: PythonParser, bytes: Uint8Array, sandbox: boolean, deadline: number): { findings: Finding[]; text: string } {
  const findings = new Findings();
  const text = decodeSource(bytes, findings);
  const scan = scanSource(text, findings);
  checkIndentation(scan.lines, findings);
  const parseText = new ParseText(text, scan.lines);
  const tree = parseWithMasking(parser, parseText, scan.names, deadline);
  const syntax = new Findings();
  const explained = new Set(findings.list.filter((f) => LEXICAL_ERRORS.has(f.rule)).map((f) => f.line - 1));
  try {
    reportSyntaxErrors(tree, parseText, explained, syntax);
    const { futures } = checkTree(tree, parseText, parser, findings, sandbox, deadline);
    checkStatementNames(tree, parseText, scan.names, futures, sandbox, findings);
    if (sandbox) checkSandbox(tree, parseText, scan.names, findings);
    reportEscapes(scan.escapes, futures, findings);
  } finally {
    tree.delete();
  }
  if (performance.now() > deadline) throw new CheckDeadlineError();

  const fatal = scan.fatal;
  const beforeFatal = (f: Finding) => !fatal || f.line - 1 < fatal.row || (f.line - 1 === fatal.row && f.column - 1 <= fatal.col);
  const kept = [...findings.list.filter((f) => f.rule !== 'indentation' || beforeFatal(f)), ...syntax.list.filter(beforeFatal)];
  return { findings: sortFindings(kept), text };
}

function parseWithMasking(parser: PythonParser, parseText: ParseText, names: readonly NameToken[], deadline: number): Tree {
  const tree = parser.parse(parseText.text, deadline);
  if (!tree.rootNode.hasError) return tree;
  const masked = maskPython2(parseText, names);
  if (masked === undefined) return tree;
  const maskedTree = parser.parse(masked, deadline);
  if (maskedTree.rootNode.hasError) {
    maskedTree.delete();
    return tree;
  }
  tree.delete();
  return maskedTree;
}

/** Escapes are judged once `unicode_literals` is known: it makes plain literals unicode. */
function reportEscapes(escapes: readonly EscapeProblem[], futures: ReadonlySet<string>, findings: Findings): void {
  for (const e of escapes) {
    const unicode = e.kind === 'unicode' || (e.kind === 'default' && futures.has('unicode_literals'));
    const message = unicode ? e.unicodeMessage : e.bytesMessage;
    if (message) findings.error('invalid-escape', e.row, e.col, `Python 2.7 refuses this string: ${message}.`);
  }
}
