// A plain-data outline of a Python 2.7 module, for code that edits agent sources (the fix
// recipes of main/engine/diagnose): its statements with their blocks, calls and assignments,
// and every name. Positions are indices into the given text (UTF-16 units, as tree-sitter
// reports them for a JavaScript string), so an edit can be cut out of the source exactly.
//
// It runs in this thread with its own parser (loaded once, by bytes, like the checker's):
// recipes read a handful of agent files per diagnosis, and the outline must not keep tree
// objects alive — every tree is deleted before the outline is returned.
import type { Node } from 'web-tree-sitter';
import { PythonParser } from './parser.ts';
import { wasmPaths } from './wasm.ts';

export interface Span {
  start: number;
  end: number;
  /** 1-based line of `start` */
  line: number;
  /** 1-based line of the last character */
  endLine: number;
}

export interface Arg {
  kind: 'positional' | 'keyword' | 'splat' | 'kwsplat';
  /** keyword arguments only */
  name?: string;
  text: string;
  span: Span;
}

export interface Call {
  /** the called expression as written, e.g. `HTTP.Request` */
  callee: string;
  span: Span;
  /** the argument list, parentheses included */
  argsSpan: Span;
  args: Arg[];
}

export interface Block {
  /** `body`, `else`, `finally`, `elif`, or `except` (its `header` is the clause's first line) */
  kind: 'body' | 'else' | 'finally' | 'elif' | 'except';
  header: string;
  statements: Stmt[];
}

export interface Stmt {
  /** tree-sitter's node type: function_definition, for_statement, try_statement, expression_statement, return_statement… */
  type: string;
  span: Span;
  /** the whitespace in front of the statement on its first line */
  indent: string;
  text: string;
  /** def / class name */
  name?: string;
  /** parameter names of a def, in order */
  parameters?: string[];
  /** a string that is a function's or class's first statement */
  isDocstring?: boolean;
  /** `x = …`, `a[k] = …`: the target text(s) and the value text */
  assign?: { targets: string[]; value: string };
  /** `return x`: x's text, or null for a bare return */
  returnValue?: string | null;
  /** `for x in xs:` */
  loop?: { target: string; iterable: string };
  /** calls in this statement, not in its nested blocks */
  calls: Call[];
  blocks: Block[];
}

export interface NameUse {
  name: string;
  span: Span;
  /** `attribute`: the `x` of `obj.x` · `keyword`: `f(x=1)` · `import-path`: a module path
   *  segment that binds nothing · `name`: every other use (reads, writes, defs, parameters) */
  role: 'name' | 'attribute' | 'keyword' | 'import-path';
}

export interface PythonOutline {
  /** the parser met syntax it could not read: positions near it may be wrong, so do not edit */
  hasError: boolean;
  statements: Stmt[];
  names: NameUse[];
  /** contents of every string literal (without quotes and prefixes) */
  strings: string[];
}

export interface FunctionInfo {
  stmt: Stmt;
  /** `Class.method` for methods, else the name */
  qualifiedName: string;
  /** the class it is defined in, if any */
  className?: string;
}

const PARSE_BUDGET_MS = 10_000;

let loaded: Promise<PythonParser> | undefined;
let wasmDirInUse: string | undefined;

/** Where the wasm files are (the app: `<resources>/wasm`); default node_modules. */
export function configurePythonOutline(wasmDir: string | undefined): void {
  if (wasmDir === wasmDirInUse) return;
  wasmDirInUse = wasmDir;
  loaded = undefined;
}

/** The outline of `text`. */
export async function outlinePython(text: string): Promise<PythonOutline> {
  loaded ??= PythonParser.load(wasmPaths(wasmDirInUse));
  const parser = await loaded;
  const tree = parser.parse(text, performance.now() + PARSE_BUDGET_MS);
  try {
    const walker = new OutlineWalker(text);
    const statements = walker.block(tree.rootNode);
    walker.collectNames(tree.rootNode);
    return { hasError: tree.rootNode.hasError, statements, names: walker.names, strings: walker.strings };
  } finally {
    tree.delete();
  }
}

