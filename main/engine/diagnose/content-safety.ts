// What a change may never add to an agent's code, whoever wrote it (a recipe, a person, a
// report from elsewhere): running programs (a shell, sudo, subprocess, popen, the commands
// module, backticks) and deleting files (lessons-from-predecessor.md #11). Pure text rules
// over the text before and after, so Phase 2 validates a report's changes and Phase 3 checks
// the file it is about to write with the same function. What the original already does
// (PGMA crops images with subprocess) is counted and allowed; only additions are refused.

export interface SafetyRule {
  id: string;
  /** what it is, in plain words, for the message */
  what: string;
  pattern: RegExp;
}

export const SAFETY_RULES: readonly SafetyRule[] = [
  { id: 'sudo', what: 'sudo (runs a program as the administrator)', pattern: /\bsudo\b/g },
  { id: 'os-system', what: 'os.system (runs a shell command)', pattern: /\bos\s*\.\s*system\b/g },
  { id: 'os-exec', what: 'os.exec…/os.spawn… (replaces or starts a program)', pattern: /\bos\s*\.\s*(?:exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?|startfile|fork(?:pty)?)\b/g },
  { id: 'popen', what: 'popen (runs a shell command)', pattern: /\bpopen[234]?\b/gi },
  { id: 'subprocess', what: 'subprocess (runs programs)', pattern: /\bsubprocess\b/g },
  { id: 'commands-module', what: 'the commands module (runs shell commands)', pattern: /\bcommands\s*\.\s*get(?:status)?output\b|\bimport\s+commands\b|\bfrom\s+commands\s+import\b/g },
  { id: 'pty-spawn', what: 'pty.spawn (runs a program)', pattern: /\bpty\s*\.\s*spawn\b/g },
  { id: 'shell-true', what: 'shell=True (runs a shell command)', pattern: /\bshell\s*=\s*True\b/g },
  { id: 'backtick', what: 'backticks (shell-style command quoting)', pattern: /`/g },
  { id: 'delete-files', what: 'deleting files or folders', pattern: /\bshutil\s*\.\s*rmtree\b|\bos\s*\.\s*(?:remove|unlink|rmdir|removedirs)\b|\brm\s+-[a-zA-Z]*[rf]/g },
];

export interface SafetyViolation {
  rule: string;
  /** plain words: what was added and why it is refused */
  message: string;
  /** how many more occurrences the changed text has */
  added: number;
  /** 1-based line in the changed text of the first added occurrence */
  line: number;
}

/** The occurrences `changed` adds over `original`, per rule. Lines move when code is
 *  added, so occurrences are keyed by the trimmed text of their line and counted. */
export function contentSafety(original: string, changed: string): SafetyViolation[] {
  const before = splitLines(original);
  const after = splitLines(changed);
  const violations: SafetyViolation[] = [];
  for (const rule of SAFETY_RULES) {
    const counts = new Map<string, number>();
    for (const line of before) {
      const n = matches(rule, line);
      if (n > 0) counts.set(line.trim(), (counts.get(line.trim()) ?? 0) + n);
    }
    let added = 0;
    let firstLine = 0;
    after.forEach((line, i) => {
      const n = matches(rule, line);
      if (n === 0) return;
      const left = counts.get(line.trim()) ?? 0;
      const extra = Math.max(0, n - left);
      counts.set(line.trim(), Math.max(0, left - n));
      if (extra > 0) {
        added += extra;
        firstLine ||= i + 1;
      }
    });
    if (added > 0) {
      violations.push({ rule: rule.id, added, line: firstLine, message: `adds ${rule.what}, which Agent Doctor never writes into an agent` });
    }
  }
  return violations;
}

function matches(rule: SafetyRule, line: string): number {
  rule.pattern.lastIndex = 0;
  return line.match(rule.pattern)?.length ?? 0;
}

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
