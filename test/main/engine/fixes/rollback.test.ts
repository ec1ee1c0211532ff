import { readFileSync, readdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan, listAppliedFixes, planFix, readImplementationLog, rollbackFix, type Applied, type IterationContext } from '../../../../main/engine/fixes/index.ts';
import type { Fix } from '../../../../shared/fix.ts';
import { AEBN_INIT, fixOf, GEVI_INIT, GEVI_UTILS, makeWorkspace, threeFileFix, treeHashes, type Workspace } from './workspace.ts';

let ws: Workspace;
afterEach(() => ws?.cleanup());

async function apply(fix: Fix, ctx: IterationContext = ws.ctx): Promise<Applied> {
  const r = await planFix(fix, ctx);
  if (!r.ok) throw r.refusal;
  return applyPlan(r.plan, ctx);
}
const versionFix = (id: string, file: string, to: string, from = "VERSION_NO = '2024.05.24.01'") => fixOf({ id, title: `Fix ${id}`, changes: [{ kind: 'replace', file, find: from, replace: `VERSION_NO = '${to}'` }] });
const utilsFix = (id: string) => fixOf({ id, title: `Fix ${id}`, changes: [{ kind: 'replace', file: GEVI_UTILS, find: "IAFD_BASE = 'https://www.iafd.com'", replace: "IAFD_BASE = 'https://www.iafd.com' # checked" }] });

