// Sandboxed preload: defines `window.agentDoctor` (shared/bridge.ts) and nothing else. The
// renderer gets one function per action and an event subscription; it never sees
// ipcRenderer, a channel name or the raw IPC event (electron-notes.md §3).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_KEY, CHANNELS, type AgentDoctorApi, type BridgeCall } from '../shared/bridge.ts';
import type { Action, BridgeEvent } from '../shared/ipc.ts';

// Forwards at most one argument: main validates it, and nothing else can ride along.
const call = <A extends Action>(action: A): BridgeCall<A> =>
  ((request?: unknown) => ipcRenderer.invoke(CHANNELS[action], request)) as BridgeCall<A>;

const api: AgentDoctorApi = {
  getStatus: call('getStatus'),
  scanLogs: call('scanLogs'),
  startLoop: call('startLoop'),
  stopLoop: call('stopLoop'),
  resumeLoop: call('resumeLoop'),
  answerProposal: call('answerProposal'),
  continueRestart: call('continueRestart'),
  rollback: call('rollback'),
  getHistory: call('getHistory'),
  getResult: call('getResult'),
  openReport: call('openReport'),
  openReportsFolder: call('openReportsFolder'),
  dismissNotice: call('dismissNotice'),
  getSettings: call('getSettings'),
  saveSettings: call('saveSettings'),
  chooseFolder: call('chooseFolder'),
  clearFolder: call('clearFolder'),
  setToken: call('setToken'),
  clearToken: call('clearToken'),
  discoverToken: call('discoverToken'),
  hidePopover: call('hidePopover'),
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, payload: BridgeEvent) => listener(payload);
    ipcRenderer.on(CHANNELS.event, forward);
    return () => void ipcRenderer.removeListener(CHANNELS.event, forward);
  },
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, api);
