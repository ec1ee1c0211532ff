// What the menu-bar icon shows, and its right-click menu, as the engine's state changes.
import { describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../../shared/events.ts';
import { INITIAL_TRAY_MODEL, TRAY_ICONS, applyEngineEvent, trayLook, trayMenu, trayModelFromStatus, trayState, type TrayActions, type TrayModel } from '../../../main/app/tray-model.ts';
import { engineStatus, proposal } from './ipc/harness.ts';

const at = '2026-02-01T12:00:00.000Z';
const model = (change: Partial<TrayModel> = {}): TrayModel => ({ ...INITIAL_TRAY_MODEL, plexConnected: true, ...change });

describe('applyEngineEvent', () => {
  const cases: Array<[string, TrayModel, EngineEvent, Partial<TrayModel>]> = [
    ['a phase starts a run', model(), { type: 'phase', at, runId: 'r1', iteration: 1, phase: 'aggregate' }, { running: true }],
    ['the idle phase ends it', model({ running: true, progress: { finished: 1, total: 2 } }), { type: 'phase', at, runId: 'r1', iteration: 1, phase: 'idle' }, { running: false, progress: null }],
    ['progress is counted', model({ running: true }), { type: 'progress', at, runId: 'r1', fixId: 'a', pass: 'after', started: 8, finished: 7, total: 20 }, { progress: { finished: 7, total: 20 } }],
    ['a proposal waits for the user', model({ running: true }), { type: 'needsConfirmation', at, proposal }, { waiting: true }],
    ['a manual restart waits for the user', model({ running: true }), { type: 'needsManualRestart', at, text: 'Quit Plex' }, { waiting: true }],
    ['the next phase means it was answered', model({ running: true, waiting: true }), { type: 'phase', at, runId: 'r1', iteration: 1, phase: 'implement' }, { waiting: false }],
    ['a resumed run is no longer resumable', model({ resumable: true }), { type: 'phase', at, runId: 'r1', iteration: 2, phase: 'test' }, { resumable: false, running: true }],
    ['the loop ending clears everything', model({ running: true, waiting: true, progress: { finished: 1, total: 2 } }), { type: 'loopEnded', at, runId: 'r1', exitReason: 'All fixes attempted', summary: '', reportPath: '/x' }, { running: false, waiting: false, progress: null }],
    ['Plex going away', model(), { type: 'plex', at, connected: false }, { plexConnected: false }],
    ['Plex coming back', model({ plexConnected: false }), { type: 'plex', at, connected: true, version: '1.40' }, { plexConnected: true }],
  ];
  it.each(cases)('%s', (_name, before, event, expected) => {
    expect(applyEngineEvent(before, event)).toMatchObject(expected);
  });

  it('leaves the model alone for messages and test results', () => {
    const before = model({ running: true });
    expect(applyEngineEvent(before, { type: 'message', at, level: 'error', text: 'x' })).toBe(before);
  });
});

describe('trayModelFromStatus', () => {
  it('reads a run, a question and Plex from the status', () => {
    const status = engineStatus({ pending: { kind: 'manualRestart', text: 'Quit Plex' } });
    expect(trayModelFromStatus(status, 2)).toEqual({ running: true, waiting: true, resumable: false, plexConnected: true, engineProblem: null, progress: { finished: 7, total: 20 }, unread: 2 });
  });
});

describe('trayState and trayLook', () => {
  it.each([
    ['idle', model(), 'idle', TRAY_ICONS.idle, ''],
    ['running, with counts', model({ running: true, progress: { finished: 7, total: 20 } }), 'running', TRAY_ICONS.running, '7/20'],
    ['needs you beats running', model({ running: true, waiting: true }), 'needs-you', TRAY_ICONS['needs-you'], ''],
    ['a resumable run needs you', model({ resumable: true }), 'needs-you', TRAY_ICONS['needs-you'], ''],
    ['Plex unreachable is an error', model({ plexConnected: false }), 'error', TRAY_ICONS.error, ''],
    ['no engine is an error', model({ engineProblem: 'no engine' }), 'error', TRAY_ICONS.error, ''],
    ['unread notices add a dot', model({ unread: 1 }), 'idle', TRAY_ICONS.idle, ' •'],
  ])('%s', (_name, m, state, icon, title) => {
    expect(trayState(m)).toBe(state);
    expect(trayLook(m)).toMatchObject({ icon, title });
  });

  it('names every icon as a macOS template image', () => {
    for (const file of Object.values(TRAY_ICONS)) expect(file).toMatch(/Template\.png$/);
  });

  it('says why in the tooltip when there is no engine', () => {
    expect(trayLook(model({ engineProblem: 'This build has no engine.' })).tooltip).toBe('This build has no engine.');
  });
});

describe('trayMenu', () => {
  const actions = (): TrayActions => ({ open: vi.fn(), startLoop: vi.fn(), stopLoop: vi.fn(), resumeLoop: vi.fn(), openReportsFolder: vi.fn(), openSettings: vi.fn(), quit: vi.fn() });
  const labels = (m: TrayModel) => trayMenu(m, actions()).map((i) => i.label ?? '—');

  it('offers open, the loop, reports, settings and quit', () => {
    expect(labels(model())).toEqual(['Open Agent Doctor', '—', 'Start the loop', 'Open reports folder', 'Settings…', '—', 'Quit Agent Doctor']);
  });

  it('offers to stop a running loop and to resume a stopped one', () => {
    expect(labels(model({ running: true }))).toContain('Stop the loop');
    expect(labels(model({ resumable: true }))).toContain('Resume the loop');
  });

  it('disables engine actions while there is no engine', () => {
    const items = trayMenu(model({ engineProblem: 'none' }), actions());
    expect(items.find((i) => i.label === 'Start the loop')?.enabled).toBe(false);
    expect(items.find((i) => i.label === 'Open reports folder')?.enabled).toBe(false);
    expect(items.find((i) => i.label === 'Settings…')?.enabled).toBeUndefined();
  });

  it('calls the matching action on click', () => {
    const a = actions();
    const items = trayMenu(model({ running: true }), a);
    for (const item of items) item.click?.();
    expect(a.stopLoop).toHaveBeenCalledTimes(1);
    expect(a.startLoop).not.toHaveBeenCalled();
    expect(a.quit).toHaveBeenCalledTimes(1);
  });
});
