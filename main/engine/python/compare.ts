// The write policy (python-check.md §8): check the original and the edited file, and block
// only what the edit introduced. Lines move when code is added, so a finding is keyed by its
// rule and the trimmed text of its line, and counts per key are compared. Syntax errors are
// different: where tree-sitter reports them depends on the whole file, so only their number
// is compared — an edit must not add one.
import type { CheckResult, Finding } from './finding.ts';

const COUNTED_ONLY = 'syntax-error';

export function compareWithOriginal(edited: Finding[], editedLines: readonly string[], original: Finding[], originalLines: readonly string[]): CheckResult {
  const before = new Map<string, number>();
  for (const f of original) {
    const key = keyOf(f, originalLines);
    before.set(key, (before.get(key) ?? 0) + 1);
  }
  const findings: Finding[] = [];
  const preExisting: Finding[] = [];
  const syntaxBefore = original.filter((f) => f.rule === COUNTED_ONLY).length;
  const syntaxAfter = edited.filter((f) => f.rule === COUNTED_ONLY).length;
  for (const f of edited) {
    if (f.rule === COUNTED_ONLY) {
      (syntaxAfter > syntaxBefore ? findings : preExisting).push(f);
      continue;
    }
    const key = keyOf(f, editedLines);
    const left = before.get(key) ?? 0;
    if (left > 0) {
      before.set(key, left - 1);
      preExisting.push(f);
    } else {
      findings.push(f);
    }
  }
  return { ok: !findings.some((f) => f.severity === 'error'), findings, preExisting };
}

function keyOf(f: Finding, lines: readonly string[]): string {
  return `${f.rule}\u0000${(lines[f.line - 1] ?? '').trim()}`;
}

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
