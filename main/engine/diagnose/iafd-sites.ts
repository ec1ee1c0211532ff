// Where an agent module talks to IAFD: every Plex fetch call whose URL comes from IAFD (a
// name or text mentioning IAFD, or a local built from one — `iafdURL = IAFD_CAST_URL.format(…)`),
// and every call that hands such a URL to one of the module's own helpers (`getCFScrape(iafdURL)`).
// The recipes edit these sites and nothing else.
import { functionsOf, outlinePython, type Arg, type Call, type FunctionInfo, type PythonOutline, type Stmt } from '../python/outline.ts';
import type { SourceFile } from './agent-source.ts';

/** Plex framework (and requests) calls that fetch a URL and accept `headers=`. */
export const FETCH_CALLS: ReadonlySet<string> = new Set([
  'HTTP.Request',
  'HTML.ElementFromURL',
  'XML.ElementFromURL',
  'XML.ObjectFromURL',
  'JSON.ObjectFromURL',
  'RSS.FeedFromURL',
  'requests.get',
  'requests.post',
  'requests.head',
]);

export interface IafdFetch {
  fn: FunctionInfo;
  /** the function-body statement (possibly nested) that holds the call */
  stmt: Stmt;
  call: Call;
  url: Arg;
  /** the call already passes headers (a `headers=` keyword) */
  hasHeaders: boolean;
  /** the call passes `**kwargs`, which may hold headers already */
  hasKwargs: boolean;
}

export interface IafdHelperCall {
  fn: FunctionInfo;
  stmt: Stmt;
  call: Call;
  /** the module's own function it calls */
  helper: string;
}

export interface IafdSites {
  fetches: IafdFetch[];
  helperCalls: IafdHelperCall[];
  /** functions holding either, in source order */
  functions: FunctionInfo[];
  /** module-level names whose value mentions IAFD (`IAFD_BASE`, `IAFD_SEARCH_URL`…) */
  moduleNames: Set<string>;
}

const MENTIONS_IAFD = /iafd/i;
/** an identifier, and whether it is called (`getFilmOnIAFD(…)` names a function, not a URL) */
const IDENTIFIERS = /[A-Za-z_][A-Za-z0-9_]*(\s*\()?/g;
const STRING_LITERAL = /(\[\s*)?[uUbBrR]{0,2}('''[\s\S]*?'''|"""[\s\S]*?"""|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")/g;

/** Does this expression come from IAFD, given the names known to hold IAFD values? A name
 *  that says IAFD (`iafdURL`, `IAFD_CAST_URL`, not a called `getFilmOnIAFD`) or holds one does; so does a string with
 *  IAFD's address, or a key that says IAFD (`FILMDICT['IAFDFilmURL']`). Prose that merely
 *  mentions IAFD (`log('IAFD Lookup Disabled')`) does not. */
export function isIafdExpression(text: string, iafdNames: ReadonlySet<string>): boolean {
  let literalSaysIafd = false;
  const code = text.replace(STRING_LITERAL, (_m, subscript: string | undefined, literal: string) => {
    if (/iafd\.com/i.test(literal) || (subscript !== undefined && MENTIONS_IAFD.test(literal))) literalSaysIafd = true;
    return subscript === undefined ? ' ' : '[ ';
  });
  if (literalSaysIafd) return true;
  for (const m of code.matchAll(IDENTIFIERS)) {
    const name = m[0].replace(/\s*\($/, '');
    if ((m[1] === undefined && MENTIONS_IAFD.test(name)) || iafdNames.has(name)) return true;
  }
  return false;
}

/** The statements of a function body, nested blocks included, nested defs excluded. */
export function* bodyStatements(stmts: readonly Stmt[]): Generator<Stmt> {
  for (const s of stmts) {
    yield s;
    if (s.type === 'function_definition' || s.type === 'class_definition') continue;
    for (const b of s.blocks) yield* bodyStatements(b.statements);
  }
}

export function findIafdSites(outline: PythonOutline): IafdSites {
  const moduleNames = taint(outline.statements.filter((s) => s.assign), new Set());
  const moduleFunctions = new Set(outline.statements.filter((s) => s.type === 'function_definition' && s.name).map((s) => s.name!));
  const fetches: IafdFetch[] = [];
  const helperCalls: IafdHelperCall[] = [];
  const functions: FunctionInfo[] = [];
  for (const fn of functionsOf(outline)) {
    const body = fn.stmt.blocks[0]?.statements ?? [];
    const stmts = [...bodyStatements(body)];
    const names = taint(
      stmts.filter((s) => s.assign),
      moduleNames,
    );
    let holds = false;
    for (const stmt of stmts) {
      for (const call of stmt.calls) {
        const url = urlArgument(call);
        if (!url || !isIafdExpression(url.text, names)) continue;
        if (FETCH_CALLS.has(call.callee)) {
          fetches.push({ fn, stmt, call, url, hasHeaders: call.args.some((a) => a.kind === 'keyword' && a.name === 'headers'), hasKwargs: call.args.some((a) => a.kind === 'kwsplat') });
          holds = true;
        } else if (moduleFunctions.has(call.callee) && call.callee !== fn.stmt.name) {
          helperCalls.push({ fn, stmt, call, helper: call.callee });
          holds = true;
        }
      }
    }
    if (holds) functions.push(fn);
  }
  return { fetches, helperCalls, functions, moduleNames };
}

/** The URL a fetch call is given: its first positional argument, or `url=`. */
function urlArgument(call: Call): Arg | undefined {
  return call.args.find((a) => a.kind === 'keyword' && a.name === 'url') ?? call.args.find((a) => a.kind === 'positional');
}

/** Names assigned (directly) from IAFD expressions, to a fixed point: `b = a + x` after `a = IAFD_BASE`. */
function taint(assignments: readonly Stmt[], known: ReadonlySet<string>): Set<string> {
  const names = new Set(known);
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of assignments) {
      if (!isIafdExpression(s.assign!.value, names)) continue;
      for (const target of s.assign!.targets) {
        if (/^[A-Za-z_]\w*$/.test(target) && !names.has(target)) {
          names.add(target);
          changed = true;
        }
      }
    }
  }
  return names;
}

/** Each readable module with its outline and IAFD sites; a module the parser could not read
 *  fully is left out, with a note (positions near a parse error are not safe to edit). */
export async function iafdSitesOf(files: readonly SourceFile[], notes: string[]): Promise<{ file: SourceFile; outline: PythonOutline; sites: IafdSites }[]> {
  const out: { file: SourceFile; outline: PythonOutline; sites: IafdSites }[] = [];
  for (const file of files) {
    const outline = await outlinePython(file.text);
    if (outline.hasError) notes.push(`${file.path} has code the parser could not read, so it was left alone.`);
    else out.push({ file, outline, sites: findIafdSites(outline) });
  }
  return out;
}
