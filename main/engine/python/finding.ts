// What the Python checker reports. A finding points at the start of the construct
// (1-based line, 1-based column in UTF-16 units — a few columns before CPython's caret).
// No zod here: this module runs in the worker too (result-schema.ts validates the replies).

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** stable id, e.g. `restricted-name`, `py3-fstring`, `indentation` */
  rule: string;
  severity: Severity;
  line: number;
  column: number;
  message: string;
}

export interface CheckResult {
  /** false when any error finding is new (not already in the original) */
  ok: boolean;
  /** findings of the checked source, minus those already present in the original */
  findings: Finding[];
  /** findings the original had too: reported, never blocking */
  preExisting: Finding[];
}

/** Collects findings; positions are 0-based rows/columns as tree-sitter gives them. */
export class Findings {
  readonly list: Finding[] = [];

  add(rule: string, severity: Severity, row: number, column: number, message: string): void {
    this.list.push({ rule, severity, line: row + 1, column: column + 1, message });
  }

  error(rule: string, row: number, column: number, message: string): void {
    this.add(rule, 'error', row, column, message);
  }

  warning(rule: string, row: number, column: number, message: string): void {
    this.add(rule, 'warning', row, column, message);
  }
}

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.line - b.line || a.column - b.column || severityOrder[a.severity] - severityOrder[b.severity] || a.rule.localeCompare(b.rule));
}

/** One line for people: `Line 12, column 5: <message>` (the CLI prefixes the file). */
export function describeFinding(f: Finding): string {
  return `Line ${f.line}, column ${f.column}: ${f.message}`;
}