/** Every def in the module, methods included, in source order. */
export function functionsOf(outline: Pick<PythonOutline, 'statements'>): FunctionInfo[] {
  const out: FunctionInfo[] = [];
  const visit = (stmts: readonly Stmt[], className: string | undefined) => {
    for (const s of stmts) {
      if (s.type === 'function_definition' && s.name) out.push({ stmt: s, qualifiedName: className ? `${className}.${s.name}` : s.name, ...(className ? { className } : {}) });
      const inner = s.type === 'class_definition' ? s.name : s.type === 'function_definition' ? undefined : className;
      for (const b of s.blocks) visit(b.statements, inner);
    }
  };
  visit(outline.statements, undefined);
  return out;
}

/** Each statement under `stmts`, nested blocks included, depth first. */
export function* walkStatements(stmts: readonly Stmt[]): Generator<Stmt> {
  for (const s of stmts) {
    yield s;
    for (const b of s.blocks) yield* walkStatements(b.statements);
  }
}

/** The first line of a node's text (for an `except …:` clause header). */
const firstLine = (text: string) => text.split('\n', 1)[0]!.trimEnd();

const BLOCK_HOLDERS: Record<string, Block['kind']> = {
  else_clause: 'else',
  finally_clause: 'finally',
  elif_clause: 'elif',
  except_clause: 'except',
};

class OutlineWalker {
  readonly names: NameUse[] = [];
  readonly strings: string[] = [];
  private readonly lineStarts: number[] = [0];
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  span(node: Node): Span {
    return { start: node.startIndex, end: node.endIndex, line: node.startPosition.row + 1, endLine: node.endPosition.row + 1 };
  }

  /** The statements of a module or a block node. */
  block(node: Node): Stmt[] {
    const out: Stmt[] = [];
    let first = true;
    for (const child of node.namedChildren) {
      if (!child || child.type === 'comment') continue;
      const stmt = this.statement(child);
      if (first && stmt.type === 'expression_statement' && child.namedChildCount === 1 && child.namedChild(0)?.type === 'string' && node.type === 'block') {
        const owner = node.parent?.type;
        if (owner === 'function_definition' || owner === 'class_definition') stmt.isDocstring = true;
      }
      first = false;
      out.push(stmt);
    }
    return out;
  }

  private statement(node0: Node): Stmt {
    // decorators belong to the def for editing purposes, but the def line is what recipes anchor on
    const node = node0.type === 'decorated_definition' ? (node0.childForFieldName('definition') ?? node0) : node0;
    const lineStart = this.lineStarts[node.startPosition.row]!;
    const stmt: Stmt = {
      type: node.type,
      span: this.span(node),
      indent: this.text.slice(lineStart, node.startIndex).match(/^[ \t]*/)![0],
      text: node.text,
      calls: [],
      blocks: [],
    };
    switch (node.type) {
      case 'function_definition':
      case 'class_definition': {
        stmt.name = node.childForFieldName('name')?.text;
        if (node.type === 'function_definition') stmt.parameters = parameterNames(node.childForFieldName('parameters'));
        const body = node.childForFieldName('body');
        if (body) stmt.blocks.push({ kind: 'body', header: firstLine(node.text), statements: this.block(body) });
        return stmt;
      }
      case 'expression_statement': {
        const inner = node.namedChild(0);
        if (inner?.type === 'assignment') {
          const targets: string[] = [];
          let a: Node | null = inner;
          let value = '';
          while (a?.type === 'assignment') {
            const left = a.childForFieldName('left');
            if (left) targets.push(left.text);
            const right: Node | null = a.childForFieldName('right');
            value = right?.text ?? '';
            a = right;
          }
          stmt.assign = { targets, value };
        }
        this.collectCalls(node, stmt.calls);
        return stmt;
      }
      case 'return_statement': {
        const value = node.namedChildren.find((c) => c && c.type !== 'comment');
        stmt.returnValue = value ? value.text : null;
        this.collectCalls(node, stmt.calls);
        return stmt;
      }
      default:
        break;
    }
    if (node.type === 'for_statement') {
      stmt.loop = { target: node.childForFieldName('left')?.text ?? '', iterable: node.childForFieldName('right')?.text ?? '' };
    }
    // compound statements: header calls, then each block
    for (const child of node.children) {
      if (!child) continue;
      if (child.type === 'block') {
        stmt.blocks.push({ kind: 'body', header: firstLine(node.text), statements: this.block(child) });
      } else if (child.type in BLOCK_HOLDERS) {
        const body = child.namedChildren.find((c) => c?.type === 'block');
        stmt.blocks.push({ kind: BLOCK_HOLDERS[child.type]!, header: firstLine(child.text), statements: body ? this.block(body) : [] });
        // an elif's condition may call something too
        for (const c of child.namedChildren) if (c && c.type !== 'block') this.collectCalls(c, stmt.calls);
      } else if (child.isNamed && child.type !== 'comment') {
        this.collectCalls(child, stmt.calls);
      }
    }
    return stmt;
  }

