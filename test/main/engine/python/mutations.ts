// Deterministic mutations of real Python 2.7 files for the differential test: the mistakes an
// edit makes (a lost colon, a line indented one space off, a missing bracket or quote) and
// Python 3 or Python 2 lines dropped into the middle of working code.
import { seededRandom } from '../../../plex-sim/rng.ts';
import { py2Accepted, py3Only } from './snippets.ts';

export interface Mutation {
  kind: string;
  line: number;
  code: string;
}

const oneLiners = (codes: string[]) => codes.filter((c) => !c.includes('\n'));
const PY3_LINES = oneLiners(py3Only.map((s) => s.code));
const PY2_LINES = oneLiners(py2Accepted.filter((s) => !s.moduleOnly).map((s) => s.code));
const HEADER = /^\s*(if|elif|else|for|while|def|class|try|except|finally|with)\b.*:\s*$/;

type Mutator = (lines: string[], pick: (n: number) => number) => { line: number; lines: string[] } | undefined;

const indentOf = (line: string) => /^\s*/.exec(line)![0];
const codeLines = (lines: string[]) => lines.map((l, i) => (l.trim() && !l.trim().startsWith('#') ? i : -1)).filter((i) => i >= 0);

function choose(candidates: number[], pick: (n: number) => number): number | undefined {
  return candidates.length ? candidates[pick(candidates.length)] : undefined;
}

function replaceLine(lines: string[], i: number, ...replacement: string[]): string[] {
  return [...lines.slice(0, i), ...replacement, ...lines.slice(i + 1)];
}

const mutators: Record<string, Mutator> = {
  'drop-colon': (lines, pick) => {
    const i = choose(lines.map((l, k) => (HEADER.test(l) ? k : -1)).filter((k) => k >= 0), pick);
    return i === undefined ? undefined : { line: i, lines: replaceLine(lines, i, lines[i]!.replace(/:\s*$/, '')) };
  },
  'indent-one-more': (lines, pick) => {
    const i = choose(codeLines(lines), pick);
    return i === undefined ? undefined : { line: i, lines: replaceLine(lines, i, ' ' + lines[i]) };
  },
  'indent-one-less': (lines, pick) => {
    const i = choose(codeLines(lines).filter((k) => /^\s/.test(lines[k]!)), pick);
    return i === undefined ? undefined : { line: i, lines: replaceLine(lines, i, lines[i]!.slice(1)) };
  },
  'drop-bracket': (lines, pick) => {
    const i = choose(codeLines(lines).filter((k) => /[)\]}]/.test(lines[k]!)), pick);
    if (i === undefined) return undefined;
    const l = lines[i]!;
    const at = Math.max(l.lastIndexOf(')'), l.lastIndexOf(']'), l.lastIndexOf('}'));
    return { line: i, lines: replaceLine(lines, i, l.slice(0, at) + l.slice(at + 1)) };
  },
  'drop-quote': (lines, pick) => {
    const i = choose(codeLines(lines).filter((k) => /['"]/.test(lines[k]!)), pick);
    if (i === undefined) return undefined;
    const l = lines[i]!;
    const at = Math.max(l.lastIndexOf("'"), l.lastIndexOf('"'));
    return { line: i, lines: replaceLine(lines, i, l.slice(0, at) + l.slice(at + 1)) };
  },
  'tab-for-spaces': (lines, pick) => {
    const i = choose(codeLines(lines).filter((k) => /^ {8}/.test(lines[k]!)), pick);
    return i === undefined ? undefined : { line: i, lines: replaceLine(lines, i, '\t' + lines[i]!.slice(8)) };
  },
  'duplicate-line': (lines, pick) => {
    const i = choose(codeLines(lines), pick);
    return i === undefined ? undefined : { line: i, lines: replaceLine(lines, i, lines[i]!, lines[i]!) };
  },
  'inject-py3': (lines, pick) => inject(lines, pick, PY3_LINES),
  'inject-py2': (lines, pick) => inject(lines, pick, PY2_LINES),
};

/** a one-line snippet after a code line, at the depth the next statement would have */
function inject(lines: string[], pick: (n: number) => number, snippets: string[]) {
  const i = choose(codeLines(lines).filter((k) => !/[([{,\\]\s*$/.test(lines[k]!)), pick);
  if (i === undefined) return undefined;
  const line = lines[i]!;
  const indent = indentOf(line) + (HEADER.test(line) ? '    ' : '');
  const snippet = snippets[pick(snippets.length)]!;
  return { line: i + 1, lines: [...lines.slice(0, i + 1), indent + snippet, ...lines.slice(i + 1)] };
}

export const MUTATION_KINDS = Object.keys(mutators);

/** `count` mutations of the given sources, cycling through the kinds; same input → same output */
export function mutate(sources: { name: string; text: string }[], count: number, seed = 2701): (Mutation & { source: string })[] {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const out: (Mutation & { source: string })[] = [];
  for (let k = 0; out.length < count && k < count * 4; k++) {
    const source = sources[pick(sources.length)]!;
    const kind = MUTATION_KINDS[k % MUTATION_KINDS.length]!;
    const mutated = mutators[kind]!(source.text.split('\n'), pick);
    if (mutated) out.push({ kind, line: mutated.line + 1, code: mutated.lines.join('\n'), source: source.name });
  }
  return out;
}
