// tree-sitter-python, loaded by bytes, with a deadline on every parse. One parser per
// worker, reused for every check; the caller deletes each tree it gets.
import { readFile } from 'node:fs/promises';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import type { WasmPaths } from './wasm.ts';

/** Thrown when a parse runs past its deadline (the worker turns it into a clear error). */
export class CheckDeadlineError extends Error {
  constructor() {
    super('the check ran past its deadline');
    this.name = 'CheckDeadlineError';
  }
}

export class PythonParser {
  readonly language: Language;
  private readonly parser: Parser;

  private constructor(language: Language) {
    this.language = language;
    this.parser = new Parser();
    this.parser.setLanguage(language);
  }

  static async load(paths: WasmPaths): Promise<PythonParser> {
    const [runtime, grammar] = await Promise.all([readWasm(paths.runtime), readWasm(paths.python)]);
    await Parser.init({ wasmBinary: runtime });
    return new PythonParser(await Language.load(grammar));
  }

  /** @param deadline a `performance.now()` value */
  parse(text: string, deadline: number): Tree {
    const tree = this.parser.parse(text, null, { progressCallback: () => performance.now() > deadline });
    if (!tree) {
      // a cancelled parse would otherwise resume on the next call
      this.parser.reset();
      throw new CheckDeadlineError();
    }
    return tree;
  }
}

async function readWasm(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    throw new Error(`cannot read the parser file ${path}: ${(err as Error).message}`, { cause: err });
  }
}
