// The rules a fix must meet beyond its schema, whoever wrote it: it may only edit Python files
// inside an agent's bundle, may not add what content-safety refuses, must measure itself with
// metrics the engine knows, and its ids must be unique with every fallback pointing at a fix
// that exists. Pure checks over the data: nothing in a fix is ever run.
import type { Change, Criterion, Fix } from '../../../shared/fix.ts';
import { SIGNATURES } from '../logs/index.ts';
import { contentSafety } from './content-safety.ts';
import type { JsonPath } from './json-locate.ts';

export interface FixIssue {
  /** index of the fix in the list */
  fix: number;
  /** path inside that fix */
  path: JsonPath;
  message: string;
}

/** Bundles of Plex itself: never edited, even when they sit in the Plug-ins folder. */
const PLEX_BUNDLES = new Set(['framework.bundle', 'system.bundle']);
const KNOWN_SIGNATURES: ReadonlySet<string> = new Set(SIGNATURES.map((s) => s.id));
/** Markers the log engine records per item (the PGMA dump rows it reads). */
export const KNOWN_MARKERS: ReadonlySet<string> = new Set(['found-on-iafd', 'cast', 'genres', 'directors', 'posters']);

/** Why `path` is not a Python file of an agent bundle, or null. */
export function agentPathProblem(path: string): string | null {
  if (path.includes('\\')) return 'must use "/" between folders';
  const parts = path.split('/');
  if (parts.some((p) => p === '' || p === '.')) return 'must not contain empty or "." parts';
  if (parts.some((p) => p === '..')) return 'must not contain ".."';
  const bundle = parts[0]!;
  if (!bundle.endsWith('.bundle') || bundle === '.bundle') return 'must start with an agent bundle, like "GEVI.bundle/Contents/Code/utils.py"';
  if (PLEX_BUNDLES.has(bundle.toLowerCase()) || /^com\.plexapp\.system\b/i.test(bundle)) return `${bundle} belongs to Plex itself and is never changed`;
  if (parts[1] !== 'Contents' || parts.length < 3) return 'must be inside the bundle\'s Contents folder';
  if (parts.some((p) => p.startsWith('.'))) return 'must not name hidden files or folders';
  if (!path.endsWith('.py')) return 'must be a Python file (.py): Agent Doctor changes agent code only';
  return null;
}

export function validateFixes(fixes: readonly Fix[]): FixIssue[] {
  const issues: FixIssue[] = [];
  const ids = new Map<string, number>();
  fixes.forEach((fix, n) => {
    const at = (path: JsonPath, message: string) => issues.push({ fix: n, path, message });
    const first = ids.get(fix.id);
    if (first !== undefined) at(['id'], `the id "${fix.id}" is used by fix ${first + 1} too; every fix needs its own id`);
    else ids.set(fix.id, n);
    fix.signatures.forEach((id, i) => {
      if (!KNOWN_SIGNATURES.has(id)) at(['signatures', i], `"${id}" is not a signature in the catalogue`);
    });
    fix.changes.forEach((change, i) => {
      const problem = agentPathProblem(change.file);
      if (problem) at(['changes', i, 'file'], `the path "${change.file}" ${problem}`);
      for (const v of changeSafety(change)) at(['changes', i, change.kind === 'replace' ? 'replace' : 'diff'], `this change ${v}`);
    });
    const criteria = (key: 'successCriteria' | 'failureIndicators', list: readonly Criterion[]) =>
      list.forEach((c, i) => {
        const problem = metricProblem(c.metric);
        if (problem) at([key, i, 'metric'], problem);
      });
    criteria('successCriteria', fix.successCriteria);
    criteria('failureIndicators', fix.failureIndicators);
  });
  fixes.forEach((fix, n) => {
    if (fix.alternativeOf === undefined) return;
    if (fix.alternativeOf === fix.id) issues.push({ fix: n, path: ['alternativeOf'], message: 'a fix cannot be its own fallback' });
    else if (!ids.has(fix.alternativeOf)) issues.push({ fix: n, path: ['alternativeOf'], message: `it is the fallback of "${fix.alternativeOf}", but no fix has that id` });
    else if (fallbackCycle(fixes, fix)) issues.push({ fix: n, path: ['alternativeOf'], message: 'the fallbacks go round in a circle' });
  });
  return issues;
}

/** What a change adds that content-safety refuses, in words. */
function changeSafety(change: Change): string[] {
  if (change.kind === 'replace') return contentSafety(change.find, change.replace).map((v) => v.message);
  const removed: string[] = [];
  const added: string[] = [];
  for (const line of change.diff.split(/\r?\n/)) {
    if (line.startsWith('---') || line.startsWith('+++')) continue;
    if (line.startsWith('-')) removed.push(line.slice(1));
    else if (line.startsWith('+')) added.push(line.slice(1));
  }
  return contentSafety(removed.join('\n'), added.join('\n')).map((v) => v.message);
}

function metricProblem(metric: string): string | null {
  const m = /^(signature|items|marker):(.+)$/.exec(metric);
  if (!m) return null;
  if (m[1] === 'marker') return KNOWN_MARKERS.has(m[2]!) ? null : `"${m[2]}" is not a marker the logs record (known: ${[...KNOWN_MARKERS].join(', ')})`;
  return KNOWN_SIGNATURES.has(m[2]!) ? null : `"${m[2]}" is not a signature in the catalogue`;
}

function fallbackCycle(fixes: readonly Fix[], start: Fix): boolean {
  const byId = new Map(fixes.map((f) => [f.id, f]));
  const seen = new Set<string>([start.id]);
  for (let f = byId.get(start.alternativeOf!); f; f = f.alternativeOf ? byId.get(f.alternativeOf) : undefined) {
    if (seen.has(f.id)) return true;
    seen.add(f.id);
  }
  return false;
}
