// Reading a diagnostic report back: only its fenced ```json blocks count, one Fix each; the
// prose around them is for people. A report may come from us, from a person who edited it,
// or from another tool, so every block is checked against the schema and the rules of
// fix-validation.ts, and every problem is reported with the line it is on. Nothing in a
// report is ever executed.
import { open } from 'node:fs/promises';
import { ChangeSchema, FixSchema, type Fix } from '../../../shared/fix.ts';
import { UserError } from '../errors.ts';
import { validateFixes } from './fix-validation.ts';
import { lineOfPath, locateJson, type JsonPath } from './json-locate.ts';

/** Far above any real report (one per iteration, a few fixes): refuse before reading it whole. */
export const MAX_REPORT_BYTES = 4 * 1024 * 1024;

export interface ReportIssue {
  /** 1-based line in the report */
  line: number;
  /** the field inside the block, e.g. `changes.0.file`; empty for the block as a whole */
  path: string;
  message: string;
}

export class ReportError extends UserError {
  readonly issues: ReportIssue[];
  constructor(issues: ReportIssue[], source: string) {
    const shown = issues.slice(0, 5).map((i) => `line ${i.line}${i.path ? ` (${i.path})` : ''}: ${i.message}`);
    const more = issues.length > shown.length ? ` … and ${issues.length - shown.length} more` : '';
    super('report-invalid', `${source} cannot be used: ${shown.join('; ')}${more}.`, 'Correct those lines (only the ```json blocks are read) or write the report again with agent-doctor diagnose.');
    this.name = 'ReportError';
    this.issues = issues;
  }
}

export interface JsonBlock {
  /** line of the opening fence */
  line: number;
  text: string;
}

const OPEN_FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/;
const CLOSE_FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const REPORT_TITLE = /^\uFEFF?# Diagnostic report\b/;

/** The fenced code blocks whose info string is `json`, CommonMark-style: a fence closes with
 *  the same character, at least as long; text in other blocks never counts. */
export function jsonBlocks(text: string): { blocks: JsonBlock[]; issues: ReportIssue[] } {
  const lines = text.split(/\r\n|\r|\n/);
  const blocks: JsonBlock[] = [];
  const issues: ReportIssue[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN_FENCE.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    let end = i + 1;
    while (end < lines.length) {
      const close = CLOSE_FENCE.exec(lines[end]!);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) break;
      end++;
    }
    const isJson = open[2]!.toLowerCase() === 'json';
    if (end >= lines.length && isJson) issues.push({ line: i + 1, path: '', message: `the json block opened here is never closed (a line of ${fence} is missing)` });
    if (isJson && end < lines.length) blocks.push({ line: i + 1, text: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return { blocks, issues };
}

/** The fixes of a report in priority order; throws a ReportError listing every problem with its line. */
export function parseDiagnosticReport(text: string, source = 'The diagnostic report'): Fix[] {
  const { blocks, issues } = jsonBlocks(text);
  const fixes: Fix[] = [];
  const fixLines: { block: JsonBlock; lines: Map<string, number> }[] = [];
  for (const block of blocks) {
    const at = (path: JsonPath, message: string, lines?: Map<string, number>) =>
      issues.push({ line: block.line + (lines ? lineOfPath(lines, path) : 1), path: path.join('.'), message });
    let raw: unknown;
    try {
      raw = JSON.parse(block.text);
    } catch (err) {
      issues.push({ line: block.line + jsonErrorLine(block.text, err as Error), path: '', message: `not valid JSON (${(err as Error).message.replace(/\s*\(line \d+ column \d+\)$/, '')})` });
      continue;
    }
    const lines = locateJson(block.text);
    for (const path of unknownFields(raw)) at(path, `"${String(path.at(-1))}" is not a field of a fix (a typo?)`, lines);
    const parsed = FixSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) at(issue.path as JsonPath, describeIssue(issue), lines);
      continue;
    }
    fixes.push(parsed.data);
    fixLines.push({ block, lines });
  }
  for (const issue of validateFixes(fixes)) {
    const { block, lines } = fixLines[issue.fix]!;
    issues.push({ line: block.line + lineOfPath(lines, issue.path), path: issue.path.join('.'), message: issue.message });
  }
  // a report with nothing to fix is still a report; any other file without a block is not one
  if (blocks.length === 0 && issues.length === 0 && !REPORT_TITLE.test(text)) issues.push({ line: 1, path: '', message: 'it is not a diagnostic report: it has no "# Diagnostic report" title and no ```json block' });
  if (issues.length > 0) throw new ReportError(issues.sort((a, b) => a.line - b.line), source);
  // the prose groups fixes by problem; the loop wants them in the order they are tried
  return fixes.map((fix, n) => ({ fix, n })).sort((a, b) => a.fix.priority - b.fix.priority || a.n - b.n).map((x) => x.fix);
}

