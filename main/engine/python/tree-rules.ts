// One TreeCursor walk over the parse tree (python-check.md §4.5, §7): Python-3-only shapes
// that tree-sitter's grammar accepts, and the mistakes both Pythons reject that still parse
// cleanly (`return` outside a function, `def f(a=1, b)`, …). Each ancestor has a frame on a
// stack; nodes with an order to check (parameters, call arguments) keep a small state machine
// fed with their children as the walk meets them, so no node is visited twice.
import type { Language, Node, Tree, TreeCursor } from 'web-tree-sitter';
import type { Findings, Severity } from './finding.ts';
import type { ParseText } from './parse-text.ts';
import type { PythonParser } from './parser.ts';

/** the `from __future__` features Python 2.7 knows (plus `braces`, its joke) */
const PY27_FUTURES = new Set(['nested_scopes', 'generators', 'division', 'absolute_import', 'with_statement', 'print_function', 'unicode_literals']);
const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition', 'module']);
const LOOP_TYPES = new Set(['for_statement', 'while_statement']);
const AUGMENTABLE = new Set(['identifier', 'attribute', 'subscript']);
const PUNCTUATION = new Set(['(', ')', ',', ':', 'comment', 'line_continuation']);

interface Scope {
  kind: 'module' | 'function' | 'class';
  hasYield: boolean;
  returnsValue: boolean;
  generatorReported: boolean;
}

interface ArgumentOrder {
  /** 0 positional/keyword · 1 after `*x` · 2 after `**x` */
  phase: 0 | 1 | 2;
  sawKeyword: boolean;
  keywords: Set<string>;
  last: 'arg' | 'splat' | 'comma';
  lastArg: 'arg' | 'splat';
  classBases: boolean;
  reported: boolean;
}

interface ParameterOrder {
  sawDefault: boolean;
  sawStar: boolean;
  /** the star was a bare `*` (already reported as Python 3) */
  bareStar: boolean;
  sawDoubleStar: boolean;
  lastParam: 'plain' | 'splat' | undefined;
  /** the last child was a comma: where it is */
  trailingComma: { row: number; column: number } | undefined;
  names: Set<string>;
}

interface Frame {
  type: string;
  /** children met so far */
  children: number;
  /** its children feed one of the ordered checks (child()) */
  watch: boolean;
  scope?: Scope;
  args?: ArgumentOrder;
  params?: ParameterOrder;
  /** return_statement: where it starts (for generator errors) */
  at?: { row: number; column: number };
  /** module: `from __future__` is still allowed here */
  futureAllowed?: boolean;
  /** module: statements met so far */
  statements?: number;
  /** except_clause: a bare `except:` */
  bare?: boolean;
  /** try_statement: a bare `except:` waiting to see whether another handler follows */
  pendingBare?: { row: number; column: number };
}

/** node types enter() handles, and parents whose children child() follows */
const ENTERED = new Set([
  'comment', 'import_statement', 'import_from_statement', 'dotted_name', 'global_statement', 'pass_statement', 'function_definition', 'lambda', 'class_definition', 'nonlocal_statement', 'match_statement', 'named_expression',
  'type_parameter', 'typed_parameter', 'typed_default_parameter', 'keyword_separator', 'positional_separator', 'parenthesized_list_splat',
  'await', 'yield', 'return_statement', 'break_statement', 'continue_statement', 'as_pattern', 'list_splat_pattern', 'list_splat',
  'dictionary_splat', 'ellipsis', 'argument_list', 'parameters', 'lambda_parameters', 'except_clause', 'module', 'string',
  'future_import_statement', 'print_statement', 'decorator', 'with_clause', 'type_alias_statement', 'delete_statement',
]);
const WATCHED = new Set([
  'argument_list', 'parameters', 'lambda_parameters', 'module', 'function_definition', 'for_statement', 'with_statement', 'for_in_clause',
  'except_clause', 'try_statement', 'yield', 'raise_statement', 'binary_operator', 'augmented_assignment', 'assignment', 'return_statement',
]);

interface TypeTable {
  names: string[];
  enters: Uint8Array;
  watches: Uint8Array;
}
const typeTables = new WeakMap<Language, TypeTable>();

