import { describe, expect, it } from 'vitest';
import { LocalTime } from '../../../../main/engine/logs/local-time.ts';
import { parsePluginLine } from '../../../../main/engine/logs/parse-line.ts';
import { pluginLoadState, PluginStartTracker } from '../../../../main/engine/logs/plugin-load.ts';
import type { LogRecord } from '../../../../main/engine/logs/record.ts';

const utc = new LocalTime('UTC');
const rec = (line: string, more?: string[], source = 'com.plexapp.agents.GEVI'): LogRecord => ({ ...parsePluginLine(line, source, 'f', utc)!, more });
const STARTING = rec('2026-02-01 11:03:02,100 (1fc90ec40) :  INFO (core:349) - Starting framework core - Version: 2.6.3, Build: 7fb6fa3');
const STARTED = rec('2026-02-01 11:03:02,629 (1fc90ec40) :  INFO (core:611) - Started plug-in');
const RESTRICTED = rec('2026-02-01 11:03:02,363 (7bfcde2ba808) :  CRITICAL (core:615) - Exception starting plug-in (most recent call last):', [
  '  File "/x/core.py", line 613, in start',
  '    self.host.execute(self.init_code)',
  'SyntaxError: Line 104: "__file__" is an invalid variable name because it starts with "_"',
]);

describe('pluginLoadState: only the start markers count (agent-logs.md §9, lessons #13)', () => {
  it('is started after "Started plug-in"', () => {
    expect(pluginLoadState([STARTING, STARTED], 'com.plexapp.agents.GEVI')).toBe('started');
  });

  it('is failed with the RestrictedPython line as the reason', () => {
    expect(pluginLoadState([STARTING, RESTRICTED], 'com.plexapp.agents.GEVI')).toEqual({ failed: 'SyntaxError: Line 104: "__file__" is an invalid variable name because it starts with "_"' });
  });

  it('gives the last line of the traceback when there is no SyntaxError', () => {
    const load = rec('2026-02-01 11:03:02,300 (1fc90ec40) :  CRITICAL (core:547) - Exception while loading code (most recent call last):', ['  File "x"', 'ImportError: No module named lxml', '']);
    expect(pluginLoadState([STARTING, load], 'com.plexapp.agents.GEVI')).toEqual({ failed: 'ImportError: No module named lxml' });
  });

  it('keeps a failure even when "Started plug-in" follows in the same attempt', () => {
    expect(pluginLoadState([STARTING, RESTRICTED, STARTED], 'com.plexapp.agents.GEVI')).toMatchObject({ failed: expect.stringContaining('__file__') });
  });

  it('is decided by the latest attempt', () => {
    expect(pluginLoadState([STARTING, RESTRICTED, STARTING, STARTED], 'com.plexapp.agents.GEVI')).toBe('started');
    expect(pluginLoadState([STARTING, STARTED, STARTING], 'com.plexapp.agents.GEVI')).toBe('none');
  });

  it('is none without a marker, and looks only at the named plug-in (any case)', () => {
    expect(pluginLoadState([], 'com.plexapp.agents.GEVI')).toBe('none');
    expect(pluginLoadState([rec(STARTED.line, undefined, 'com.plexapp.agents.AEBN')], 'com.plexapp.agents.GEVI')).toBe('none');
    expect(pluginLoadState([STARTED], 'com.plexapp.agents.gevi')).toBe('started');
  });

  it('never counts "loaded" text or a server version as a start (the predecessor\'s check)', () => {
    const bogus = [rec('2026-02-01 11:03:02,627 (16de8b000) :  DEBUG (core:539) - Server version is 1.40.1.8227-c0dd5a73e'), rec('2026-02-01 11:03:02,628 (16de8b000) :  INFO (sandbox:19) - GEVI  - UTILS :: GEVI loaded')];
    expect(pluginLoadState(bogus, 'com.plexapp.agents.GEVI')).toBe('none');
  });

  it('lists every attempt that ended', () => {
    const t = new PluginStartTracker();
    for (const r of [STARTING, RESTRICTED, STARTING, STARTED]) t.add(r);
    expect(t.starts()).toEqual([
      { at: '2026-02-01T11:03:02.363Z', ok: false, reason: 'SyntaxError: Line 104: "__file__" is an invalid variable name because it starts with "_"' },
      { at: '2026-02-01T11:03:02.629Z', ok: true },
    ]);
  });
});
