// What every recipe shares: its input (one agent's evidence for one family and the agent's
// code), its output (a fix, or nothing and the reason), and the last gate before a change is
// proposed — it applies, it passes the Python 2.7 + sandbox check against the original, and
// it adds nothing the content-safety rules refuse.
import type { Change, FixInput } from '../../../shared/fix.ts';
import type { AgentMetrics } from '../../../shared/metrics.ts';
import { checkPython, describeFinding } from '../python/index.ts';
import type { PythonOutline, Stmt } from '../python/outline.ts';
import type { AgentSource, SourceFile } from './agent-source.ts';
import { contentSafety } from './content-safety.ts';
import { applyReplaceChanges, EditError, editsToChanges, type TextEdit } from './edits.ts';
import type { FamilyEvidence } from './evidence.ts';

export interface RecipeInput {
  agent: AgentMetrics;
  evidence: FamilyEvidence;
  /** the agent's code; null when its bundle is not in the Plug-ins folder (or none was given) */
  source: AgentSource | null;
}

export interface RecipeOutcome {
  /** null: the recipe proposes nothing (notes say why) */
  fix: FixInput | null;
  /** what the recipe found or could not do, in plain words (shown in the report) */
  notes: string[];
}

export interface Recipe {
  id: string;
  /** short title for the report */
  title: string;
  run(input: RecipeInput): Promise<RecipeOutcome>;
}

export const nothing = (...notes: string[]): RecipeOutcome => ({ fix: null, notes });

/** `GEVI` → `gevi`, for fix ids. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'agent';
}

/** A note for a recipe that has no code to read. */
export function noSourceNote(input: RecipeInput): string {
  return `The code of ${input.agent.agent} (${input.agent.identifier}) was not found in the Plug-ins folder, so no change could be prepared.`;
}

/** The changes for `edits` of `file`, once they pass every gate; or the reason they do not. */
export async function gatedChanges(file: SourceFile, edits: readonly TextEdit[]): Promise<{ changes: Change[] } | { problem: string }> {
  let changes: Extract<Change, { kind: 'replace' }>[];
  let changed: string;
  try {
    changes = editsToChanges(file.path, file.text, edits);
    changed = applyReplaceChanges(file.text, changes);
  } catch (err) {
    if (err instanceof EditError) return { problem: `the change to ${file.path} could not be written as exact text replacements (${err.message})` };
    throw err;
  }
  const unsafe = contentSafety(file.text, changed);
  if (unsafe.length > 0) return { problem: `the change to ${file.path} ${unsafe[0]!.message} (line ${unsafe[0]!.line})` };
  const check = await checkPython(changed, { original: file.text, path: file.path });
  if (!check.ok) {
    const first = check.findings.find((f) => f.severity === 'error')!;
    return { problem: `the changed ${file.path} would not pass the Python 2.7 check (${describeFinding(first)})` };
  }
  return { changes };
}

/** The index where 1-based `line` starts (the text's length past its last line). */
export function lineStartIndex(text: string, line: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return text.length;
    at = nl + 1;
  }
  return at;
}

/** The line end (index of the "\r\n" or "\n", or the text's length) of 1-based `line`. */
export function lineEndIndex(text: string, line: number): number {
  const at = lineStartIndex(text, line);
  const nl = text.indexOf('\n', at);
  if (nl < 0) return text.length;
  return nl > at && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
}

/** The file's line ending, so inserted lines match the lines around them. */
export function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** "a, b and c" */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** The 1-based line after which a new module-level definition goes: after the last top-level
 *  statement `near` picks (e.g. the IAFD constants), else after the last top-level import,
 *  else after the module's docstring, else at the top (0). */
export function moduleInsertionLine(outline: PythonOutline, near: (stmt: Stmt) => boolean): number {
  const top = outline.statements;
  const pick = (test: (s: Stmt) => boolean) => top.filter(test).at(-1)?.span.endLine;
  return pick(near) ?? pick((s) => IMPORT_TYPES.has(s.type)) ?? (top[0]?.type === 'expression_statement' && /^[uUbBrR]*['"]/.test(top[0].text) ? top[0].span.endLine : 0);
}

/** Names the module already uses in any role, so a new one cannot collide. */
export function usedNames(outline: PythonOutline): Set<string> {
  return new Set(outline.names.map((n) => n.name));
}