/** Node type names by id, and which ids the walk must stop at (built once per language). */
function typeTable(language: Language): TypeTable {
  let table = typeTables.get(language);
  if (!table) {
    const names = Array.from({ length: language.nodeTypeCount }, (_, id) => language.nodeTypeForId(id) ?? '');
    table = {
      names,
      enters: Uint8Array.from(names, (n) => (ENTERED.has(n) ? 1 : 0)),
      watches: Uint8Array.from(names, (n) => (WATCHED.has(n) ? 1 : 0)),
    };
    typeTables.set(language, table);
  }
  return table;
}

export interface TreeFacts {
  futures: Set<string>;
}

export function checkTree(tree: Tree, parseText: ParseText, parser: PythonParser, findings: Findings, sandbox: boolean, deadline: number): TreeFacts {
  const walker = new Walker(parseText, parser, findings, sandbox, deadline);
  walker.walk(tree);
  return { futures: walker.futures };
}

class Walker {
  readonly futures = new Set<string>();
  private readonly scopes: Scope[] = [{ kind: 'module', hasYield: false, returnsValue: false, generatorReported: false }];
  private readonly stack: Frame[] = [];
  private readonly text: string;
  private readonly parseText: ParseText;
  private readonly parser: PythonParser;
  private readonly findings: Findings;
  private readonly sandbox: boolean;
  private readonly deadline: number;

  constructor(parseText: ParseText, parser: PythonParser, findings: Findings, sandbox: boolean, deadline: number) {
    this.parseText = parseText;
    this.text = parseText.text;
    this.parser = parser;
    this.findings = findings;
    this.sandbox = sandbox;
    this.deadline = deadline;
  }

  walk(tree: Tree): void {
    const { names, enters, watches } = typeTable(tree.language);
    const cursor = tree.walk();
    const stack = this.stack;
    try {
      for (;;) {
        const id = cursor.nodeTypeId;
        // ERROR nodes have an id past the table: syntax-errors.ts reports them, their insides are noise
        const known = id < names.length;
        const type = known ? names[id]! : 'ERROR';
        const parent = stack[stack.length - 1];
        if (parent) {
          parent.children++;
          if (parent.watch) this.child(parent, type, cursor);
        }
        // undefined: do not descend · null: nothing to track, a plain frame if it has children
        const frame = !known ? undefined : enters[id] ? this.enter(type, cursor, parent) : null;
        if (frame !== undefined && cursor.gotoFirstChild()) {
          stack.push(frame ?? { type, children: 0, watch: watches[id] === 1 });
          continue;
        }
        if (frame) this.leave(frame);
        while (!cursor.gotoNextSibling()) {
          if (!cursor.gotoParent()) return;
          this.leave(stack.pop()!);
        }
      }
    } finally {
      cursor.delete();
    }
  }

  // ---- reporting -------------------------------------------------------------------

  private report(rule: string, severity: Severity, at: { startPosition: { row: number; column: number } }, message: string): void {
    const { row, column } = at.startPosition;
    this.findings.add(rule, severity, row, this.parseText.toSourceColumn(row, column), message);
  }

  private reportAt(rule: string, point: { row: number; column: number }, message: string): void {
    this.findings.add(rule, 'error', point.row, this.parseText.toSourceColumn(point.row, point.column), message);
  }

  private py3(at: TreeCursor | Node, rule: string, message: string): void {
    this.report(rule, 'error', at, message);
  }

  // ---- entering a node ---------------------------------------------------------------

