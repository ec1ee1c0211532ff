// IAFD blocked, fallback → skip the IAFD look-ups cleanly: a module-level switch, and in each
// function that reaches IAFD a guard that logs one plain line and gives back what the function
// gives when IAFD has nothing, so the agent carries on with its own site. Lower value than
// the headers (no IAFD enrichment at all), so it is the alternative tried when they fail.
//
// "What the function gives when IAFD has nothing" is read from the function itself, never
// guessed: either every return hands back one of its parameters unchanged (getFilmOnIAFD
// returns FILMDICT), or the function fills a result per name in a loop and its own "could not
// process" branch stores a value for the name (matchCast: `castDict[castName] = {…}`), which
// the guard stores too. A function of neither shape makes the recipe propose nothing: skipping
// only some call sites would leave their errors in place (lessons #10).
import type { Change } from '../../../../shared/fix.ts';
import { IAFD_SKIP_CRITERIA, IAFD_SKIP_INDICATORS } from '../criteria.ts';
import type { TextEdit } from '../edits.ts';
import { bodyStatements, iafdSitesOf, type IafdSites } from '../iafd-sites.ts';
import { walkStatements, type FunctionInfo, type PythonOutline, type Stmt } from '../../python/outline.ts';
import { gatedChanges, lineEndIndex, lineStartIndex, listWords, moduleInsertionLine, newlineOf, noSourceNote, nothing, slug, usedNames, type Recipe, type RecipeInput, type RecipeOutcome } from '../recipe.ts';
import { iafdObservations } from './iafd-observations.ts';

export const IAFD_SKIP_RECIPE_ID = 'iafd-skip';
/** The text every skip line starts with (PGMA's own wording for switched-off IAFD look-ups). */
export const SKIP_LOG_TEXT = 'IAFD Lookup Disabled';

const FLAG_CHOICES = ['IAFD_LOOKUPS_ENABLED', 'AGENT_DOCTOR_IAFD_LOOKUPS'];
const IDENTIFIER = /^[A-Za-z]\w*$/;
const EMPTY_RESULT = /^(?:\{\}|\[\]|dict\(\)|list\(\))$/;

export const iafdSkipRecipe: Recipe = {
  id: IAFD_SKIP_RECIPE_ID,
  title: 'Skip the IAFD look-ups cleanly',
  run,
};

interface Guarded {
  fn: FunctionInfo;
  edits: TextEdit[];
}

async function run(input: RecipeInput): Promise<RecipeOutcome> {
  if (!input.source) return nothing(noSourceNote(input));
  const notes: string[] = [];
  const changes: Change[] = [];
  const skipped: string[] = [];
  for (const { file, outline, sites } of await iafdSitesOf(input.source.files, notes)) {
    if (sites.functions.length === 0) continue;
    const used = usedNames(outline);
    const flag = FLAG_CHOICES.find((n) => !used.has(n));
    if (!flag) return nothing(`${file.path} already uses the names this recipe would give its switch; nothing proposed.`);
    const nl = newlineOf(file.text);
    const logCall = logCallFor(outline);
    const edits: TextEdit[] = [];
    const after = moduleInsertionLine(outline, (s) => s.assign !== undefined && s.assign.targets.some((t) => sites.moduleNames.has(t)));
    const definition = `# Agent Doctor: IAFD look-ups are off because IAFD refused this agent's requests; True turns them back on${nl}${flag} = False`;
    const at = after === 0 ? 0 : lineEndIndex(file.text, after);
    edits.push({ start: at, end: at, text: after === 0 ? definition + nl : nl + definition });
    for (const fn of sites.functions) {
      const guarded = guard(file.text, fn, sites, flag, logCall, nl);
      if (typeof guarded === 'string') return nothing(...notes, `No change proposed: ${guarded}`);
      edits.push(...guarded.edits);
      skipped.push(`${fn.qualifiedName} (${file.name})`);
    }
    const gated = await gatedChanges(file, edits);
    if ('problem' in gated) return nothing(...notes, `No change proposed: ${gated.problem}.`);
    changes.push(...gated.changes);
  }
  if (changes.length === 0) return nothing(...notes, `No function that reaches IAFD was found in ${input.source.bundle.name}.bundle, so there is nothing to skip.`);

  const obs = iafdObservations(input);
  const agent = input.agent.agent;
  return {
    fix: {
      id: `${IAFD_SKIP_RECIPE_ID}-${slug(agent)}`,
      title: `Skip ${agent}'s IAFD look-ups and carry on with its own site`,
      priority: 1,
      agents: [agent],
      signatures: obs.signatures,
      rootCause: `${agent}'s requests to IAFD fail (${obs.urlErrorsText}); the site is likely blocking non-browser clients (no status code is logged). Without IAFD the agent still has its own site's title, cast, genres and pictures.`,
      before: obs.before,
      after: [
        'No IAFD errors: the agent writes one "IAFD Lookup Disabled" line per skipped look-up instead',
        'Items keep the cast, genres and pictures of the agent\'s own site',
        'FoundOnIAFD stays No: films are no longer enriched from IAFD',
      ],
      changes,
      advice: [`To try IAFD again later, set ${FLAG_CHOICES[0]} = True in the changed file (or roll this fix back).`],
      successCriteria: [...IAFD_SKIP_CRITERIA],
      failureIndicators: [...IAFD_SKIP_INDICATORS],
      risk: 'medium',
    },
    notes: [`IAFD look-ups skipped in ${listWords(skipped)}.`, ...notes],
  };
}

