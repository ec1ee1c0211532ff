import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquirePluginsLock, lockPathFor } from '../../../../main/engine/fixes/lock.ts';
import { planFix } from '../../../../main/engine/fixes/index.ts';
import { makeWorkspace, threeFileFix, type Workspace } from './workspace.ts';
import { holdLock } from './run-driver.ts';
import { realpathSync } from 'node:fs';

let ws: Workspace;
afterEach(() => ws?.cleanup());

describe('the Plug-ins lock', () => {
  it('is one file per Plug-ins folder, re-entrant within a process, gone after the last release', async () => {
    ws = makeWorkspace();
    const real = realpathSync(ws.pluginsDir);
    const outer = await acquirePluginsLock(ws.ctx, real);
    const inner = await acquirePluginsLock(ws.ctx, real);
    expect([outer.fresh, inner.fresh]).toEqual([true, false]);
    expect(readdirSync(ws.lockDir)).toEqual([lockPathFor(ws.lockDir, real).split('/').pop()]);
    await inner.release();
    expect(existsSync(lockPathFor(ws.lockDir, real))).toBe(true);
    await outer.release();
    expect(readdirSync(ws.lockDir)).toEqual([]);
  });

  it('keeps out a second Agent Doctor whatever data folder it uses', async () => {
    ws = makeWorkspace();
    const holder = await holdLock({ ctx: { ...ws.ctx, dataDir: join(ws.root, 'app data'), program: 'the Agent Doctor app' } });
    try {
      const r = await planFix(threeFileFix(), ws.ctx);
      expect(r.ok || r.refusal.message).toMatch(`the Agent Doctor app (process ${holder.pid}, since`);
    } finally {
      await holder.kill();
    }
  });

  it('takes over the lock of a process that died, and says whose it was', async () => {
    ws = makeWorkspace();
    const holder = await holdLock({ ctx: ws.ctx });
    await holder.kill();
    const lock = await acquirePluginsLock(ws.ctx, realpathSync(ws.pluginsDir));
    expect(lock.tookOverFrom).toMatchObject({ pid: holder.pid, program: 'the fixes tests' });
    await lock.release();
  });

  it('refuses to guess when the lock file cannot be read', async () => {
    ws = makeWorkspace();
    const real = realpathSync(ws.pluginsDir);
    mkdirSync(ws.lockDir, { recursive: true });
    writeFileSync(lockPathFor(ws.lockDir, real), 'garbage');
    await expect(acquirePluginsLock(ws.ctx, real)).rejects.toMatchObject({ code: 'lock-unreadable', hint: `If no other Agent Doctor is running, delete ${lockPathFor(ws.lockDir, real)} and try again.` });
  });
});