  /** @returns a frame to track this node with, null for none, undefined to skip its inside */
  private enter(type: string, c: TreeCursor, parent: Frame | undefined): Frame | null | undefined {
    switch (type) {
      case 'comment':
      case 'import_statement':
      case 'import_from_statement':
      case 'dotted_name':
      case 'global_statement':
      case 'pass_statement':
        return undefined; // nothing inside concerns this walk (imported names are the sandbox's)
      case 'function_definition':
        return this.scoped(type, 'function');
      case 'lambda':
        return c.nodeIsNamed ? this.scoped(type, 'function') : undefined;
      case 'class_definition':
        return this.scoped(type, 'class');
      case 'nonlocal_statement':
        this.py3(c, 'py3-nonlocal', '"nonlocal" is Python 3 only; in Python 2.7 use a mutable container (e.g. a list) or an attribute.');
        break;
      case 'match_statement':
        this.py3(c, 'py3-match', '"match"/"case" statements are Python 3.10+ only; use if/elif.');
        break;
      case 'named_expression':
        this.py3(c, 'py3-walrus', 'The ":=" operator is Python 3.8+ only; assign on a separate line.');
        break;
      case 'type_parameter':
        this.py3(c, 'py3-type-parameters', 'Type parameters ([T]) are Python 3.12+ only.');
        break;
      case 'typed_parameter':
      case 'typed_default_parameter':
        this.py3(c, 'py3-annotation', 'Parameter annotations (name: type) are Python 3 only; remove the annotation.');
        break;
      case 'keyword_separator':
        this.py3(c, 'py3-keyword-only', 'A bare "*" (keyword-only parameters) is Python 3 only.');
        break;
      case 'positional_separator':
        this.py3(c, 'py3-positional-only', 'The "/" parameter separator is Python 3.8+ only.');
        break;
      case 'parenthesized_list_splat':
        this.py3(c, 'py3-unpacking', 'Starred expressions here are Python 3 only.');
        break;
      case 'await':
        if (c.nodeIsNamed) this.py3(c, 'py3-await', '"await" is Python 3.5+ only.');
        break;
      case 'yield':
        if (c.nodeIsNamed) this.yieldFound(c);
        break;
      case 'return_statement':
        return this.returnFound(c);
      case 'break_statement':
        if (!this.inLoop(false)) this.report('break-outside-loop', 'error', c, '"break" outside a loop.');
        break;
      case 'continue_statement':
        this.continueFound(c);
        break;
      case 'as_pattern':
        if (parent && parent.type !== 'with_item' && parent.type !== 'except_clause' && parent.type !== 'case_pattern') {
          this.report('invalid-as', 'error', c, '"as" is only allowed in import, with and except statements.');
        }
        break;
      case 'list_splat_pattern':
        if (parent && parent.type !== 'parameters' && parent.type !== 'lambda_parameters' && parent.type !== 'typed_parameter') {
          this.py3(c, 'py3-star-target', 'Starred assignment targets (a, *b = …) are Python 3 only.');
        }
        break;
      case 'list_splat':
        if (parent && parent.type !== 'argument_list') this.py3(c, 'py3-unpacking', 'Unpacking with "*" here ([*a], (*a, b), x[*a]) is Python 3.5+ only.');
        break;
      case 'dictionary_splat':
        if (parent?.type === 'dictionary') this.py3(c, 'py3-unpacking', 'Unpacking with "**" inside a dict ({**a}) is Python 3.5+ only; use dict(a, …) or .update().');
        break;
      case 'ellipsis':
        if (!(parent?.type === 'subscript' && parent.children > 1)) this.py3(c, 'py3-ellipsis', 'A bare "..." outside a subscript is Python 3 only.');
        break;
      case 'argument_list':
        return this.frame(type, { args: newArgumentOrder(parent?.type === 'class_definition') });
      case 'parameters':
      case 'lambda_parameters':
        return this.frame(type, { params: { sawDefault: false, sawStar: false, bareStar: false, sawDoubleStar: false, lastParam: undefined, trailingComma: undefined, names: new Set() } });
      case 'except_clause':
        return this.frame(type, { bare: false });
      case 'module':
        return this.frame(type, { futureAllowed: true, statements: 0 });
      case 'string':
        if (this.text.charCodeAt(c.startIndex) === 96) this.backticks(c);
        return undefined; // the scan judged the literal; nothing inside matters here
      case 'future_import_statement':
        this.futureImport(c.currentNode, parent);
        break;
      case 'print_statement':
        if (this.futures.has('print_function')) this.printStatement(c.currentNode);
        break;
      case 'decorator':
        this.decorator(c.currentNode);
        break;
      case 'with_clause':
        this.withClause(c.currentNode);
        break;
      case 'type_alias_statement':
        this.typeAlias(c.currentNode);
        break;
      case 'delete_statement':
        this.deleteStatement(c.currentNode);
        break;
    }
    return null;
  }

  private frame(type: string, extra: Partial<Frame> = {}): Frame {
    return { type, children: 0, watch: WATCHED.has(type), ...extra };
  }