  /** Calls inside `node`, nested calls included, but not inside nested blocks or defs. */
  private collectCalls(node: Node, out: Call[]): void {
    if (node.type === 'block' || node.type === 'function_definition' || node.type === 'class_definition') return;
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      const argsNode = node.childForFieldName('arguments');
      if (fn && argsNode) out.push({ callee: fn.text, span: this.span(node), argsSpan: this.span(argsNode), args: argsNode.type === 'argument_list' ? this.args(argsNode) : [] });
    }
    for (const child of node.namedChildren) if (child) this.collectCalls(child, out);
  }

  private args(list: Node): Arg[] {
    const out: Arg[] = [];
    for (const a of list.namedChildren) {
      if (!a || a.type === 'comment') continue;
      const kind: Arg['kind'] = a.type === 'keyword_argument' ? 'keyword' : a.type === 'list_splat' ? 'splat' : a.type === 'dictionary_splat' ? 'kwsplat' : 'positional';
      out.push({ kind, ...(kind === 'keyword' ? { name: a.childForFieldName('name')?.text ?? '' } : {}), text: a.text, span: this.span(a) });
    }
    return out;
  }

  /** Every identifier, with the role the sandbox rules care about; every string's contents. */
  collectNames(root: Node): void {
    const cursor = root.walk();
    try {
      let descend = true;
      for (;;) {
        const node = cursor.currentNode;
        if (descend) {
          if (node.type === 'identifier') this.names.push({ name: node.text, span: this.span(node), role: roleOf(node) });
          else if (node.type === 'string') this.strings.push(node.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join(''));
        }
        if (descend && cursor.gotoFirstChild()) continue;
        if (cursor.gotoNextSibling()) {
          descend = true;
          continue;
        }
        if (!cursor.gotoParent()) break;
        descend = false;
      }
    } finally {
      cursor.delete();
    }
  }
}

function parameterNames(params: Node | null): string[] {
  if (!params) return [];
  const out: string[] = [];
  for (const p of params.namedChildren) {
    if (!p) continue;
    if (p.type === 'identifier') out.push(p.text);
    else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') out.push(p.childForFieldName('name')?.text ?? p.text);
    else if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') out.push(p.namedChild(0)?.text ?? p.text);
  }
  return out;
}

function isFieldOf(node: Node, field: string): boolean {
  const target = node.parent?.childForFieldName(field);
  return target !== null && target !== undefined && target.startIndex === node.startIndex && target.endIndex === node.endIndex;
}

function roleOf(node: Node): NameUse['role'] {
  const parent = node.parent;
  if (!parent) return 'name';
  if (parent.type === 'attribute' && isFieldOf(node, 'attribute')) return 'attribute';
  if (parent.type === 'keyword_argument' && isFieldOf(node, 'name')) return 'keyword';
  if (parent.type === 'dotted_name') {
    const holder = parent.parent;
    if (!holder || holder.type === 'relative_import') return 'import-path';
    if ((holder.type === 'import_from_statement' || holder.type === 'future_import_statement') && isFieldOf(parent, 'module_name')) return 'import-path';
    if (holder.type === 'aliased_import' && isFieldOf(parent, 'name')) return 'import-path';
    return parent.firstChild?.startIndex === node.startIndex ? 'name' : 'import-path';
  }
  return 'name';
}
