import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan, listAppliedFixes, ManifestSchema, planFix, readImplementationLog, type Plan } from '../../../../main/engine/fixes/index.ts';
import type { Clock } from '../../../../main/engine/ports.ts';
import { sha256 } from '../../../../main/engine/util/sha256.ts';
import { AEBN_INIT, fixOf, GEVI_INIT, GEVI_UTILS, makeWorkspace, threeFileFix, treeHashes, type Workspace } from './workspace.ts';

let ws: Workspace;
afterEach(() => ws?.cleanup());

const NOON: Clock = { now: () => new Date('2026-02-01T12:00:00.000Z'), sleep: async () => undefined };

async function plan(fix = threeFileFix(), w = ws): Promise<Plan> {
  const r = await planFix(fix, w.ctx);
  if (!r.ok) throw r.refusal;
  return r.plan;
}
const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

describe('applyPlan', () => {
  it('backs up, writes the planned bytes with their modes, and records what it did', async () => {
    const steps: string[] = [];
    ws = makeWorkspace({ clock: NOON, onStep: (s) => void steps.push(s) });
    chmodSync(join(ws.pluginsDir, GEVI_INIT), 0o600);
    const p = await plan();
    const applied = await applyPlan(p, ws.ctx);

    for (const f of p.files) {
      expect(readFileSync(f.path).equals(f.after)).toBe(true);
      expect(statSync(f.path).mode & 0o777).toBe(f.beforeState.mode);
    }
    expect(statSync(join(ws.pluginsDir, GEVI_INIT)).mode & 0o777).toBe(0o600);

    const backupDir = join(ws.iterationDir, '_BACKUPS', 'three-files_20260201_120000');
    expect(applied.backupDir).toBe(backupDir);
    for (const f of p.files) expect(readFileSync(join(backupDir, f.realRel)).equals(f.before)).toBe(true);
    const manifest = ManifestSchema.parse(JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')));
    expect(manifest.files.map((f) => [f.path, f.before.sha256, f.after.sha256, f.before.mode])).toEqual(p.files.map((f) => [f.realRel, sha256(f.before), sha256(f.after), f.beforeState.mode]));

    expect(steps).toEqual([
      'apply:backup-file-1', 'apply:backup-file-2', 'apply:backup-file-3', 'apply:backup-manifest', 'apply:journal-written',
      'apply:temp-written-1', 'apply:temp-written-2', 'apply:temp-written-3', 'apply:renamed-1', 'apply:renamed-2', 'apply:renamed-3',
      'apply:before-commit', 'apply:committed', 'apply:recorded', 'apply:journal-removed',
    ]);
    expect(readdirSync(join(ws.dataDir, 'journal'))).toEqual([]);
    expect(Object.keys(treeHashes(ws.pluginsDir)).filter((f) => f.includes('.tmp'))).toEqual([]);

    expect(await listAppliedFixes(ws.ctx)).toEqual([expect.objectContaining({ id: applied.id, fixId: 'three-files', state: 'applied', runId: 'run-1', iteration: 1, identifiers: ['com.plexapp.agents.GEVI', 'com.plexapp.agents.AEBN'] })]);
    const [entry] = await readImplementationLog(ws.iterationDir);
    expect(entry).toMatchObject({ event: 'applied', at: '2026-02-01T12:00:00.000Z', fixId: 'three-files', backupDir, validation: null, files: [{ path: GEVI_UTILS }, { path: GEVI_INIT }, { path: AEBN_INIT }] });
    const report = readFileSync(join(ws.iterationDir, 'implementation_report_three-files.md'), 'utf8');
    expect(report).toContain('# Implementation report: IAFD headers and new version numbers');
    expect(report).toContain("+VERSION_NO = '2024.05.24.02'");
    expect(report).toContain('agent-doctor rollback --fix three-files');
  });

  it('undoes itself when the disk fills up halfway: every file as before, nothing recorded', async () => {
    ws = makeWorkspace({ onStep: (s) => { if (s === 'apply:renamed-2') throw enospc(); } });
    const original = treeHashes(ws.pluginsDir);
    const p = await plan();
    await expect(applyPlan(p, ws.ctx)).rejects.toMatchObject({ code: 'no-space', message: 'The disk became full while writing the fix, so it was undone: every file is as before.' });
    expect(treeHashes(ws.pluginsDir)).toEqual(original);
    expect(readdirSync(join(ws.dataDir, 'journal'))).toEqual([]);
    expect(await listAppliedFixes(ws.ctx)).toEqual([]);
  });

  it('removes a half-written backup when the disk fills up while backing up', async () => {
    ws = makeWorkspace({ onStep: (s) => { if (s === 'apply:backup-file-2') throw enospc(); } });
    const original = treeHashes(ws.pluginsDir);
    await expect(applyPlan(await plan(), ws.ctx)).rejects.toMatchObject({ code: 'no-space', message: 'The disk became full while backing up the files. Nothing was changed.' });
    expect(treeHashes(ws.pluginsDir)).toEqual(original);
    expect(readdirSync(join(ws.iterationDir, '_BACKUPS'))).toEqual([]);
    expect(existsSync(join(ws.dataDir, 'journal'))).toBe(false);
  });

  it('refuses when a file changed after the proposal was made', async () => {
    ws = makeWorkspace();
    const p = await plan();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(ws.pluginsDir, GEVI_INIT), readFileSync(join(ws.pluginsDir, GEVI_INIT), 'utf8') + '\n# edited\n');
    const now = treeHashes(ws.pluginsDir);
    await expect(applyPlan(p, ws.ctx)).rejects.toMatchObject({ code: 'changed-since-plan', message: `${GEVI_INIT} changed after the fix was proposed. Nothing was changed.` });
    expect(treeHashes(ws.pluginsDir)).toEqual(now);
  });

  it('checks free space again right before writing', async () => {
    let free = 1e9;
    ws = makeWorkspace({ disk: { freeBytes: async () => free } });
    const p = await plan();
    free = 10_000;
    const original = treeHashes(ws.root);
    await expect(applyPlan(p, ws.ctx)).rejects.toMatchObject({ code: 'no-space' });
    expect(treeHashes(ws.root)).toEqual(original);
  });

  it('keeps the Plex token out of its records', async () => {
    const token = 'q9Xz-SECRET-token-77';
    ws = makeWorkspace({ secrets: [token] });
    await applyPlan(await plan(fixOf({ changes: [{ kind: 'replace', file: GEVI_INIT, find: "AGENT = 'GEVI'", replace: `AGENT = 'GEVI' # ${token}` }] })), ws.ctx);
    const log = readFileSync(join(ws.iterationDir, 'implementation_log.json'), 'utf8');
    const report = readFileSync(join(ws.iterationDir, 'implementation_report_test-fix.md'), 'utf8');
    expect(log).not.toContain(token);
    expect(report).not.toContain(token);
    expect(report).toContain("AGENT = 'GEVI' # <redacted>");
  });

  it('names backups apart when the same fix is applied twice in one second', async () => {
    ws = makeWorkspace({ clock: NOON });
    const { rollbackFix } = await import('../../../../main/engine/fixes/index.ts');
    const first = await applyPlan(await plan(), ws.ctx);
    await rollbackFix({ id: first.id }, ws.ctx);
    const second = await applyPlan(await plan(), ws.ctx);
    expect([first.backupDir, second.backupDir].map((d) => d.split('/').pop())).toEqual(['three-files_20260201_120000', 'three-files_20260201_120000_2']);
  });
});