  private scoped(type: string, kind: Scope['kind']): Frame {
    const scope: Scope = { kind, hasYield: false, returnsValue: false, generatorReported: false };
    this.scopes.push(scope);
    return this.frame(type, { scope });
  }

  private leave(frame: Frame): void {
    if (frame.scope) this.scopes.pop();
    else if (frame.params) this.paramsDone(frame.params);
    else if (frame.bare) {
      const tryFrame = this.stack[this.stack.length - 1];
      if (tryFrame?.type === 'try_statement') tryFrame.pendingBare = frame.at;
    }
  }

  // ---- children of a node, in order --------------------------------------------------

  private child(parent: Frame, type: string, c: TreeCursor): void {
    switch (parent.type) {
      case 'argument_list':
        return this.argument(parent.args!, type, c);
      case 'parameters':
      case 'lambda_parameters':
        return this.parameter(parent.params!, type, c);
      case 'module':
        return this.moduleStatement(parent, type, c);
      case 'function_definition':
        if (type === 'async') this.py3(c, 'py3-async', '"async def" is Python 3.5+ only.');
        else if (type === '->') this.py3(c, 'py3-annotation', 'Return annotations (-> type) are Python 3 only; remove the annotation.');
        return;
      case 'for_statement':
      case 'with_statement':
        if (type === 'async') this.py3(c, 'py3-async', `"async ${parent.type === 'for_statement' ? 'for' : 'with'}" is Python 3.5+ only.`);
        return;
      case 'for_in_clause':
        if (type === 'async') this.py3(c, 'py3-async', 'Asynchronous comprehensions ("async for" inside brackets) are Python 3.6+ only.');
        else if (type === ',') this.comprehensionTuple(c);
        return;
      case 'except_clause':
        if (parent.children === 1) parent.at = c.startPosition;
        else if (parent.children === 2) parent.bare = type === ':';
        if (type === '*') this.py3(c, 'py3-except-star', '"except*" is Python 3.11+ only.');
        return;
      case 'try_statement':
        if (type === 'except_clause' && parent.pendingBare) {
          this.reportAt('bare-except-not-last', parent.pendingBare, 'A bare "except:" must be the last except clause.');
          parent.pendingBare = undefined;
        }
        return;
      case 'yield':
        if (type === 'from') this.py3(c, 'py3-yield-from', '"yield from" is Python 3.3+ only; loop and yield each item.');
        return;
      case 'raise_statement':
        if (type === 'from') this.py3(c, 'py3-raise-from', '"raise … from …" is Python 3 only; raise the new exception alone.');
        return;
      case 'binary_operator':
        if (type === '@') this.py3(c, 'py3-matmul', 'The "@" operator is Python 3.5+ only.');
        return;
      case 'augmented_assignment':
        if (type === '@=') this.py3(c, 'py3-matmul', 'The "@=" operator is Python 3.5+ only.');
        else if (parent.children === 1 && !AUGMENTABLE.has(type)) {
          this.report('invalid-augmented-target', 'error', c, 'Illegal target for augmented assignment: only a name, attribute or subscript can be updated with +=, -= and the like.');
        }
        return;
      case 'assignment':
        if (type === ':') this.py3(c, 'py3-annotation', 'Variable annotations (x: type = …) are Python 3.6+ only; remove the annotation.');
        return;
      case 'return_statement':
        if (parent.children === 2 && type !== 'comment') this.valuedReturn(parent);
        return;
    }
  }

  // ---- scopes: return, yield, loops ---------------------------------------------------

  private get scope(): Scope {
    return this.scopes[this.scopes.length - 1]!;
  }

  private returnFound(c: TreeCursor): Frame {
    const at = c.startPosition;
    if (this.scope.kind !== 'function') this.reportAt('return-outside-function', at, '"return" outside a function.');
    return this.frame('return_statement', { at });
  }

  private valuedReturn(frame: Frame): void {
    const scope = this.scope;
    if (scope.kind !== 'function') return;
    if (scope.hasYield && !scope.generatorReported) {
      scope.generatorReported = true;
      this.reportAt('py3-return-in-generator', frame.at!, '"return" with a value inside a generator (a function with "yield") is Python 3 only; use a bare "return".');
    }
    scope.returnsValue = true;
  }

