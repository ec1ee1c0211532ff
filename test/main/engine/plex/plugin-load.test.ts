import { describe, expect, it } from 'vitest';
import { classifyPluginLoad, waitForPluginLoad, type PluginLogProbe } from '../../../../main/engine/plex/plugin-load.ts';
import type { Clock } from '../../../../main/engine/ports.ts';

const line = (level: string, where: string, msg: string) => `2026-02-01 11:03:02,629 (1fc90ec40) :  ${level} (${where}) - ${msg}`;
const STARTED = line('INFO', 'core:611', 'Started plug-in');
const RESTRICTED = [
  line('CRITICAL', 'core:615', 'Exception starting plug-in (most recent call last):'),
  '  File "/Applications/Plex Media Server.app/…/Framework/core.py", line 608, in start',
  '    self.init_code = self.loader.load(self.init_path, elevated=self.policy.elevated_execution)',
  'SyntaxError: Line 101: "_add_pgma_stubs_to_path" is an invalid variable name because it starts with "_"',
  line('DEBUG', 'core:539', 'Server version is 1.40.1.8227-c0dd5a73e'),
];

describe('classifyPluginLoad', () => {
  it('sees a start in "Started plug-in" from the framework core', () => {
    expect(classifyPluginLoad([line('INFO', 'core:349', 'Starting framework core - Version: 2.6.3'), STARTED])).toEqual({ state: 'started', line: STARTED });
  });

  it('gives the SyntaxError line as the reason of a refused plug-in, with the whole record', () => {
    expect(classifyPluginLoad(RESTRICTED)).toEqual({
      state: 'failed',
      reason: 'SyntaxError: Line 101: "_add_pgma_stubs_to_path" is an invalid variable name because it starts with "_"',
      lines: RESTRICTED.slice(0, 4),
    });
  });

  it('reports "Exception while loading code" with the last traceback line', () => {
    const lines = [line('CRITICAL', 'core:615', 'Exception while loading code (most recent call last):'), '  File "x.py", line 3, in <module>', "ImportError: No module named cloudscraper"];
    expect(classifyPluginLoad(lines)).toMatchObject({ state: 'failed', reason: 'ImportError: No module named cloudscraper' });
  });

  it('lets a failure win over a start seen in the same lines', () => {
    expect(classifyPluginLoad([STARTED, ...RESTRICTED])?.state).toBe('failed');
  });

  it.each([
    [[] as string[]],
    [[line('INFO', 'sandbox:19', 'GEVI  - Started plug-in by hand')]],
    [[line('ERROR', 'networking:197', "Error opening URL 'http://127.0.0.1:32400/:/plugins/com.plexapp.system/resourceHashes'")]],
  ])('finds nothing decisive in %j', (lines) => expect(classifyPluginLoad(lines)).toBeUndefined());
});

describe('waitForPluginLoad', () => {
  const clock: Clock = { now: () => new Date(), sleep: async () => undefined };

  it('polls the probe until the log decides', async () => {
    const batches = [[], [line('INFO', 'core:349', 'Starting framework core')], [STARTED]];
    let calls = 0;
    const probe: PluginLogProbe<string> = { mark: async () => 'm', since: async () => batches.slice(0, ++calls).flat() };
    expect(await waitForPluginLoad(probe, 'm', { timeoutMs: 10_000, clock })).toEqual({ state: 'started', line: STARTED });
    expect(calls).toBe(3);
  });

  it('answers no-log when nothing decisive was written in time', async () => {
    const probe: PluginLogProbe<string> = { mark: async () => 'm', since: async () => [] };
    const result = await waitForPluginLoad(probe, 'm', { timeoutMs: 30, pollIntervalMs: 10 });
    expect(result.state).toBe('no-log');
  });
});
