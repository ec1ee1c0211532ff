// IAFD blocked → send browser-like headers with every IAFD request the agent makes itself.
// One module-level dict (a plain name: Plex's sandbox refuses names starting with "_"), and
// `headers=<it>` added to each Plex fetch call whose URL comes from IAFD, in every function
// that has one — not only the ones the log names, so no call site is missed (lessons #10).
import { COMMON_FAILURE_INDICATORS, IAFD_HEADERS_CRITERIA, REDUCE_BY_PERCENT } from '../criteria.ts';
import { iafdSitesOf, type IafdFetch } from '../iafd-sites.ts';
import type { TextEdit } from '../edits.ts';
import type { Change } from '../../../../shared/fix.ts';
import { gatedChanges, lineEndIndex, listWords, moduleInsertionLine, newlineOf, noSourceNote, nothing, slug, usedNames, type Recipe, type RecipeInput, type RecipeOutcome } from '../recipe.ts';
import { iafdObservations } from './iafd-observations.ts';

export const IAFD_HEADERS_RECIPE_ID = 'iafd-browser-headers';

/** A current Safari on macOS: what Plex's own Mac would send if a person opened the page. */
export const BROWSER_HEADERS: Readonly<Record<string, string>> = {
  'User-Agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'Accept-Language': 'en-US,en;q=0.9',
};

const NAME_CHOICES = ['IAFD_HEADERS', 'IAFD_BROWSER_HEADERS', 'AGENT_DOCTOR_IAFD_HEADERS'];

export const iafdHeadersRecipe: Recipe = {
  id: IAFD_HEADERS_RECIPE_ID,
  title: 'Browser-like headers on the IAFD requests',
  run,
};

async function run(input: RecipeInput): Promise<RecipeOutcome> {
  if (!input.source) return nothing(noSourceNote(input));
  const notes: string[] = [];
  const changes: Change[] = [];
  const covered: string[] = [];
  let anyFetch = false;
  for (const { file, outline, sites } of await iafdSitesOf(input.source.files, notes)) {
    for (const [helper, calls] of Map.groupBy(sites.helperCalls, (h) => h.helper)) {
      const where = listWords([...new Set(calls.map((h) => h.fn.qualifiedName))]);
      notes.push(`${where} also reach${calls.length === 1 ? 'es' : ''} IAFD through ${helper}() (${file.name}), which is not a Plex fetch call; left as it is.`);
    }
    if (sites.fetches.length === 0) continue;
    anyFetch = true;
    const todo: IafdFetch[] = [];
    for (const f of sites.fetches) {
      if (f.hasHeaders) notes.push(`The IAFD request in ${f.fn.qualifiedName} (${file.name}, line ${f.call.span.line}) already sends headers; left as it is.`);
      else if (f.hasKwargs) notes.push(`The IAFD request in ${f.fn.qualifiedName} (${file.name}, line ${f.call.span.line}) passes **kwargs, which may carry headers already; left as it is.`);
      else todo.push(f);
    }
    if (todo.length === 0) continue;

    const used = usedNames(outline);
    const existing = outline.statements.find((s) => s.assign?.targets.length === 1 && NAME_CHOICES.includes(s.assign.targets[0]!) && /Mozilla\/5\.0/.test(s.assign.value));
    const name = existing?.assign!.targets[0] ?? NAME_CHOICES.find((n) => !used.has(n));
    if (!name) {
      notes.push(`${file.path} already uses every name this recipe would give the headers; nothing changed there.`);
      continue;
    }
    const nl = newlineOf(file.text);
    const edits: TextEdit[] = [];
    if (!existing) {
      const after = moduleInsertionLine(outline, (s) => s.assign !== undefined && s.assign.targets.some((t) => sites.moduleNames.has(t)));
      const definition = `# Agent Doctor: browser-like headers for IAFD, which appears to refuse Python's default ones${nl}${name} = ${pythonDict(BROWSER_HEADERS)}`;
      const at = after === 0 ? 0 : lineEndIndex(file.text, after);
      edits.push({ start: at, end: at, text: after === 0 ? definition + nl : nl + definition });
    }
    for (const f of todo) {
      // right after the last positional argument: keyword arguments must follow it
      const last = [...f.call.args].reverse().find((a) => a.kind === 'positional' || a.kind === 'splat')!;
      edits.push({ start: last.span.end, end: last.span.end, text: `, headers=${name}` });
    }
    const gated = await gatedChanges(file, edits);
    if ('problem' in gated) return nothing(...notes, `No change proposed: ${gated.problem}.`);
    changes.push(...gated.changes);
    for (const f of todo) covered.push(`${f.fn.qualifiedName} (${file.name}, line ${f.call.span.line})`);
  }

  if (!anyFetch) {
    return nothing(...notes, `No IAFD request made directly with a Plex fetch call (HTTP.Request, HTML.ElementFromURL, …) was found in ${input.source.bundle.name}.bundle, so there is nothing to add headers to.`);
  }
  if (changes.length === 0) return nothing(...notes, 'Every IAFD request the agent makes itself already sends headers, or could not be changed; nothing proposed.');

  const named = new Set(input.evidence.sites.map((s) => s.function));
  const unnamed = covered.filter((c) => !named.has(c.split(' ')[0]!.split('.').at(-1)!));
  if (unnamed.length > 0) notes.push(`Also covered, though the log does not name them: ${listWords(unnamed)} (a fix that misses a call site leaves its errors in place).`);
  const obs = iafdObservations(input);
  const agent = input.agent.agent;
  return {
    fix: {
      id: `${IAFD_HEADERS_RECIPE_ID}-${slug(agent)}`,
      title: `Send browser-like headers with ${agent}'s IAFD requests`,
      priority: 1,
      agents: [agent],
      signatures: obs.signatures,
      rootCause: `${agent}'s requests to IAFD fail (${obs.urlErrorsText}). The site is likely blocking non-browser clients: the agent sends Python's default headers. No status code is logged, so this is likely, not proven.`,
      before: obs.before,
      after: [
        `IAFD URL errors per item down by at least ${REDUCE_BY_PERCENT} %${obs.urlErrorsPerItem === null ? '' : ` (from ${obs.urlErrorsPerItem.toFixed(2)} to at most ${(obs.urlErrorsPerItem * (1 - REDUCE_BY_PERCENT / 100)).toFixed(2)} per item)`}`,
        `FoundOnIAFD = Yes for at least 1 item (now ${obs.foundText})`,
        'No new kinds of error',
      ],
      changes,
      advice: [],
      successCriteria: [...IAFD_HEADERS_CRITERIA],
      failureIndicators: [...COMMON_FAILURE_INDICATORS],
      risk: 'low',
    },
    notes: [`Headers added to the IAFD requests in ${listWords(covered)}.`, ...notes],
  };
}

/** A Python dict literal of plain ASCII strings. */
function pythonDict(entries: Readonly<Record<string, string>>): string {
  return `{${Object.entries(entries)
    .map(([k, v]) => `'${k}': '${v}'`)
    .join(', ')}}`;
}