  private yieldFound(c: TreeCursor): void {
    const scope = this.scope;
    if (scope.kind !== 'function') {
      this.report('yield-outside-function', 'error', c, '"yield" outside a function.');
    } else if (scope.returnsValue && !scope.generatorReported) {
      scope.generatorReported = true;
      this.report('py3-return-in-generator', 'error', c, '"yield" in a function that also returns a value is Python 3 only; use a bare "return".');
    }
    scope.hasYield = true;
    if (this.sandbox) this.report('restricted-yield', 'warning', c, 'Plex\'s sandbox may refuse "yield" (RestrictedPython rejects it; no working agent uses it).');
  }

  /** Is the statement on top of the stack inside a loop body of the same function? */
  private inLoop(stopAtFinally: boolean): boolean | 'finally' {
    const stack = this.stack;
    for (let k = stack.length - 1; k > 0; k--) {
      const type = stack[k]!.type;
      if (type === 'block' && LOOP_TYPES.has(stack[k - 1]!.type)) return true;
      if (stopAtFinally && type === 'finally_clause') return 'finally';
      if (SCOPE_TYPES.has(type)) return false;
    }
    return false;
  }

  private continueFound(c: TreeCursor): void {
    const where = this.inLoop(true);
    if (where === 'finally') this.report('continue-in-finally', 'error', c, '"continue" is not allowed inside a "finally" clause in Python 2.7.');
    else if (!where) this.report('continue-outside-loop', 'error', c, '"continue" outside a loop.');
  }

  // ---- ordered children: call arguments and parameters -------------------------------

  private argument(state: ArgumentOrder, type: string, c: TreeCursor): void {
    if (type === '(' || type === 'comment') return;
    if (type === ',') {
      state.last = 'comma';
      return;
    }
    if (type === ')') {
      if (state.last === 'comma' && state.lastArg === 'splat' && !state.reported) {
        this.py3(c, 'py3-call-unpacking', 'A trailing comma after *args or **kwargs in a call is Python 3 only.');
      }
      return;
    }
    if (state.classBases) {
      if ((type === 'keyword_argument' || type === 'list_splat' || type === 'dictionary_splat') && !state.reported) {
        state.reported = true;
        this.py3(c, 'py3-class-keywords', 'Keywords or unpacking in a class definition (metaclass=…) are Python 3 only; set __metaclass__ in the class body.');
      }
      return;
    }
    const splat = type === 'list_splat' || type === 'dictionary_splat';
    state.last = splat ? 'splat' : 'arg';
    state.lastArg = state.last;
    if (state.reported) return;
    const flag = (rule: string, message: string) => {
      state.reported = true;
      this.report(rule, 'error', c, message);
    };
    if (type === 'keyword_argument') {
      if (state.phase === 2) flag('py3-call-unpacking', 'A keyword argument after **kwargs is Python 3.5+ only; put it before.');
      const name = identifierAt(this.text, c.startIndex);
      if (state.keywords.has(name)) flag('duplicate-keyword', `Keyword argument "${name}" is repeated.`);
      state.keywords.add(name);
      state.sawKeyword = true;
    } else if (type === 'list_splat') {
      if (state.phase === 2) flag('invalid-argument-order', '*args cannot follow **kwargs.');
      else if (state.phase === 1) flag('py3-call-unpacking', 'More than one *args in a call is Python 3.5+ only.');
      state.phase = 1;
    } else if (type === 'dictionary_splat') {
      if (state.phase === 2) flag('py3-call-unpacking', 'More than one **kwargs in a call is Python 3.5+ only.');
      state.phase = 2;
    } else if (state.phase === 2) {
      flag('invalid-argument-order', 'A positional argument cannot follow **kwargs.');
    } else if (state.phase === 1) {
      flag('py3-call-unpacking', 'A positional argument after *args is Python 3.5+ only; Python 2.7 allows only keyword arguments there.');
    } else if (state.sawKeyword) {
      flag('invalid-argument-order', 'A positional argument cannot follow a keyword argument.');
    }
  }

