import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pluginStartedAfterChange } from '../../../../main/engine/verify/plugin-state.ts';
import { item, pass } from './passes.ts';

let logsDir: string;
beforeEach(() => {
  logsDir = mkdtempSync(join(tmpdir(), 'verify-plugin-state-'));
  mkdirSync(join(logsDir, 'PMS Plugin Logs'));
});
afterEach(() => rmSync(logsDir, { recursive: true, force: true }));

const GEVI = { agent: 'GEVI', identifier: 'com.plexapp.agents.GEVI' };
const AEBN = { agent: 'AEBN', identifier: 'com.plexapp.agents.AEBN' };
const head = (time: string) => `2026-02-01 10:${time},000 (1fc90ec40) :  INFO (core:349) - Starting framework core - Version: 2.6.3, Build: 72f9ed8`;
const ok = (time: string) => [head(time), `2026-02-01 10:${time},600 (1fc90ec40) :  INFO (core:611) - Started plug-in`];
const failed = (time: string) => [
  head(time),
  `2026-02-01 10:${time},500 (1fc90ec40) :  CRITICAL (core:615) - Exception starting plug-in (most recent call last):`,
  '  File "core.py", line 608, in start',
  'SyntaxError: Line 101: "_add_pgma_stubs_to_path" is an invalid variable name because it starts with "_"',
];
const writeLog = (agent: typeof GEVI, lines: string[]) => writeFileSync(join(logsDir, 'PMS Plugin Logs', `${agent.identifier}.log`), lines.join('\n') + '\n');
const after = pass('after', [item('ok')]);
const input = (more: Partial<Parameters<typeof pluginStartedAfterChange>[0]> = {}) => ({ logsDir, agents: [GEVI], after, timeZone: 'UTC', ...more });

describe('pluginStartedAfterChange: did the plug-in start with the changed code?', () => {
  it('believes a start seen during the test first (a lazy start on the first refresh)', async () => {
    const seen = pass('after', [item('ok')], { pluginStarts: [{ agent: 'GEVI', at: '2026-02-01T10:30:00.000Z', ok: true, midTest: false }] });
    expect(await pluginStartedAfterChange(input({ after: seen }))).toEqual({ value: 1, text: 'GEVI started at 2026-02-01T10:30:00.000Z' });
  });

  it('else reads the latest start in the agent\'s logs', async () => {
    writeLog(GEVI, [...failed('00:00'), ...ok('05:00')]);
    expect(await pluginStartedAfterChange(input())).toEqual({ value: 1, text: 'GEVI started at 2026-02-01T10:05:00.600Z' });
  });

  it('says why the latest start failed', async () => {
    writeLog(GEVI, [...ok('00:00'), ...failed('05:00')]);
    const state = await pluginStartedAfterChange(input());
    expect(state).toMatchObject({ value: 0, failure: 'SyntaxError: Line 101: "_add_pgma_stubs_to_path" is an invalid variable name because it starts with "_"' });
    expect(state.text).toMatch(/^GEVI failed to start at 2026-02-01T10:05:00\.500Z: SyntaxError: Line 101: /);
  });

  it('counts only starts after the change: none since means the test ran the old code', async () => {
    writeLog(GEVI, ok('00:00'));
    const state = await pluginStartedAfterChange(input({ changedAt: new Date('2099-01-01T00:00:00Z') }));
    expect(state).toEqual({ value: 0, text: 'GEVI has not started since the change at 2099-01-01T00:00:00.000Z: the test ran the old code' });
  });

  it('does not know when the agent has no log at all', async () => {
    writeLog(AEBN, ok('00:00'));
    expect(await pluginStartedAfterChange(input())).toEqual({ value: null, text: 'no start of GEVI found in its logs' });
  });

  it('needs every agent of the fix to have started; one failure is the answer', async () => {
    writeLog(GEVI, ok('00:00'));
    writeLog(AEBN, failed('00:00'));
    const state = await pluginStartedAfterChange(input({ agents: [GEVI, AEBN] }));
    expect(state.value).toBe(0);
    expect(state.failure).toMatch(/^SyntaxError/);
    expect(state.text).toMatch(/^GEVI started at .*; AEBN failed to start at /);
  });
});
