// Diagnosis speed: the outline recipes read code from (cold, with the parser load, and warm,
// on the ~430 KB PGMA-like utils.py), a whole diagnosis of the fixture logs and bundles, the
// same for 21 agents (the predecessor's Mac), and writing + reading back a report of 50
// fixes. Figures with their targets beside them, not assertions.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metrics } from '../shared/metrics.ts';
import { aggregateLogs } from '../main/engine/logs/index.ts';
import { outlinePython } from '../main/engine/python/outline.ts';
import { diagnose, parseDiagnosticReport, renderDiagnosticReport } from '../main/engine/diagnose/index.ts';
import { FixSchema } from '../shared/fix.ts';

const FIXTURES = join(import.meta.dirname, '../test/fixtures');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;
async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}
const line = (what: string, figure: string, target: string) => console.log(`${what.padEnd(52)} ${figure.padStart(10)}   target ${target}`);

// outline
const big = readFileSync(join(FIXTURES, 'python/PGMA-Sample.bundle/Contents/Code/utils.py'), 'utf8');
const cold = await time(() => outlinePython(big));
const warm: number[] = [];
for (let i = 0; i < 9; i++) warm.push(await time(() => outlinePython(big)));
line(`outline ${(big.length / 1024).toFixed(0)} KB utils.py, cold (parser load)`, ms(cold), '< 1000 ms');
line('outline, warm (median of 9)', ms(median(warm)), '< 300 ms');

// one Mac with the fixture agents
const metrics = await aggregateLogs({ logsDir: join(FIXTURES, 'logs'), timeZone: 'UTC' });
const plugins = mkdtempSync(join(tmpdir(), 'bench-diagnose-'));
try {
  cpSync(join(FIXTURES, 'bundles'), plugins, { recursive: true });
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) runs.push(await time(() => diagnose({ metrics, pluginsDir: plugins, iteration: 1 })));
  line('diagnose: fixture logs + 4 bundles (median of 5)', ms(median(runs)), '< 2000 ms');

  // 21 agents, every one with the IAFD errors and its own copy of the shared utils.py
  const many: Metrics = structuredClone(metrics);
  const gevi = Object.values(metrics.agents).find((a) => a.agent === 'GEVI')!;
  const plist = readFileSync(join(plugins, 'GEVI.bundle/Contents/Info.plist'), 'utf8');
  for (let i = 1; i <= 20; i++) {
    const name = `GEVI${i}`;
    cpSync(join(plugins, 'GEVI.bundle'), join(plugins, `${name}.bundle`), { recursive: true });
    writeFileSync(join(plugins, `${name}.bundle/Contents/Info.plist`), plist.replace('com.plexapp.agents.GEVI<', `com.plexapp.agents.${name}<`));
    many.agents[`com.plexapp.agents.${name}`] = { ...structuredClone(gevi), agent: name, identifier: `com.plexapp.agents.${name}` };
  }
  let fixes = 0;
  const t21 = await time(async () => {
    fixes = (await diagnose({ metrics: many, pluginsDir: plugins, iteration: 1 })).fixes.length;
  });
  line(`diagnose: 21 agents, ${fixes} fixes`, ms(t21), '< 20000 ms');

  // report of 50 fixes
  const one = (await diagnose({ metrics, pluginsDir: plugins, iteration: 1 })).fixes[0]!;
  const fifty = Array.from({ length: 50 }, (_, i) => FixSchema.parse({ ...one, id: `${one.id}-${i}`, priority: i + 1 }));
  const diagnosis = { iteration: 1, generatedAt: metrics.generatedAt, metricsGeneratedAt: metrics.generatedAt, window: metrics.window, pluginsDir: null, agents: [], findings: [], fixes: fifty };
  const text = renderDiagnosticReport(diagnosis);
  const rt: number[] = [];
  for (let i = 0; i < 9; i++) rt.push(await time(() => parseDiagnosticReport(renderDiagnosticReport(diagnosis))));
  line(`report of 50 fixes (${(text.length / 1024).toFixed(0)} KB): write + parse, median`, ms(median(rt)), '< 200 ms');
} finally {
  rmSync(plugins, { recursive: true, force: true });
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (the outline's WebAssembly heap never shrinks)`);