  private parameter(state: ParameterOrder, type: string, c: TreeCursor): void {
    if (type === ',') {
      state.trailingComma = c.startPosition;
      return;
    }
    if (PUNCTUATION.has(type)) return;
    state.trailingComma = undefined;
    if (type === 'keyword_separator' || type === 'positional_separator') {
      if (type === 'keyword_separator') state.sawStar = state.bareStar = true;
      state.lastParam = 'splat';
      return;
    }
    const names = type === 'tuple_pattern' ? tupleNames(c.currentNode) : [identifierAt(this.text, c.startIndex)];
    for (const name of names) {
      if (!name) continue;
      if (state.names.has(name)) this.report('duplicate-argument', 'error', c, `Duplicate parameter "${name}" in the function definition.`);
      state.names.add(name);
    }
    if (type === 'list_splat_pattern') {
      if (state.sawStar || state.sawDoubleStar) this.report('invalid-parameter-order', 'error', c, '*args must come once, before **kwargs.');
      state.sawStar = true;
      state.lastParam = 'splat';
      return;
    }
    if (type === 'dictionary_splat_pattern') {
      if (state.sawDoubleStar) this.report('invalid-parameter-order', 'error', c, '**kwargs can appear only once.');
      state.sawDoubleStar = true;
      state.lastParam = 'splat';
      return;
    }
    const hasDefault = type === 'default_parameter' || type === 'typed_default_parameter';
    if (state.sawDoubleStar) {
      this.report('invalid-parameter-order', 'error', c, 'No parameter can follow **kwargs.');
    } else if (state.sawStar) {
      if (!state.bareStar && type !== 'typed_parameter' && type !== 'typed_default_parameter') {
        this.py3(c, 'py3-keyword-only', 'Parameters after *args (keyword-only parameters) are Python 3 only.');
      }
    } else if (hasDefault) {
      state.sawDefault = true;
    } else if (state.sawDefault && type !== 'typed_parameter') {
      this.report('non-default-after-default', 'error', c, 'A parameter without a default cannot follow one with a default.');
    }
    state.lastParam = 'plain';
  }

  private paramsDone(state: ParameterOrder): void {
    if (state.trailingComma && state.lastParam === 'splat' && (state.sawStar || state.sawDoubleStar)) {
      this.reportAt('py3-trailing-comma', state.trailingComma, 'A trailing comma after *args or **kwargs in a definition is Python 3.6+ only.');
    }
  }

  // ---- module level: __future__ -------------------------------------------------------

  private moduleStatement(module: Frame, type: string, c: TreeCursor): void {
    if (type === 'comment' || type === ';') return;
    module.statements = (module.statements ?? 0) + 1;
    if (!module.futureAllowed || type === 'future_import_statement') return;
    const docstring = module.statements === 1 && type === 'expression_statement' && isDocstring(c.currentNode);
    if (!docstring) module.futureAllowed = false;
  }

  private futureImport(node: Node, parent: Frame | undefined): void {
    const late = !(parent?.type === 'module' && parent.futureAllowed);
    if (late) this.report('late-future-import', 'error', node, '"from __future__ import" must come first in the file (only the docstring and comments may precede it).');
    for (const nameNode of node.childrenForFieldName('name')) {
      const feature = (nameNode.type === 'aliased_import' ? nameNode.childForFieldName('name') : nameNode)?.text ?? '';
      if (feature === 'braces') this.report('syntax-error', 'error', nameNode, 'not a chance — Python has no braces (from __future__ import braces).');
      else if (!PY27_FUTURES.has(feature)) this.report('py3-future', 'error', nameNode, `"from __future__ import ${feature}" does not exist in Python 2.7.`);
      else if (!late) this.futures.add(feature);
    }
  }

  // ---- single-node shapes -------------------------------------------------------------

  private printStatement(node: Node): void {
    const second = node.child(1);
    if (second?.type === 'chevron') return;
    const rest = this.text.slice(node.startIndex + 'print'.length).trimStart();
    if (!rest.startsWith('(')) this.report('print-statement', 'error', node, 'This file imports print_function, so print is a function: write print(…).');
  }

  private decorator(node: Node): void {
    const expr = node.firstNamedChild;
    if (!expr) return;
    const target = expr.type === 'call' ? expr.childForFieldName('function') : expr;
    if (!target || !isDottedName(target)) this.py3(node, 'py3-decorator-expression', 'Decorators other than a dotted name with an optional call are Python 3.9+ only.');
  }

