// Native notifications: what each event says, the Roll back button, clicks, and the badge
// fallback when macOS will not show them.
import { describe, expect, it, vi } from 'vitest';
import type { EngineEvent, EngineEventOf } from '../../../shared/events.ts';
import { createNotifier, notificationFor } from '../../../main/app/notifications.ts';
import { Notification } from './electron-mock.ts';
import { proposal, ref } from './ipc/harness.ts';

const at = '2026-02-01T12:00:00.000Z';
const finished = (verdict: EngineEventOf<'testFinished'>['verdict']): EngineEvent => ({
  type: 'testFinished',
  at,
  ...ref,
  fixTitle: 'Send browser headers to IAFD',
  verdict,
  why: 'IAFD URL errors per item: 2.10 → 0.40 (−81 %)',
  reportPath: '/data/runs/r/iteration_1/test_report.md',
});

function setup() {
  const deps = { rollback: vi.fn(), open: vi.fn(), fallback: vi.fn() };
  return { deps, notifier: createNotifier(deps) };
}

describe('notificationFor', () => {
  it('says the fix, the decision and why when a test finishes', () => {
    expect(notificationFor(finished('KEEP'))).toEqual({
      title: 'KEEP: Send browser headers to IAFD',
      body: 'IAFD URL errors per item: 2.10 → 0.40 (−81 %)',
      target: { view: 'result', ref },
      rollback: ref,
      level: 'info',
    });
  });

  it.each([
    ['KEEP', true],
    ['MONITOR', true],
    ['MODIFY', false],
    ['ROLLBACK', false],
  ] as const)('offers Roll back after %s: %s', (verdict, offered) => {
    expect(notificationFor(finished(verdict))!.rollback !== null).toBe(offered);
  });

  it('tells when the loop ended and when the user is needed', () => {
    expect(notificationFor({ type: 'loopEnded', at, runId: 'r', exitReason: 'All fixes attempted', summary: '2 kept, 1 rolled back.', reportPath: '/x' })).toMatchObject({
      title: 'Agent Doctor finished',
      body: 'All fixes attempted. 2 kept, 1 rolled back.',
      target: { view: 'history' },
    });
    expect(notificationFor({ type: 'needsConfirmation', at, proposal })).toMatchObject({ title: 'Agent Doctor needs you', body: expect.stringContaining('Send browser headers to IAFD') });
    expect(notificationFor({ type: 'needsManualRestart', at, text: 'Quit Plex, then reopen it.' })).toMatchObject({ title: 'Please restart Plex', body: 'Quit Plex, then reopen it.' });
  });

  it('stays quiet for progress, phases, messages and Plex state', () => {
    const quiet: EngineEvent[] = [
      { type: 'phase', at, runId: 'r', iteration: 1, phase: 'test' },
      { type: 'progress', at, runId: 'r', fixId: 'a', pass: 'after', started: 1, finished: 0, total: 20 },
      { type: 'message', at, level: 'error', text: 'x' },
      { type: 'plex', at, connected: false },
    ];
    for (const e of quiet) expect(notificationFor(e)).toBeNull();
  });
});

describe('the notifier', () => {
  it('shows a notification with a prominent Roll back button for a KEEP', () => {
    const { notifier } = setup();
    notifier.handle(finished('KEEP'));
    const [n] = Notification.instances;
    expect(n!.shown).toBe(true);
    expect(n!.options).toMatchObject({ title: 'KEEP: Send browser headers to IAFD', actions: [{ type: 'button', text: 'Roll back' }], closeButtonText: 'Dismiss' });
    expect(notifier.pending).toBe(1);
  });

  it('rolls back through the engine when Roll back is pressed, and lets go of the notification', () => {
    const { notifier, deps } = setup();
    notifier.handle(finished('MONITOR'));
    Notification.instances[0]!.pressAction(0);
    expect(deps.rollback).toHaveBeenCalledWith(ref);
    expect(deps.open).not.toHaveBeenCalled();
    expect(notifier.pending).toBe(0);
  });

  it('has no button for a ROLLBACK result', () => {
    const { notifier } = setup();
    notifier.handle(finished('ROLLBACK'));
    expect(Notification.instances[0]!.options.actions).toBeUndefined();
  });

  it('opens the popover on the result when clicked', () => {
    const { notifier, deps } = setup();
    notifier.handle(finished('KEEP'));
    Notification.instances[0]!.emit('click', {});
    expect(deps.open).toHaveBeenCalledWith({ view: 'result', ref });
    expect(deps.rollback).not.toHaveBeenCalled();
    expect(notifier.pending).toBe(0);
  });

  it('keeps each notification until it is closed', () => {
    const { notifier } = setup();
    notifier.handle(finished('KEEP'));
    notifier.handle({ type: 'needsManualRestart', at, text: 'Restart Plex' });
    expect(notifier.pending).toBe(2);
    Notification.instances[0]!.close();
    expect(notifier.pending).toBe(1);
  });

  it('falls back to the popover badge when macOS refuses to show it (unsigned build)', () => {
    const { notifier, deps } = setup();
    notifier.handle(finished('KEEP'));
    Notification.instances[0]!.emit('failed', {}, 'Notifications are not allowed for this application');
    expect(deps.fallback).toHaveBeenCalledWith({ level: 'info', title: 'KEEP: Send browser headers to IAFD', body: 'IAFD URL errors per item: 2.10 → 0.40 (−81 %)', ref });
    expect(notifier.pending).toBe(0);
  });

  it('goes straight to the badge where notifications are not supported', () => {
    Notification.supported = false;
    const { notifier, deps } = setup();
    notifier.handle({ type: 'needsManualRestart', at, text: 'Restart Plex' });
    expect(Notification.instances).toHaveLength(0);
    expect(deps.fallback).toHaveBeenCalledWith({ level: 'info', title: 'Please restart Plex', body: 'Restart Plex', ref: null });
  });
});
