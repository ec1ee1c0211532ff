// The two WebAssembly files are pinned by checksum (python-check.md §1), and the copy the app
// ships (scripts/copy-wasm.ts → resources/wasm) is byte-identical.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PYTHON_WASM, RUNTIME_WASM, wasmPaths } from '../../../../main/engine/python/wasm.ts';
import { copyWasm } from '../../../../scripts/copy-wasm.ts';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** web-tree-sitter 0.27.2 and tree-sitter-python 0.25.0 (ABI 15) */
const PINNED = {
  runtime: { sha256: '488beeff7adb7fd7e21e97cc29a43dc6d031977755eda892d6d96c7f456cfdec', bytes: 210_688 },
  python: { sha256: '16108b50df4ee9a30168794252ab55e7c93bfc5765d7fa0aa3e335752c515f47', bytes: 457_883 },
};

describe('parser WebAssembly files', () => {
  it('are the pinned builds', () => {
    const paths = wasmPaths();
    expect(sha256(paths.runtime)).toBe(PINNED.runtime.sha256);
    expect(sha256(paths.python)).toBe(PINNED.python.sha256);
    expect(readFileSync(paths.runtime).byteLength).toBe(PINNED.runtime.bytes);
    expect(readFileSync(paths.python).byteLength).toBe(PINNED.python.bytes);
  });

  it('are found in a given folder by their package names', () => {
    expect(wasmPaths('/Applications/Agent Doctor.app/Contents/Resources/wasm')).toEqual({
      runtime: `/Applications/Agent Doctor.app/Contents/Resources/wasm/${RUNTIME_WASM}`,
      python: `/Applications/Agent Doctor.app/Contents/Resources/wasm/${PYTHON_WASM}`,
    });
  });

  it('scripts/copy-wasm.ts copies both, byte for byte', async () => {
    const destination = join(mkdtempSync(join(tmpdir(), 'wasm-')), 'resources', 'wasm');
    const written = await copyWasm(destination);
    expect(written).toEqual([join(destination, RUNTIME_WASM), join(destination, PYTHON_WASM)]);
    expect(sha256(written[0]!)).toBe(PINNED.runtime.sha256);
    expect(sha256(written[1]!)).toBe(PINNED.python.sha256);
  });
});
