// Python checker speed (python-check.md §3): worker start-up, the cold and warm check of the
// ~430 KB PGMA-like utils.py through the public API (worker included), ms per MB, and for
// comparison the same check in this thread and tree-sitter's parse alone. Figures, not
// assertions; the machine's other load moves them by tens of ms.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PythonChecker } from '../main/engine/python/index.ts';
import { checkPythonSource } from '../main/engine/python/check.ts';
import { PythonParser } from '../main/engine/python/parser.ts';
import { wasmPaths } from '../main/engine/python/wasm.ts';

const TARGET_WARM_MS = 150;
const file = join(import.meta.dirname, '../test/fixtures/python/PGMA-Sample.bundle/Contents/Code/utils.py');
const bytes = readFileSync(file);
const mb = bytes.byteLength / 1024 / 1024;
const path = 'PGMA-Sample.bundle/Contents/Code/utils.py';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;
async function time<T>(fn: () => Promise<T> | T): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const startups: number[] = [];
const colds: number[] = [];
for (let i = 0; i < 5; i++) {
  const checker = new PythonChecker();
  startups.push(await time(() => checker.start()));
  colds.push(await time(() => checker.check(bytes, { path })));
  await checker.close();
}

const checker = new PythonChecker({ recycleAfterChecks: 1000 });
for (let i = 0; i < 5; i++) await checker.check(bytes, { path });
const warms: number[] = [];
for (let i = 0; i < 25; i++) warms.push(await time(() => checker.check(bytes, { path })));
const result = await checker.check(bytes, { path });
await checker.close();

// the same pipeline in this thread, to show what the worker adds and what the parse costs
const parser = await PythonParser.load(wasmPaths());
const text = bytes.toString('utf8');
for (let i = 0; i < 5; i++) checkPythonSource(parser, { source: bytes, sandbox: true, deadline: Infinity });
const inProcess: number[] = [];
for (let i = 0; i < 25; i++) inProcess.push(await time(() => checkPythonSource(parser, { source: bytes, sandbox: true, deadline: Infinity })));
const parses: number[] = [];
for (let i = 0; i < 25; i++) parses.push(await time(() => parser.parse(text, Infinity).delete()));

const warm = median(warms);
const lines = [
  `file: ${(bytes.byteLength / 1024).toFixed(0)} KB PGMA-like utils.py (${result.findings.length} findings)`,
  `worker start-up (spawn → parser loaded), median of 5:  ${ms(median(startups))}`,
  `cold check (first check in a fresh worker), median of 5: ${ms(median(colds))}`,
  `warm check, median of 25:                               ${ms(warm)}   (target ≤ ${TARGET_WARM_MS} ms: ${warm <= TARGET_WARM_MS ? 'met' : 'NOT met'})`,
  `warm throughput:                                        ${(warm / mb).toFixed(0)} ms/MB`,
  `  the same check in this thread (no worker), median:    ${ms(median(inProcess))}`,
  `  tree-sitter's parse alone, median:                    ${ms(median(parses))}`,
];
process.stdout.write(lines.join('\n') + '\n');
