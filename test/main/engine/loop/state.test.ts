import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRun, loopSettings } from '../../../../main/engine/loop/coordinator.ts';
import { loopStatePath, readLoopState, writeLoopState } from '../../../../main/engine/loop/state.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loop-state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loop_state.json', () => {
  it('a new run starts with the design defaults and reads back exactly as written', async () => {
    const { runId, runDir } = await createRun(dir, { pluginsDir: dir, logsDir: '/logs', serverUrl: 'http://127.0.0.1:32400' }, new Date('2026-02-01T12:00:00Z'));
    expect(runId).toMatch(/^20260201-120000-[0-9a-f]{4}$/);
    expect(runDir).toBe(join(dir, 'runs', runId));
    const state = await readLoopState(loopStatePath(runDir));
    expect(state).toMatchObject({ version: 1, runId, status: 'running', phase: 'idle', iterations: [], baseline: null, exit: null });
    expect(state.settings).toEqual({ ...loopSettings({ pluginsDir: dir, logsDir: '/logs', serverUrl: 'http://127.0.0.1:32400' }) });
    expect(state.settings).toMatchObject({ maxIterations: 10, items: 20, plateauPct: 5, keepPct: 75, monitorPct: 50, reports: [], historyHours: null });
    await writeLoopState(runDir, state);
    expect(await readLoopState(loopStatePath(runDir))).toEqual(state);
  });

  it('refuses a Plug-ins folder that does not exist, before writing anything', async () => {
    await expect(createRun(dir, { pluginsDir: join(dir, 'nope'), logsDir: '/logs', serverUrl: 'http://x' }, new Date())).rejects.toMatchObject({ code: 'plex-plugins-missing' });
  });

  it.each([
    ['missing', undefined, /^There is no loop state at .*loop_state\.json\.$/],
    ['not JSON', '{ half', /^The loop state .*loop_state\.json is not valid JSON/],
    ['of another version', JSON.stringify({ version: 2 }), /^The loop state .*loop_state\.json has an unexpected shape \(version: /],
  ])('a %s state is refused with its path, and left as it is', async (_what, content, message) => {
    const path = join(dir, 'loop_state.json');
    if (content !== undefined) writeFileSync(path, content);
    await expect(readLoopState(path)).rejects.toThrow(message);
    if (content !== undefined) expect(readFileSync(path, 'utf8')).toBe(content);
  });
});
