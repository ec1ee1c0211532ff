// `window.agentDoctor`: the only way the popover talks to main. One function per action of
// the IPC table (shared/ipc.ts), each resolving to a result value (`{ ok, value | error }`,
// never a rejection: Errors lose their fields when they cross the context bridge), plus one
// event subscription. The preload implements it over Electron IPC; the renderer's tests and
// `dev:web` implement it with their own transports.
// This module has no runtime import: the sandboxed preload bundles it and may load nothing
// but `electron`. The schemas are in ipc.ts.
import type { Action, BridgeEvent, IpcResult, RequestOf, ResponseOf } from './ipc.ts';

/** The global the preload defines: `window.agentDoctor`. */
export const BRIDGE_KEY = 'agentDoctor';

export const IPC_PREFIX = 'agent-doctor:';

/** Every channel, one per action (the rows of `IPC` in ipc.ts), plus the one main pushes
 *  events on. */
export const CHANNELS = {
  getStatus: 'agent-doctor:get-status',
  scanLogs: 'agent-doctor:scan-logs',
  startLoop: 'agent-doctor:start-loop',
  stopLoop: 'agent-doctor:stop-loop',
  resumeLoop: 'agent-doctor:resume-loop',
  answerProposal: 'agent-doctor:answer-proposal',
  continueRestart: 'agent-doctor:continue-restart',
  rollback: 'agent-doctor:rollback',
  getHistory: 'agent-doctor:get-history',
  getResult: 'agent-doctor:get-result',
  openReport: 'agent-doctor:open-report',
  openReportsFolder: 'agent-doctor:open-reports-folder',
  dismissNotice: 'agent-doctor:dismiss-notice',
  getSettings: 'agent-doctor:get-settings',
  saveSettings: 'agent-doctor:save-settings',
  chooseFolder: 'agent-doctor:choose-folder',
  clearFolder: 'agent-doctor:clear-folder',
  setToken: 'agent-doctor:set-token',
  clearToken: 'agent-doctor:clear-token',
  discoverToken: 'agent-doctor:discover-token',
  hidePopover: 'agent-doctor:hide-popover',
  event: 'agent-doctor:event',
} as const satisfies Record<string, `${typeof IPC_PREFIX}${string}`>;

/** Actions without a request take no argument: `getStatus()`, `rollback(ref)`. */
export type BridgeCall<A extends Action> = undefined extends RequestOf<A>
  ? () => Promise<IpcResult<ResponseOf<A>>>
  : (request: RequestOf<A>) => Promise<IpcResult<ResponseOf<A>>>;

export type BridgeActions = { readonly [A in Action]: BridgeCall<A> };

/**
 * Status: `getStatus`, `scanLogs` · Loop: `startLoop`, `stopLoop`, `resumeLoop`,
 * `answerProposal({ fixId, answer })`, `continueRestart` · Results and history: `getHistory`,
 * `getResult(ref)`, `rollback(ref)`, `openReport(reportRef)`, `openReportsFolder`,
 * `dismissNotice({ id })` · Settings: `getSettings`, `saveSettings(update)`,
 * `chooseFolder({ folder })`, `clearFolder({ folder })`, `setToken({ token })`, `clearToken`,
 * `discoverToken` · Window: `hidePopover`.
 */
export interface AgentDoctorApi extends BridgeActions {
  /** Calls `listener` with each engine or app event; returns the function that unsubscribes. */
  onEvent(listener: (event: BridgeEvent) => void): () => void;
}
