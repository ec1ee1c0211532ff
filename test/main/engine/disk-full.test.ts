// A disk that fills up in the middle of a write: the file keeps its old bytes, no temp file is
// left behind, and what was interrupted says how to go on. The full disk is played by open()
// for new files (the temp files of atomic writes): the handle writes half of the bytes, then
// fails with ENOSPC like the kernel does.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as FsPromises from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

const disk = vi.hoisted(() => ({ full: false }));
vi.mock('node:fs/promises', async (original) => {
  const real = await original<typeof FsPromises>();
  const open: typeof real.open = async (...args) => {
    const fh = await real.open(...args);
    if (!disk.full || args[1] !== 'wx') return fh;
    const halfThenFull = async (data: string | Uint8Array) => {
      const bytes = Buffer.from(data);
      await fh.writeFile(bytes.subarray(0, bytes.length >> 1));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    return { writeFile: halfThenFull, chmod: fh.chmod.bind(fh), sync: fh.sync.bind(fh), close: fh.close.bind(fh) } as unknown as FileHandle;
  };
  return { ...real, open, default: { ...real, open } };
});

const { atomicWrite } = await import('../../../main/engine/util/atomic-write.ts');
const { createRun } = await import('../../../main/engine/loop/coordinator.ts');
const { loopStatePath, readLoopState, writeLoopState } = await import('../../../main/engine/loop/state.ts');
const { applyPlan, listAppliedFixes, planFix, rollbackFix } = await import('../../../main/engine/fixes/index.ts');
const { makeWorkspace, threeFileFix, treeHashes } = await import('./fixes/workspace.ts');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ad-disk-full-'));
  disk.full = false;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a disk that fills up during a write', () => {
  it('atomicWrite: the file keeps its old bytes and no temp file is left', async () => {
    const path = join(dir, 'utils.py');
    writeFileSync(path, 'old bytes\n');
    disk.full = true;
    await expect(atomicWrite(path, 'new bytes, a lot of them\n'.repeat(100))).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(readFileSync(path, 'utf8')).toBe('old bytes\n');
    expect(readdirSync(dir)).toEqual(['utils.py']);
  });

  it('loop_state.json: the last saved state is kept, and the error says to free space and resume', async () => {
    const { runDir } = await createRun(dir, { pluginsDir: dir, logsDir: '/logs', serverUrl: 'http://127.0.0.1:32400' }, new Date('2026-02-01T12:00:00Z'));
    const path = loopStatePath(runDir);
    const saved = await readLoopState(path);
    disk.full = true;
    const err = await writeLoopState(runDir, { ...saved, phase: 'aggregate' }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'no-space',
      message: `The disk became full while saving the run's state (${path}); the last saved state is kept.`,
      hint: `Free some disk space, then resume the run (in the app, or: agent-doctor loop --resume "${path}").`,
    });
    disk.full = false;
    expect(await readLoopState(path)).toEqual(saved);
    expect(readdirSync(runDir)).toEqual(readdirSync(runDir).filter((f) => !f.endsWith('.tmp')));
  });

  it('a rollback: the files stay as the fix left them, the fix stays applied, no journal is left', async () => {
    const ws = makeWorkspace();
    try {
      const planned = await planFix(threeFileFix(), ws.ctx);
      if (!planned.ok) throw planned.refusal;
      const applied = await applyPlan(planned.plan, ws.ctx);
      const withFix = treeHashes(ws.pluginsDir);
      disk.full = true;
      await expect(rollbackFix({ fixId: 'three-files' }, ws.ctx)).rejects.toMatchObject({
        code: 'no-space',
        message: 'The disk became full while rolling back "IAFD headers and new version numbers"; its files are as they were before the rollback started.',
        hint: 'Free some disk space, then try again.',
      });
      disk.full = false;
      expect(treeHashes(ws.pluginsDir)).toEqual(withFix);
      expect(await listAppliedFixes(ws.ctx)).toEqual([expect.objectContaining({ id: applied.id, state: 'applied' })]);
      expect(readdirSync(join(ws.dataDir, 'journal'))).toEqual([]);
    } finally {
      ws.cleanup();
    }
  });
});