describe('rollbackFix', () => {
  it('restores every file byte for byte, with its mode, and records it', async () => {
    ws = makeWorkspace();
    chmodSync(join(ws.pluginsDir, GEVI_INIT), 0o640);
    const original = treeHashes(ws.pluginsDir);
    const applied = await apply(threeFileFix());
    const result = await rollbackFix({ fixId: 'three-files' }, ws.ctx);
    expect(treeHashes(ws.pluginsDir)).toEqual(original);
    expect(statSync(join(ws.pluginsDir, GEVI_INIT)).mode & 0o777).toBe(0o640);
    expect(result.files).toEqual([GEVI_UTILS, GEVI_INIT, AEBN_INIT]);
    expect(result.text).toBe('Rolled back "IAFD headers and new version numbers": 3 files restored from the backup and verified (sha256). Restart the agent (or Plex) for it to run the restored code.');
    expect(await listAppliedFixes(ws.ctx)).toEqual([expect.objectContaining({ id: applied.id, state: 'rolled-back', rollbackReason: 'Rolled back on request.' })]);
    expect((await readImplementationLog(ws.iterationDir)).map((e) => e.event)).toEqual(['applied', 'rolled-back']);
    expect(readdirSync(join(ws.dataDir, 'journal'))).toEqual([]);
  });

  it('rolls back the last applied fix with { last: true }', async () => {
    ws = makeWorkspace();
    await apply(versionFix('first', GEVI_INIT, '1'));
    await apply(versionFix('second', AEBN_INIT, '2'));
    const result = await rollbackFix({ last: true }, ws.ctx);
    expect(result.rolledBack.map((f) => f.fixId)).toEqual(['second']);
    expect(readFileSync(join(ws.pluginsDir, GEVI_INIT), 'utf8')).toContain("VERSION_NO = '1'");
  });

  it('refuses to overwrite a file edited since the fix, naming it and how to force', async () => {
    ws = makeWorkspace();
    await apply(threeFileFix());
    writeFileSync(join(ws.pluginsDir, GEVI_INIT), readFileSync(join(ws.pluginsDir, GEVI_INIT), 'utf8') + '# my own edit\n');
    const edited = treeHashes(ws.pluginsDir);
    const err = await rollbackFix({ fixId: 'three-files' }, ws.ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'edited-since-applied',
      message: `${GEVI_INIT} was changed after "IAFD headers and new version numbers" was applied, so rolling back would throw those changes away. Nothing was changed.`,
      hint: expect.stringMatching(/^To roll back anyway, run "agent-doctor rollback --fix three-files --force": the changed version is kept in the backup folder .*_BACKUPS\/three-files_\d{8}_\d{6}\.$/),
    });
    expect(treeHashes(ws.pluginsDir)).toEqual(edited);
  });

  it('with force, restores anyway and keeps the edited version in the backup folder', async () => {
    ws = makeWorkspace();
    const original = treeHashes(ws.pluginsDir);
    const applied = await apply(threeFileFix());
    const mine = readFileSync(join(ws.pluginsDir, GEVI_INIT), 'utf8') + '# my own edit\n';
    writeFileSync(join(ws.pluginsDir, GEVI_INIT), mine);
    await rollbackFix({ fixId: 'three-files' }, ws.ctx, { force: true });
    expect(treeHashes(ws.pluginsDir)).toEqual(original);
    const kept = readdirSync(applied.backupDir).find((d) => d.startsWith('_replaced_'))!;
    expect(readFileSync(join(applied.backupDir, kept, GEVI_INIT), 'utf8')).toBe(mine);
    expect((await readImplementationLog(ws.iterationDir)).at(-1)).toMatchObject({ event: 'rolled-back', forced: [GEVI_INIT] });
  });

  it('rolls back newer fixes on the same files first, newest first, and leaves the others', async () => {
    ws = makeWorkspace();
    const original = treeHashes(ws.pluginsDir);
    await apply(utilsFix('a'));
    const b = fixOf({ id: 'b', title: 'Fix b', changes: [...utilsFix('x').changes.map((c) => ({ ...c, find: "IAFD_BASE = 'https://www.iafd.com' # checked", replace: "IAFD_BASE = 'https://www.iafd.com' # twice" })), ...versionFix('y', GEVI_INIT, 'b').changes] });
    await apply(b);
    await apply(versionFix('c', AEBN_INIT, 'c'));
    await apply(versionFix('d', GEVI_INIT, 'd', "VERSION_NO = 'b'"));
    const result = await rollbackFix({ fixId: 'a' }, ws.ctx);
    expect(result.rolledBack.map((f) => f.fixId)).toEqual(['d', 'b', 'a']);
    expect(result.text).toMatch(/Also rolled back, first, because they change the same files: "Fix d", "Fix b"\./);
    const now = treeHashes(ws.pluginsDir);
    expect({ ...now, [AEBN_INIT]: original[AEBN_INIT] }).toEqual(original);
    expect(readFileSync(join(ws.pluginsDir, AEBN_INIT), 'utf8')).toContain("VERSION_NO = 'c'");
    expect((await listAppliedFixes(ws.ctx)).map((f) => `${f.fixId}:${f.state}`)).toEqual(['d:rolled-back', 'c:applied', 'b:rolled-back', 'a:rolled-back']);
  });

  it('rolls back a fix kept in an earlier iteration', async () => {
    ws = makeWorkspace();
    await apply(versionFix('early', GEVI_INIT, 'early'));
    const second: IterationContext = { ...ws.ctx, iterationDir: join(ws.dataDir, 'runs', 'run-1', 'iteration_2') };
    await apply(versionFix('later', AEBN_INIT, 'later'), second);
    await rollbackFix({ fixId: 'early', iteration: 1 }, ws.ctx);
    expect(readFileSync(join(ws.pluginsDir, GEVI_INIT), 'utf8')).toContain("VERSION_NO = '2024.05.24.01'");
    expect(readFileSync(join(ws.pluginsDir, AEBN_INIT), 'utf8')).toContain("VERSION_NO = 'later'");
    expect((await readImplementationLog(ws.iterationDir)).map((e) => e.event)).toEqual(['applied', 'rolled-back']);
  });

  it('says so when there is nothing to roll back', async () => {
    ws = makeWorkspace();
    await expect(rollbackFix({ last: true }, ws.ctx)).rejects.toMatchObject({ code: 'nothing-applied', hint: 'No fix applied by Agent Doctor is in the agent files now.' });
    await apply(versionFix('once', GEVI_INIT, '1'));
    await expect(rollbackFix({ fixId: 'other' }, ws.ctx)).rejects.toMatchObject({ code: 'not-applied', hint: 'Fixes that can be rolled back now: once.' });
    await rollbackFix({ fixId: 'once' }, ws.ctx);
    await expect(rollbackFix({ fixId: 'once' }, ws.ctx)).rejects.toMatchObject({ code: 'already-rolled-back', message: expect.stringMatching(/^"Fix once" was already rolled back \(\d{4}-.* UTC\)\.$/) });
  });

  it('refuses a damaged backup and changes nothing', async () => {
    ws = makeWorkspace();
    const applied = await apply(threeFileFix());
    writeFileSync(join(applied.backupDir, AEBN_INIT), 'damaged');
    const now = treeHashes(ws.pluginsDir);
    await expect(rollbackFix({ id: applied.id }, ws.ctx)).rejects.toMatchObject({ code: 'backup-damaged' });
    expect(treeHashes(ws.pluginsDir)).toEqual(now);
  });

  it('finishes through the recovery path when a write fails halfway (the rollback is journaled too)', async () => {
    ws = makeWorkspace({ onStep: (s) => { if (s === 'rollback:renamed-2') throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }); } });
    const original = treeHashes(ws.pluginsDir);
    await apply(threeFileFix());
    const result = await rollbackFix({ fixId: 'three-files' }, ws.ctx);
    expect(result.files).toHaveLength(3);
    expect(treeHashes(ws.pluginsDir)).toEqual(original);
    expect((await listAppliedFixes(ws.ctx))[0]).toMatchObject({ state: 'rolled-back' });
    expect(readdirSync(join(ws.dataDir, 'journal'))).toEqual([]);
  });
});
