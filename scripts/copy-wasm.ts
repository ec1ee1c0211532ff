// Copies the two WebAssembly files the Python checker loads by bytes into resources/wasm/,
// which electron-builder ships as <Resources>/wasm (extraResources); the app passes that
// folder to the checker. Run before packaging:
//   node scripts/copy-wasm.ts [destination folder]
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PYTHON_WASM, RUNTIME_WASM, wasmPaths } from '../main/engine/python/wasm.ts';

export const DEFAULT_WASM_DESTINATION = join(import.meta.dirname, '..', 'resources', 'wasm');

/** Returns the paths written. */
export async function copyWasm(destination = DEFAULT_WASM_DESTINATION): Promise<string[]> {
  const from = wasmPaths();
  await mkdir(destination, { recursive: true });
  const written = [join(destination, RUNTIME_WASM), join(destination, PYTHON_WASM)];
  await copyFile(from.runtime, written[0]!);
  await copyFile(from.python, written[1]!);
  return written;
}

if (process.argv[1] === import.meta.filename) {
  const written = await copyWasm(process.argv[2] ? resolve(process.argv[2]) : undefined);
  for (const path of written) process.stdout.write(`copied ${path}\n`);
}
