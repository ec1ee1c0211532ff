// What the menu-bar icon shows, derived from the engine's status and events. Pure: the tray
// module only draws what `trayLook` and `trayMenu` return.
import type { EngineEvent } from '../../shared/events.ts';
import type { EngineStatus } from '../../shared/ipc.ts';

export type TrayState = 'idle' | 'running' | 'needs-you' | 'error';

export interface TrayModel {
  running: boolean;
  /** a proposal or a manual restart is waiting for the user */
  waiting: boolean;
  /** an interrupted run can be resumed */
  resumable: boolean;
  /** null until the first answer from Plex */
  plexConnected: boolean | null;
  /** the engine could not start; the text says why */
  engineProblem: string | null;
  progress: { finished: number; total: number } | null;
  /** notices the user has not seen (notifications that could not be shown, …) */
  unread: number;
}

export const INITIAL_TRAY_MODEL: TrayModel = {
  running: false,
  waiting: false,
  resumable: false,
  plexConnected: null,
  engineProblem: null,
  progress: null,
  unread: 0,
};

export function trayModelFromStatus(status: EngineStatus, unread: number): TrayModel {
  const progress = status.run?.progress;
  return {
    running: status.run !== null,
    waiting: status.pending !== null,
    resumable: status.resumable !== null,
    plexConnected: status.plex.connected,
    engineProblem: null,
    progress: progress ? { finished: progress.finished, total: progress.total } : null,
    unread,
  };
}

export function applyEngineEvent(model: TrayModel, event: EngineEvent): TrayModel {
  switch (event.type) {
    case 'phase':
      // Any phase after a question means it was answered.
      return event.phase === 'idle'
        ? { ...model, running: false, waiting: false, progress: null }
        : { ...model, running: true, waiting: false, resumable: false, progress: event.phase === 'test' ? model.progress : null };
    case 'progress':
      return { ...model, running: true, progress: { finished: event.finished, total: event.total } };
    case 'needsConfirmation':
    case 'needsManualRestart':
      return { ...model, running: true, waiting: true };
    case 'loopEnded':
      return { ...model, running: false, waiting: false, resumable: false, progress: null };
    case 'plex':
      return { ...model, plexConnected: event.connected };
    case 'testFinished':
    case 'message':
      return model;
  }
}

/** Needs-you first: a waiting question blocks the loop. Then errors, then activity. */
export function trayState(model: TrayModel): TrayState {
  if (model.waiting || model.resumable) return 'needs-you';
  if (model.engineProblem !== null || model.plexConnected === false) return 'error';
  if (model.running) return 'running';
  return 'idle';
}

/** File names in build/tray (each also as @2x). macOS tints images named `…Template`. */
export const TRAY_ICONS: Record<TrayState, string> = {
  idle: 'trayTemplate.png',
  running: 'trayRunningTemplate.png',
  'needs-you': 'trayAttentionTemplate.png',
  error: 'trayErrorTemplate.png',
};

export interface TrayLook {
  icon: string;
  /** short text beside the icon */
  title: string;
  tooltip: string;
}

export function trayLook(model: TrayModel): TrayLook {
  const state = trayState(model);
  const badge = model.unread > 0 ? ` •` : '';
  const progress = model.progress && model.progress.total > 0 ? `${model.progress.finished}/${model.progress.total}` : '';
  const tooltip = {
    idle: 'Agent Doctor',
    running: progress ? `Agent Doctor — testing a fix (${progress} items)` : 'Agent Doctor — working',
    'needs-you': model.waiting ? 'Agent Doctor needs you — click to answer' : 'Agent Doctor — a stopped loop can be resumed',
    error: model.engineProblem ?? 'Agent Doctor cannot reach Plex Media Server',
  }[state];
  return { icon: TRAY_ICONS[state], title: (state === 'running' ? progress : '') + badge, tooltip };
}

export interface TrayActions {
  open(): void;
  startLoop(): void;
  stopLoop(): void;
  resumeLoop(): void;
  openReportsFolder(): void;
  openSettings(): void;
  quit(): void;
}

export interface TrayMenuItem {
  label?: string;
  type?: 'separator';
  enabled?: boolean;
  click?: () => void;
}

/** The right-click menu (not `setContextMenu`: on macOS that takes over the left click). */
export function trayMenu(model: TrayModel, actions: TrayActions): TrayMenuItem[] {
  const engineUp = model.engineProblem === null;
  const loopItem: TrayMenuItem = model.running
    ? { label: 'Stop the loop', enabled: engineUp, click: actions.stopLoop }
    : model.resumable
      ? { label: 'Resume the loop', enabled: engineUp, click: actions.resumeLoop }
      : { label: 'Start the loop', enabled: engineUp, click: actions.startLoop };
  return [
    { label: 'Open Agent Doctor', click: actions.open },
    { type: 'separator' },
    loopItem,
    { label: 'Open reports folder', enabled: engineUp, click: actions.openReportsFolder },
    { label: 'Settings…', click: actions.openSettings },
    { type: 'separator' },
    { label: 'Quit Agent Doctor', click: actions.quit },
  ];
}
