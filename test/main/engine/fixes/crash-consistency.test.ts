// "It must never lose a byte of agent code, whatever happens" (issue 6). A child process applies
// a 3-file fix (or rolls it back, or recovers) and is killed with SIGKILL right after each
// durable step; then recovery runs, and every file must be byte-identical to its before or its
// after state — all three the same, never a mix, never a partial file — with no temp file left.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyPlan, listAppliedFixes, planFix, recover, type Plan } from '../../../../main/engine/fixes/index.ts';
import { sha256 } from '../../../../main/engine/util/sha256.ts';
import { makeWorkspace, threeFileFix, type Workspace } from './workspace.ts';
import { runDriver, serializePlan } from './run-driver.ts';

const n3 = (prefix: string) => [1, 2, 3].map((i) => `${prefix}-${i}`);
const APPLY_STEPS = ['backup-file-1', 'backup-file-2', 'backup-file-3', 'backup-manifest', 'journal-written', ...n3('temp-written'), ...n3('renamed'), 'before-commit', 'committed', 'recorded', 'journal-removed'].map((s) => `apply:${s}`);
const ROLLBACK_STEPS = ['journal-written', ...n3('temp-written'), ...n3('renamed'), 'before-commit', 'committed', 'recorded', 'journal-removed'].map((s) => `rollback:${s}`);
const RECOVERY_STEPS = n3('recover:restored');
const AFTER_COMMIT = new Set(['apply:committed', 'apply:recorded', 'apply:journal-removed']);

type Expected = 'before' | 'after';
interface Point {
  step: string;
  scenario: 'apply' | 'rollback' | 'recover after a crash at apply:renamed-3';
  expected: Expected;
}
const points: Point[] = [
  ...APPLY_STEPS.map((step): Point => ({ step, scenario: 'apply', expected: AFTER_COMMIT.has(step) ? 'after' : 'before' })),
  ...ROLLBACK_STEPS.map((step): Point => ({ step, scenario: 'rollback', expected: 'before' })),
  ...RECOVERY_STEPS.map((step): Point => ({ step, scenario: 'recover after a crash at apply:renamed-3', expected: 'before' })),
];

const table: string[] = [];
afterAll(() => {
  const ok = table.filter((r) => r.endsWith('ok')).length;
  console.log(['', 'Crash point (SIGKILL after)        expected  found    result', ...table, `${ok} / ${points.length} crash points consistent (${Math.round((ok / points.length) * 100)} %)`].join('\n'));
});

async function plan(ws: Workspace): Promise<Plan> {
  const r = await planFix(threeFileFix(), ws.ctx);
  if (!r.ok) throw r.refusal;
  return r.plan;
}

function stateOf(files: { path: string; before: string; after: string }[]): string {
  const states = files.map((f) => {
    const sha = sha256(readFileSync(f.path));
    return sha === f.before ? 'before' : sha === f.after ? 'after' : 'PARTIAL';
  });
  return new Set(states).size === 1 ? states[0]! : `MIX(${states.join(',')})`;
}

function leftovers(ws: Workspace): string[] {
  const temps = readdirSync(ws.pluginsDir, { recursive: true }).map(String).filter((f) => /\.ad-.*\.tmp$/.test(f));
  const journals = existsSync(join(ws.dataDir, 'journal')) ? readdirSync(join(ws.dataDir, 'journal')) : [];
  return [...temps, ...journals.map((j) => `journal/${j}`)];
}

describe('crash consistency: SIGKILL at every durable step of apply, rollback and recovery', () => {
  it(`the steps the transaction reports are exactly the ${points.length} crash points tested below (≥ 20)`, async () => {
    const ws = makeWorkspace();
    try {
      const run = await runDriver({ mode: 'apply-then-rollback', ctx: ws.ctx, plan: serializePlan(await plan(ws)) });
      expect(run.end, run.detail).toBe('done');
      expect(run.steps).toEqual([...APPLY_STEPS, ...ROLLBACK_STEPS]);
      expect(points.length).toBeGreaterThanOrEqual(20);
    } finally {
      ws.cleanup();
    }
  });

  it.each(points)('killed after $step ($scenario) → every file $expected after recovery', { timeout: 60_000 }, async ({ step, scenario, expected }) => {
    const ws = makeWorkspace();
    let found = '?';
    try {
      const p = await plan(ws);
      const files = p.files.map((f) => ({ path: f.path, before: f.beforeState.sha256, after: f.afterState.sha256 }));
      if (scenario === 'apply') {
        const run = await runDriver({ mode: 'apply', ctx: ws.ctx, plan: serializePlan(p) }, step);
        expect(run.end, run.detail).toBe('killed');
      } else if (scenario === 'rollback') {
        await applyPlan(p, ws.ctx);
        const run = await runDriver({ mode: 'rollback', ctx: ws.ctx }, step);
        expect(run.end, run.detail).toBe('killed');
      } else {
        const first = await runDriver({ mode: 'apply', ctx: ws.ctx, plan: serializePlan(p) }, 'apply:renamed-3');
        expect(first.end).toBe('killed');
        const second = await runDriver({ mode: 'recover', ctx: ws.ctx }, step);
        expect(second.end, second.detail).toBe('killed');
      }
      await recover(ws.ctx);
      found = stateOf(files);
      expect(found).toBe(expected);
      expect(leftovers(ws)).toEqual([]);
      const registry = (await listAppliedFixes(ws.ctx)).map((f) => f.state);
      expect(registry).toEqual(expected === 'after' ? ['applied'] : scenario === 'rollback' ? ['rolled-back'] : []);
    } finally {
      table.push(`${step.padEnd(34)} ${expected.padEnd(9)} ${found.padEnd(8)} ${found === expected ? 'ok' : 'FAILED'}`);
      ws.cleanup();
    }
  });
});
