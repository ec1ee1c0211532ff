// Sandbox name error at plug-in start → rename the `_`-prefixed names of the agent's modules
// consistently, every use in the module at once. The names come from the same sandbox rules
// Plex applies (the Python checker), not from the log alone: the log names one refusal per
// start, the code may hold more. Dunder builtins (`__file__`, `__name__`) cannot be renamed —
// the code relies on Python filling them in — so they get advice, as does a name another
// module or a string refers to (renaming it here would break that reference).
import type { Change } from '../../../../shared/fix.ts';
import { COMMON_FAILURE_INDICATORS, RENAME_CRITERIA } from '../criteria.ts';
import type { TextEdit } from '../edits.ts';
import { checkPython } from '../../python/index.ts';
import { outlinePython, type PythonOutline } from '../../python/outline.ts';
import type { SourceFile } from '../agent-source.ts';
import { gatedChanges, listWords, noSourceNote, nothing, slug, usedNames, type Recipe, type RecipeInput, type RecipeOutcome } from '../recipe.ts';

export const RENAME_RECIPE_ID = 'rename-restricted-names';

const DUNDER = /^__\w+__$/;
const REFUSED_NAME = /"([^"]+)" is an invalid variable name because it starts with "_"/;
const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement']);
/** Python 2.7 keywords and the builtins a new name must not shadow */
const RESERVED = new Set(
  'and as assert break class continue def del elif else except exec finally for from global if import in is lambda not or pass print raise return try while with yield None True False self cls str int list dict set type id len open file object range input format map filter'.split(' '),
);

export const restrictedNamesRecipe: Recipe = {
  id: RENAME_RECIPE_ID,
  title: 'Rename the names Plex\'s sandbox refuses',
  run,
};

interface Refused {
  file: SourceFile;
  name: string;
  line: number;
}

async function run(input: RecipeInput): Promise<RecipeOutcome> {
  if (!input.source) return nothing(noSourceNote(input));
  const refused: Refused[] = [];
  for (const file of input.source.files) {
    const check = await checkPython(file.text, { path: file.path });
    for (const f of check.findings) {
      const name = f.rule === 'restricted-name' ? REFUSED_NAME.exec(f.message)?.[1] : undefined;
      if (name && !refused.some((r) => r.file === file && r.name === name)) refused.push({ file, name, line: f.line });
    }
  }
  if (refused.length === 0) {
    const last = input.agent.pluginStarts.at(-1);
    return nothing(`${input.source.bundle.name}.bundle has no name Plex's sandbox refuses any more, so the refusal in the log is from older code${last ? ` (the last start, ${last.at}, ${last.ok ? 'succeeded' : 'failed'})` : ''}.`);
  }

  const outlines = new Map<SourceFile, PythonOutline>();
  for (const file of input.source.files) outlines.set(file, await outlinePython(file.text));
  const notes: string[] = [];
  const advice: string[] = [];
  const renames: { file: SourceFile; from: string; to: string; uses: number }[] = [];
  const editsByFile = new Map<SourceFile, TextEdit[]>();
  for (const r of refused) {
    const outline = outlines.get(r.file)!;
    const where = `${r.file.name}, line ${r.line}`;
    if (DUNDER.test(r.name)) {
      advice.push(`${r.name} (${where}): Plex's sandbox refuses it and Python fills it in, so it cannot be renamed. The code that uses it must do without it; this needs a person.`);
      continue;
    }
    const reason = whyNotRenamable(r, outline, outlines);
    if (reason) {
      advice.push(`${r.name} (${where}): ${reason} Rename it by hand everywhere it is used.`);
      continue;
    }
    const to = newName(r.name, usedNames(outline));
    const uses = outline.names.filter((n) => n.name === r.name && (n.role === 'name' || n.role === 'keyword'));
    const edits = editsByFile.get(r.file) ?? [];
    for (const u of uses) edits.push({ start: u.span.start, end: u.span.end, text: to });
    editsByFile.set(r.file, edits);
    renames.push({ file: r.file, from: r.name, to, uses: uses.length });
  }
  if (renames.length === 0) return nothing(...advice);

  const changes: Change[] = [];
  for (const [file, edits] of editsByFile) {
    const gated = await gatedChanges(file, edits);
    if ('problem' in gated) return nothing(...advice, `No change proposed: ${gated.problem}.`);
    changes.push(...gated.changes);
  }
  const agent = input.agent.agent;
  const failedStarts = input.agent.pluginStarts.filter((s) => !s.ok);
  const logged = input.evidence.signatures.find((s) => s.id === 'restricted-name')?.examples[0];
  const loggedLine = logged ? /SyntaxError: Line \d+: "[^"]+" is an invalid variable name[^\n]*/.exec(logged)?.[0] : undefined;
  const renamedText = renames.map((r) => `${r.from} → ${r.to} (${r.file.name}, ${r.uses} use${r.uses === 1 ? '' : 's'})`);
  notes.push(`Renamed: ${listWords(renamedText)}.`);
  return {
    fix: {
      id: `${RENAME_RECIPE_ID}-${slug(agent)}`,
      title: `Rename the names Plex refuses in ${agent}'s code`,
      priority: 1,
      agents: [agent],
      signatures: input.evidence.signatures.filter((s) => s.id === 'restricted-name' || s.id === 'plugin-start-failed').map((s) => s.id),
      rootCause: `Plex's sandbox refuses to load code with names that start with "_"${loggedLine ? ` (the log: ${loggedLine})` : ''}. ${agent}'s code has ${refused.length} such name${refused.length === 1 ? '' : 's'}: ${listWords(refused.map((r) => `${r.name} (${r.file.name}, line ${r.line})`))}.`,
      before: [
        failedStarts.length > 0
          ? `The plug-in failed to start ${failedStarts.length} time${failedStarts.length === 1 ? '' : 's'} of ${input.agent.pluginStarts.length}: while it is down, none of its items get metadata`
          : 'Plex refused a name in the plug-in\'s code when it started',
      ],
      after: [`The plug-in starts ("Started plug-in" in its log)`, `${listWords(renamedText)}`, 'No new kinds of error'],
      changes,
      advice,
      successCriteria: [...RENAME_CRITERIA],
      failureIndicators: [...COMMON_FAILURE_INDICATORS],
      risk: 'low',
    },
    notes: [...notes, ...advice],
  };
}

/** Why renaming `r.name` within its module could break something, or null. */
function whyNotRenamable(r: Refused, outline: PythonOutline, all: ReadonlyMap<SourceFile, PythonOutline>): string | null {
  if (outline.strings.includes(r.name)) return 'a string in the module holds exactly this name, so code may look it up by name.';
  const imported = outline.statements.some((s) => IMPORT_TYPES.has(s.type) && new RegExp(`(?<![\\w.])${r.name}\\b`).test(s.text));
  if (imported) return 'it comes from an import, so its module must change too.';
  for (const [other, o] of all) {
    if (other !== r.file && o.names.some((n) => n.name === r.name)) return `${other.name} uses it too.`;
  }
  return null;
}

/** `_add_pgma_stubs_to_path` → `add_pgma_stubs_to_path`, or a variant the module does not use. */
function newName(old: string, used: ReadonlySet<string>): string {
  const base = old.replace(/^_+/, '') || 'renamed';
  const candidates = [base, `${base}_fn`, `agent_${base}`, ...Array.from({ length: 50 }, (_, i) => `${base}${i + 2}`)];
  return candidates.find((c) => !used.has(c) && !RESERVED.has(c) && /^[A-Za-z]/.test(c))!;
}
