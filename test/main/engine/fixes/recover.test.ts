import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listAppliedFixes, planFix, readImplementationLog, recover, type Plan } from '../../../../main/engine/fixes/index.ts';
import { GEVI_INIT, makeWorkspace, threeFileFix, treeHashes, type Workspace } from './workspace.ts';
import { holdLock, runDriver, serializePlan } from './run-driver.ts';

let ws: Workspace;
afterEach(() => ws?.cleanup());

async function plan(w = ws): Promise<Plan> {
  const r = await planFix(threeFileFix(), w.ctx);
  if (!r.ok) throw r.refusal;
  return r.plan;
}
async function crashApplyAt(step: string, w = ws, ctx = w.ctx): Promise<void> {
  const run = await runDriver({ mode: 'apply', ctx, plan: serializePlan(await plan(w)) }, step);
  expect(run.end, run.detail).toBe('killed');
}

describe('recover (run once at engine start)', () => {
  it('has nothing to do after a clean run', async () => {
    ws = makeWorkspace();
    expect(await recover(ws.ctx)).toEqual([]);
  });

  it('undoes an apply killed halfway, says so, and records it', async () => {
    ws = makeWorkspace();
    const original = treeHashes(ws.pluginsDir);
    await crashApplyAt('apply:renamed-2');
    expect(treeHashes(ws.pluginsDir)).not.toEqual(original);
    const actions = await recover(ws.ctx);
    expect(actions).toEqual([
      expect.objectContaining({
        fixId: 'three-files',
        kind: 'apply',
        outcome: 'undone',
        restored: ['GEVI.bundle/Contents/Code/utils.py', GEVI_INIT],
        keptAside: [],
        text: 'Applying "IAFD headers and new version numbers" was interrupted, so it was undone: 3 files are as before the fix (sha256 verified).',
      }),
    ]);
    expect(treeHashes(ws.pluginsDir)).toEqual(original);
    expect((await readImplementationLog(ws.iterationDir)).map((e) => e.event)).toEqual(['recovered']);
    expect(await recover(ws.ctx)).toEqual([]);
  });

  it('finishes the records of an apply killed after its commit', async () => {
    ws = makeWorkspace();
    const p = await plan();
    await crashApplyAt('apply:committed');
    const [action] = await recover(ws.ctx);
    expect(action).toMatchObject({ outcome: 'finished-apply', restored: [], text: '"IAFD headers and new version numbers" had been applied completely when Agent Doctor stopped; its records are now complete.' });
    for (const f of p.files) expect(readFileSync(f.path).equals(f.after)).toBe(true);
    expect((await listAppliedFixes(ws.ctx)).map((f) => f.state)).toEqual(['applied']);
    expect((await readImplementationLog(ws.iterationDir)).map((e) => e.event)).toEqual(['applied']);
  });

  it('keeps a version someone saved meanwhile before restoring the file', async () => {
    ws = makeWorkspace();
    const original = treeHashes(ws.pluginsDir);
    await crashApplyAt('apply:renamed-2');
    writeFileSync(join(ws.pluginsDir, GEVI_INIT), 'edited by hand\n');
    const [action] = await recover(ws.ctx);
    expect(action!.keptAside).toEqual([GEVI_INIT]);
    expect(action!.text).toMatch(/GEVI\.bundle\/Contents\/Code\/__init__\.py had been edited meanwhile; that version is kept in .*_BACKUPS\/three-files_\d{8}_\d{6}\.$/);
    expect(treeHashes(ws.pluginsDir)).toEqual(original);
    const backup = join(ws.iterationDir, '_BACKUPS', readdirSync(join(ws.iterationDir, '_BACKUPS'))[0]!);
    const found = readdirSync(backup).find((d) => d.startsWith('_found_'))!;
    expect(readFileSync(join(backup, found, GEVI_INIT), 'utf8')).toBe('edited by hand\n');
  });

  it('finishes a change interrupted under another data folder (the lock names it)', async () => {
    ws = makeWorkspace();
    const original = treeHashes(ws.pluginsDir);
    const otherData = join(ws.root, 'CLI data');
    await crashApplyAt('apply:renamed-1', ws, { ...ws.ctx, dataDir: otherData, iterationDir: join(otherData, 'runs', 'cli', 'iteration_1') });
    const actions = await recover(ws.ctx);
    expect(actions.map((a) => a.outcome)).toEqual(['undone']);
    expect(treeHashes(ws.pluginsDir)).toEqual(original);
  });

  it('refuses a damaged journal, naming it, and changes nothing', async () => {
    ws = makeWorkspace();
    mkdirSync(join(ws.dataDir, 'journal'), { recursive: true });
    writeFileSync(join(ws.dataDir, 'journal', 'x.json'), '{"version": 1, "txId": ');
    const before = treeHashes(ws.pluginsDir);
    await expect(recover(ws.ctx)).rejects.toMatchObject({ code: 'file-damaged', message: expect.stringMatching(/^The journal of an interrupted change .*journal\/x\.json is not valid JSON/) });
    expect(treeHashes(ws.pluginsDir)).toEqual(before);
  });

  it('leaves a folder alone while another Agent Doctor works on it', async () => {
    ws = makeWorkspace();
    const holder = await holdLock({ ctx: ws.ctx });
    try {
      await expect(recover(ws.ctx)).rejects.toMatchObject({ code: 'plugins-locked' });
    } finally {
      await holder.kill();
    }
  });
});
