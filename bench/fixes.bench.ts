// Applying one fix safely (issue 6): what the safety costs a person waiting at the proposal
// card. Plan (path jail + Python check), apply (backup, journal, fsynced temp files, renames,
// records), rollback and start-up recovery of a 3-file fix on the fixture bundles; the same
// three writes done plainly (writeFile) for the ratio; the diff and the strict patch on the
// ~430 KB PGMA-like utils.py. Figures, not assertions: the machine's other load moves them.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPlan, planFix, recover, rollbackFix, unifiedDiff, type IterationContext, type Plan } from '../main/engine/fixes/index.ts';
import { applyPatch } from '../main/engine/fixes/apply-patch.ts';
import { FixSchema } from '../shared/fix.ts';

const TARGET_APPLY_MS = 500;
const TARGET_PLAN_MS = 1_000;
const ROUNDS = 15;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;
async function time(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const root = mkdtempSync(join(tmpdir(), 'ad-bench-fixes-'));
const pluginsDir = join(root, 'Plug-ins');
cpSync(join(import.meta.dirname, '../test/fixtures/bundles'), pluginsDir, { recursive: true });
const dataDir = join(root, 'data');
const ctx: IterationContext = { pluginsDir, dataDir, iterationDir: join(dataDir, 'runs', 'bench', 'iteration_1'), lockDir: join(root, 'locks') };

const version = (file: string) => ({ kind: 'replace' as const, file, find: "VERSION_NO = '2024.05.24.01'", replace: "VERSION_NO = '2024.05.24.02'" });
const fix = FixSchema.parse({
  id: 'bench-three-files',
  title: 'Three files in two bundles',
  priority: 1,
  agents: ['GEVI', 'AEBN'],
  signatures: [],
  rootCause: 'bench',
  before: ['x'],
  after: ['y'],
  changes: [
    { kind: 'replace', file: 'GEVI.bundle/Contents/Code/utils.py', find: 'HTTP.Request(iafdURL, timeout=20, sleep=delay())', replace: "HTTP.Request(iafdURL, headers={'User-Agent': 'Mozilla/5.0'}, timeout=20, sleep=delay())", occurrences: 3 },
    version('GEVI.bundle/Contents/Code/__init__.py'),
    version('AEBN.bundle/Contents/Code/__init__.py'),
  ],
  successCriteria: [],
  failureIndicators: [],
});

async function plan(): Promise<Plan> {
  const r = await planFix(fix, ctx);
  if (!r.ok) throw r.refusal;
  return r.plan;
}

const coldPlan = await time(plan);
const plans: number[] = [];
const applies: number[] = [];
const rollbacks: number[] = [];
const plain: number[] = [];
const recoveries: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  let p: Plan | undefined;
  plans.push(await time(async () => (p = await plan())));
  applies.push(await time(() => applyPlan(p!, ctx)));
  rollbacks.push(await time(() => rollbackFix({ last: true }, ctx)));
  recoveries.push(await time(() => recover(ctx)));
  plain.push(await time(() => Promise.all(p!.files.map((f) => writeFile(f.path, f.before)))));
}

// diff and patch on a ~430 KB agent file
const big = readFileSync(join(import.meta.dirname, '../test/fixtures/python/PGMA-Sample.bundle/Contents/Code/utils.py')).toString('latin1');
const lines = big.split('\n');
const edit = (every: number) => lines.map((l, i) => (i % every === 7 ? `${l} # changed` : l)).join('\n');
const few = lines.map((l, i) => (i === 100 || i === 5000 || i === 11000 ? `${l} # changed` : l)).join('\n');
const many = edit(20);
const diffFew: number[] = [];
const diffMany: number[] = [];
const patchMany: number[] = [];
let manyDiff = '';
for (let i = 0; i < 10; i++) {
  diffFew.push(await time(() => unifiedDiff(big, few, { oldLabel: 'a', newLabel: 'b' })));
  diffMany.push(await time(() => (manyDiff = unifiedDiff(big, many, { oldLabel: 'a', newLabel: 'b' }))));
  patchMany.push(await time(() => applyPatch(big, manyDiff)));
}
if (applyPatch(big, manyDiff) !== many) throw new Error('the patch did not reproduce the edited file');

// a 430 KB file through the whole plan (the Python check of original and edit dominates)
mkdirSync(join(pluginsDir, 'PGMA.bundle/Contents/Code'), { recursive: true });
writeFileSync(join(pluginsDir, 'PGMA.bundle/Contents/Info.plist'), readFileSync(join(pluginsDir, 'GEVI.bundle/Contents/Info.plist'), 'utf8').replace('agents.GEVI', 'agents.PGMA'));
writeFileSync(join(pluginsDir, 'PGMA.bundle/Contents/Code/utils.py'), Buffer.from(big, 'latin1'));
const bigFix = { ...fix, changes: [{ kind: 'replace' as const, file: 'PGMA.bundle/Contents/Code/utils.py', find: lines[100]!, replace: `${lines[100]} # changed`, occurrences: 1 }] };
const bigPlans: number[] = [];
for (let i = 0; i < 5; i++) {
  bigPlans.push(
    await time(async () => {
      const r = await planFix(bigFix, ctx);
      if (!r.ok) throw r.refusal;
    }),
  );
}
rmSync(root, { recursive: true, force: true });

const apply = median(applies);
const planned = median(plans);
console.log(
  [
    `3-file fix on the fixture bundles (${(fix.changes.length)} changes, 41 KB), median of ${ROUNDS}:`,
    `  plan (path jail, changes in memory, Python check, free space): ${ms(planned)}   (first, checker cold: ${ms(coldPlan)}; target ≤ ${TARGET_PLAN_MS} ms: ${planned <= TARGET_PLAN_MS ? 'met' : 'NOT met'})`,
    `  apply (backup + manifest, journal, 3 fsynced temps, renames, verify, records): ${ms(apply)}   (target ≤ ${TARGET_APPLY_MS} ms: ${apply <= TARGET_APPLY_MS ? 'met' : 'NOT met'})`,
    `  rollback (backup checked, journal, 3 fsynced temps, renames, verify, records): ${ms(median(rollbacks))}`,
    `  recover at start-up, nothing to do (lock + journal scan):     ${ms(median(recoveries))}`,
    `  the same 3 files written plainly (writeFile, no safety):      ${ms(median(plain))}   → apply costs ${(apply / median(plain)).toFixed(0)}× a plain write`,
    `430 KB utils.py (${lines.length} lines):`,
    `  plan one change (Python check of original and edit):          ${ms(median(bigPlans))} (median of 5)`,
    `  unified diff, 3 changed lines:                                ${ms(median(diffFew))}`,
    `  unified diff, ${lines.filter((_, i) => i % 20 === 7).length} changed lines:                              ${ms(median(diffMany))}`,
    `  strict patch of that diff (${(manyDiff.length / 1024).toFixed(0)} KB):                    ${ms(median(patchMany))}`,
  ].join('\n'),
);
process.exit(0);