  private withClause(node: Node): void {
    const first = node.firstNamedChild;
    if (this.text.charCodeAt(node.startIndex) !== 40 || !first || first.startIndex === node.startIndex) return;
    if (node.namedChildren.some((item) => item?.firstNamedChild?.type === 'as_pattern')) {
      this.py3(node, 'py3-parenthesized-with', 'Parenthesized context managers "with (a as b, c as d):" are Python 3.9+ only; drop the parentheses.');
    }
  }

  private typeAlias(node: Node): void {
    const target = node.childForFieldName('left')?.firstNamedChild;
    if (target && (target.type === 'identifier' || target.type === 'generic_type')) {
      this.py3(node, 'py3-type-alias', '"type X = …" statements are Python 3.12+ only.');
    }
  }

  private deleteStatement(node: Node): void {
    for (const target of node.namedChildren) {
      if (!target) continue;
      const bad = undeletable(target);
      if (bad) {
        this.report('invalid-delete-target', 'error', bad, `"del" cannot delete ${describeTarget(bad.type)}.`);
        return;
      }
    }
  }

  private comprehensionTuple(c: TreeCursor): void {
    const comprehension = this.stack[this.stack.length - 2];
    if (comprehension && comprehension.type !== 'list_comprehension') {
      this.report('syntax-error', 'error', c, 'invalid syntax: "for … in a, b" needs parentheses around "a, b" here (and a generator passed with other arguments needs its own parentheses).');
    }
  }

  private backticks(c: TreeCursor): void {
    const content = this.text.slice(c.startIndex + 1, c.endIndex - 1);
    let bad = content.trim() === '';
    if (!bad) {
      const tree = this.parser.parse(`(${content})\n`, this.deadline);
      bad = tree.rootNode.hasError;
      tree.delete();
    }
    if (bad) this.report('invalid-backtick', 'error', c, 'The backticks do not contain a valid expression.');
  }
}

function newArgumentOrder(classBases: boolean): ArgumentOrder {
  return { phase: 0, sawKeyword: false, keywords: new Set(), last: 'arg', lastArg: 'arg', classBases, reported: false };
}

/** the identifier starting at `index`, skipping `*`/`**` and blanks */
function identifierAt(text: string, index: number): string {
  let i = index;
  while (text[i] === '*' || text[i] === ' ' || text[i] === '\t') i++;
  const m = /^[A-Za-z_]\w*/.exec(text.slice(i, i + 256));
  return m ? m[0] : '';
}

function tupleNames(node: Node): string[] {
  return node.descendantsOfType('identifier').map((n) => n?.text ?? '');
}

function isDocstring(node: Node): boolean {
  const only = node.namedChildCount === 1 ? node.firstNamedChild : null;
  return only?.type === 'string' || only?.type === 'concatenated_string';
}

function isDottedName(node: Node): boolean {
  if (node.type === 'identifier') return true;
  if (node.type !== 'attribute') return false;
  const object = node.childForFieldName('object');
  return object !== null && isDottedName(object);
}

const DELETABLE = new Set(['identifier', 'attribute', 'subscript']);
const DELETABLE_GROUPS = new Set(['tuple', 'list', 'parenthesized_expression', 'expression_list', 'pattern_list', 'tuple_pattern', 'list_pattern']);

/** the first target `del` cannot delete, or null */
function undeletable(node: Node): Node | null {
  if (DELETABLE.has(node.type)) return null;
  if (!DELETABLE_GROUPS.has(node.type)) return node;
  for (const child of node.namedChildren) {
    if (!child || child.type === 'comment') continue;
    const bad = undeletable(child);
    if (bad) return bad;
  }
  return null;
}

function describeTarget(type: string): string {
  if (type === 'call') return 'a function call';
  if (['integer', 'float', 'string', 'concatenated_string', 'true', 'false', 'none'].includes(type)) return 'a literal';
  if (['binary_operator', 'unary_operator', 'boolean_operator', 'not_operator', 'comparison_operator'].includes(type)) return 'an operator expression';
  return `this expression (${type.replace(/_/g, ' ')})`;
}