/** Reads and parses a report file, refusing one too large to be a report before reading it. */
export async function readDiagnosticReport(path: string): Promise<Fix[]> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError('report-unreadable', `Cannot read the diagnostic report ${path} (${code === 'ENOENT' ? 'no such file' : code}).`, 'Check the path, or write a report with agent-doctor diagnose.');
  }
  try {
    const { size, isFile } = await handle.stat().then((s) => ({ size: s.size, isFile: s.isFile() }));
    if (!isFile) throw new UserError('report-unreadable', `${path} is not a file.`, 'Give the path of a diagnostic_report_iteration_N.md file.');
    if (size > MAX_REPORT_BYTES) {
      throw new UserError('report-too-large', `${path} is ${(size / 1024 / 1024).toFixed(1)} MB; a diagnostic report is far smaller (the limit is ${MAX_REPORT_BYTES / 1024 / 1024} MB), so it was not read.`, 'Check that this is the right file.');
    }
    const bytes = await handle.readFile();
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new UserError('report-unreadable', `${path} is not UTF-8 text, so it cannot be a diagnostic report.`, 'Check that this is the right file.');
    }
    return parseDiagnosticReport(text, path);
  } finally {
    await handle.close();
  }
}

const FIX_FIELDS = new Set(Object.keys(FixSchema.shape));
const CRITERION_FIELDS = new Set(['id', 'description', 'metric', 'op', 'target', 'severity']);
const CHANGE_FIELDS: Record<string, Set<string>> = Object.fromEntries(ChangeSchema.options.map((o) => [o.shape.kind.value, new Set(Object.keys(o.shape))]));

/** Fields the schema would silently drop: in a hand-edited report they are typos. */
function unknownFields(raw: unknown): JsonPath[] {
  const out: JsonPath[] = [];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(raw)) return out;
  for (const key of Object.keys(raw)) if (!FIX_FIELDS.has(key)) out.push([key]);
  for (const list of ['successCriteria', 'failureIndicators'] as const) {
    const items = raw[list];
    if (Array.isArray(items)) items.forEach((c, i) => isObject(c) && Object.keys(c).forEach((k) => !CRITERION_FIELDS.has(k) && out.push([list, i, k])));
  }
  if (Array.isArray(raw.changes)) {
    raw.changes.forEach((c, i) => {
      const fields = isObject(c) && typeof c.kind === 'string' ? CHANGE_FIELDS[c.kind] : undefined;
      if (fields && isObject(c)) for (const k of Object.keys(c)) if (!fields.has(k)) out.push(['changes', i, k]);
    });
  }
  return out;
}

function describeIssue(issue: { code: string; message: string; path: PropertyKey[]; input?: unknown }): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return `the field "${String(issue.path.at(-1) ?? '')}" is missing`;
  return issue.message;
}

/** 1-based line inside the block where JSON.parse stopped. */
function jsonErrorLine(text: string, err: Error): number {
  const lc = /\(line (\d+) column \d+\)/.exec(err.message);
  if (lc) return Number(lc[1]);
  const pos = /at position (\d+)/.exec(err.message);
  if (pos) return text.slice(0, Number(pos[1])).split('\n').length;
  return 1;
}
