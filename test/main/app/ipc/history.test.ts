// History handlers: results, rollback, and opening reports only from the data folder.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixResult, harness, history, ref } from './harness.ts';

describe('history handlers', () => {
  it('answers with the history and one result in full', async () => {
    const h = harness();
    expect(await h.call('getHistory')).toEqual({ ok: true, value: history });
    expect(await h.call('getResult', ref)).toEqual({ ok: true, value: fixResult });
    expect(h.engine.getResult).toHaveBeenCalledWith(ref);
  });

  it('rolls back a fix through the engine', async () => {
    const h = harness();
    expect(await h.call('rollback', ref)).toEqual({ ok: true, value: { ref, files: ['GEVI.bundle/Contents/Code/utils.py'], text: 'Restored 1 file; GEVI restarted.' } });
    expect(h.engine.rollback).toHaveBeenCalledWith(ref);
  });

  it('opens a report the engine names inside the data folder', async () => {
    const h = harness();
    expect(await h.call('openReport', { kind: 'final', runId: ref.runId })).toEqual({ ok: true, value: null });
    expect(h.ctx.openPath).toHaveBeenCalledWith(join(h.dataDir, 'runs', ref.runId, 'final_improvement_report.md'));
  });

  it.each(['/etc/passwd', '../outside.md'])('refuses to open %s, which is outside the data folder', async (path) => {
    const h = harness();
    h.engine.reportPath = async () => (path.startsWith('/') ? path : join(h.dataDir, path));
    expect(await h.call('openReport', { kind: 'test', ...ref })).toMatchObject({ ok: false, error: { code: 'report-outside-data' } });
    expect(h.ctx.openPath).not.toHaveBeenCalled();
  });

  it('opens the reports folder', async () => {
    const h = harness();
    expect(await h.call('openReportsFolder')).toEqual({ ok: true, value: null });
    expect(h.ctx.openPath).toHaveBeenCalledWith(join(h.dataDir, 'runs'));
  });
});
