// Where the two WebAssembly files come from. Both are loaded by bytes (python-check.md §2):
// a bare `Parser.init()` looks beside the running script and fails once bundled. The app
// passes `<resources>/wasm` (scripts/copy-wasm.ts puts both files there); the CLI and the
// tests use the copies in node_modules.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RUNTIME_WASM = 'web-tree-sitter.wasm';
export const PYTHON_WASM = 'tree-sitter-python.wasm';

export interface WasmPaths {
  runtime: string;
  python: string;
}

/** Both files in `dir`, or — without a dir — straight from the installed packages. */
export function wasmPaths(dir?: string): WasmPaths {
  if (dir !== undefined) return { runtime: join(dir, RUNTIME_WASM), python: join(dir, PYTHON_WASM) };
  return {
    runtime: fileURLToPath(import.meta.resolve(`web-tree-sitter/${RUNTIME_WASM}`)),
    python: fileURLToPath(import.meta.resolve(`tree-sitter-python/${PYTHON_WASM}`)),
  };
}
