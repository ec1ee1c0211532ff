// The worker as the app ships it: built by vite.main.config.ts into one file, unpacked next
// to the asar, loading the wasm copies from <Resources>/wasm. This catches the classic
// regression of a bundled parser looking for its .wasm beside the script (python-check.md §2).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PythonChecker } from '../../../../main/engine/python/index.ts';
import { copyWasm } from '../../../../scripts/copy-wasm.ts';
import { PYTHON_WORKER_FILE, pythonWorkerBuild } from '../../../../vite.main.config.ts';

const root = mkdtempSync(join(tmpdir(), 'bundled-worker-'));
const built = join(root, 'out', 'main');
/** like Resources/app.asar.unpacked/out/main: no node_modules anywhere above */
const unpacked = join(root, 'app.asar.unpacked', 'out', 'main');
const resources = join(root, 'wasm');
let checker: PythonChecker;

beforeAll(async () => {
  await build({ ...pythonWorkerBuild(built), logLevel: 'silent' });
  mkdirSync(unpacked, { recursive: true });
  copyFileSync(join(built, PYTHON_WORKER_FILE), join(unpacked, PYTHON_WORKER_FILE));
  await copyWasm(resources);
  checker = new PythonChecker({ workerUrl: pathToFileURL(join(unpacked, PYTHON_WORKER_FILE)), wasmDir: resources });
}, 120_000);

afterAll(() => checker?.close());

describe('the bundled worker', () => {
  it('is one file that imports nothing but Node built-ins', () => {
    const code = readFileSync(join(built, PYTHON_WORKER_FILE), 'utf8');
    const imported = [...code.matchAll(/^import\s[^'"]*["']([^"']+)["']/gm), ...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter((spec) => !builtins.has(spec))).toEqual([]);
  });

  it('checks Python with the wasm files from the resources folder', async () => {
    const result = await checker.check('def f():\n    _x = 1\n    return f"{_x}"\n', { path: 'GEVI.bundle/Contents/Code/__init__.py' });
    expect(result.findings.map((f) => `${f.line}:${f.column} ${f.rule}`)).toEqual(['2:5 restricted-name', '3:12 py3-fstring']);
  });
});