/** The edits that make `fn` skip IAFD, or why it cannot be done safely. */
function guard(text: string, fn: FunctionInfo, sites: IafdSites, flag: string, logCall: (message: string) => string, nl: string): Guarded | string {
  const body = fn.stmt.blocks[0]?.statements ?? [];
  const first = body.find((s) => !s.isDocstring) ?? body[0];
  if (!first) return `${fn.qualifiedName} has no body to guard.`;
  const indent = first.indent;
  const unit = indent.slice(fn.stmt.indent.length) || '    ';
  const docstring = body[0]?.isDocstring ? body[0] : undefined;
  const topAt = docstring ? lineEndIndex(text, docstring.span.endLine) : lineStartIndex(text, first.span.line);
  const top = (lines: string[]) => {
    const block = lines.map((l) => indent + l).join(nl);
    return docstring ? { start: topAt, end: topAt, text: nl + block } : { start: topAt, end: topAt, text: block + nl };
  };
  const message = logCall(`${SKIP_LOG_TEXT}: ${fn.stmt.name} skipped, the agent carries on with its own site`);
  const returns = [...bodyStatements(body)].filter((s) => s.type === 'return_statement');
  const params = fn.stmt.parameters ?? [];

  // shape 1: every return hands back the same parameter
  const returned = new Set(returns.map((r) => r.returnValue ?? ''));
  const only = returned.size === 1 ? [...returned][0]! : '';
  if (returns.length > 0 && params.includes(only)) {
    return { fn, edits: [top([`if not ${flag}:`, `${unit}${message}`, `${unit}return ${only}`])] };
  }

  // shape 2: a loop fills a result per name, and its failure branch stores a value for the name
  const result = IDENTIFIER.test(only) ? only : '';
  const initialised = result && body.some((s) => s.assign?.targets.includes(result) && EMPTY_RESULT.test(s.assign.value.trim()));
  const siteStarts = [...sites.fetches, ...sites.helperCalls].filter((x) => x.fn === fn).map((x) => x.call.span.start);
  const loop = body.find((s) => s.type === 'for_statement' && s.loop && IDENTIFIER.test(s.loop.target) && siteStarts.some((at) => at >= s.span.start && at < s.span.end));
  if (result && initialised && loop) {
    const key = loop.loop!.target;
    const loopBody = loop.blocks.find((b) => b.kind === 'body')?.statements ?? [];
    const stored = fallbackValue([...bodyStatements(loopBody)], `${result}[${key}]`);
    const assignedInLoop = new Set([...bodyStatements(loopBody)].flatMap((s) => s.assign?.targets ?? []).filter((t) => t !== key));
    const firstSite = Math.min(...siteStarts.filter((at) => at >= loop.span.start && at < loop.span.end));
    const holder = loopBody.find((s) => firstSite >= s.span.start && firstSite < s.span.end);
    if (stored && holder && !identifiersOf(stored).some((n) => assignedInLoop.has(n))) {
      const at = lineStartIndex(text, holder.span.line);
      const inner = holder.indent;
      return {
        fn,
        edits: [
          top([`if not ${flag}:`, `${unit}${message}`]),
          { start: at, end: at, text: [`${inner}if not ${flag}:`, `${inner}${unit}${result}[${key}] = ${stored}`, `${inner}${unit}continue`].join(nl) + nl },
        ],
      };
    }
  }
  return `it is not clear what ${fn.qualifiedName} should give back without IAFD (it neither returns one of its arguments unchanged nor stores a "not found" value per name), so skipping it could lose data.`;
}

/** The value the loop's own failure branch stores under `target`, e.g. `castDict[castName]`. */
function fallbackValue(stmts: readonly Stmt[], target: string): string | undefined {
  for (const s of stmts) {
    for (const b of s.blocks) {
      if (b.kind !== 'except') continue;
      const hit = [...bodyStatements(b.statements)].find((t) => t.assign?.targets.length === 1 && t.assign.targets[0]!.replace(/\s+/g, '') === target);
      const bound = /\bas\s+(\w+)|,\s*(\w+)\s*:$/.exec(b.header);
      const exceptName = bound?.[1] ?? bound?.[2];
      if (hit && !(exceptName && identifiersOf(hit.assign!.value).includes(exceptName))) return hit.assign!.value;
    }
  }
  return undefined;
}

function identifiersOf(expression: string): string[] {
  const code = expression.replace(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"/g, ' ');
  return [...code.matchAll(/(?<![.\w])[A-Za-z_]\w*/g)].map((m) => m[0]);
}

/** The module's own `log()` helper with the section prefix its calls use (`UTILS :: `), or
 *  Plex's `Log.Info` when the module has no helper. */
function logCallFor(outline: PythonOutline): (message: string) => string {
  const hasLog = outline.statements.some((s) => s.type === 'function_definition' && s.name === 'log');
  if (!hasLog) return (m) => `Log.Info(${pyString(m)})`;
  const prefixes = new Map<string, number>();
  for (const s of walkStatements(outline.statements)) {
    for (const c of s.calls) {
      if (c.callee !== 'log') continue;
      const p = /^[uU]?['"]([A-Z]+ ?:: ?)/.exec(c.args[0]?.text ?? '')?.[1];
      if (p) prefixes.set(p, (prefixes.get(p) ?? 0) + 1);
    }
  }
  const prefix = [...prefixes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  return (m) => `log(${pyString(prefix + m)})`;
}

function pyString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
