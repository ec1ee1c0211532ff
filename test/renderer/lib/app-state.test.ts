// The popover's state: kept current by events, never rolled back by a late answer.
import { describe, expect, it } from 'vitest';
import { AppState } from '../../../renderer/lib/app-state.svelte.ts';
import type { AppStatus, IpcResult } from '../../../shared/ipc.ts';
import { fakeBridge } from '../fake-bridge.ts';
import { AT, REF, RUN_ID, appStatus, notice, proposal, runStatus } from '../fixtures.ts';

const answer = (status: AppStatus): Promise<IpcResult<AppStatus>> => Promise.resolve({ ok: true, value: status });

describe('AppState', () => {
  it('keeps the newest status when answers arrive out of order', async () => {
    const bridge = fakeBridge();
    let answerFirst!: () => void;
    bridge.getStatus
      .mockImplementationOnce(() => new Promise((resolve) => (answerFirst = () => resolve({ ok: true, value: appStatus({ hasToken: false }) }))))
      .mockImplementationOnce(() => answer(appStatus({ hasToken: true })));
    const app = new AppState(bridge);
    const first = app.refresh();
    await app.refresh();
    answerFirst();
    await first;
    expect(app.status?.hasToken).toBe(true);
  });

  it('asks for the status when an event names a run it does not know', async () => {
    const bridge = fakeBridge();
    const app = new AppState(bridge);
    await app.refresh();
    bridge.getStatus.mockImplementation(() => answer(appStatus({ run: runStatus() })));
    app.handle({ type: 'progress', at: AT, runId: RUN_ID, fixId: REF.fixId, pass: 'baseline', started: 1, finished: 0, total: 20 });
    expect(bridge.getStatus).toHaveBeenCalledTimes(2);
  });

  it('updates the run it knows without asking', async () => {
    const bridge = fakeBridge();
    bridge.getStatus.mockImplementation(() => answer(appStatus({ run: runStatus({ phase: 'implement' }) })));
    const app = new AppState(bridge);
    await app.refresh();
    app.handle({ type: 'phase', at: AT, runId: RUN_ID, iteration: 2, phase: 'restart' });
    expect(app.status?.run).toMatchObject({ phase: 'restart', iteration: 2, fixId: REF.fixId });
    expect(bridge.getStatus).toHaveBeenCalledOnce();
  });

  it('asks for the status when the loop asks before any status is in', () => {
    const bridge = fakeBridge();
    const app = new AppState(bridge);
    app.handle({ type: 'needsConfirmation', at: AT, proposal: proposal() });
    expect(bridge.getStatus).toHaveBeenCalledOnce();
    expect(app.titles[REF.fixId]).toBe('Browser headers for IAFD requests');
  });

  it('adds a notice once, however often it is pushed', async () => {
    const app = new AppState(fakeBridge());
    await app.refresh();
    app.handle({ type: 'notice', notice: notice() });
    app.handle({ type: 'notice', notice: notice() });
    expect(app.status?.notices).toHaveLength(1);
  });

  it('leaves the running view for Status when the loop ends', async () => {
    const app = new AppState(fakeBridge());
    await app.refresh();
    app.show({ view: 'running' });
    app.handle({ type: 'loopEnded', at: AT, runId: RUN_ID, exitReason: 'plateau', summary: 'Two iterations improved less than 5 %.', reportPath: '/r.md' });
    expect(app.view).toEqual({ view: 'status' });
    expect(app.ended?.summary).toBe('Two iterations improved less than 5 %.');
  });
});
