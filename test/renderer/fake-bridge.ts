// A bridge of the shared/bridge.ts contract for component tests: every action is a mock that
// answers from the fixtures unless a test says otherwise, and `emit` plays an event from main.
import { vi, type Mock } from 'vitest';
import type { AgentDoctorApi, BridgeCall } from '../../shared/bridge.ts';
import type { Action, BridgeEvent, IpcError } from '../../shared/ipc.ts';
import { appStatus, fixResult, history, settingsView } from './fixtures.ts';

export type FakeBridge = { [A in Action]: Mock<BridgeCall<A>> } & {
  onEvent: Mock<AgentDoctorApi['onEvent']>;
  /** delivers `event` to every subscriber, as main's event channel does */
  emit(event: BridgeEvent): void;
  /** subscribers now listening */
  readonly listeners: number;
};

const ok = <T>(value: T) => Promise.resolve({ ok: true as const, value });
export const fail = (error: IpcError) => Promise.resolve({ ok: false as const, error });

export function fakeBridge(): FakeBridge {
  const listeners = new Set<(event: BridgeEvent) => void>();
  return {
    getStatus: vi.fn(() => ok(appStatus())),
    scanLogs: vi.fn(() => ok({ generatedAt: '2026-03-02T10:20:00.000Z', filesRead: 4, skipped: 0, agents: [{ agent: 'GEVI', records: 812, itemsWithOutcome: 20, failedItems: 14, actionableErrors: 31 }] })),
    startLoop: vi.fn(() => ok({ runId: '20260302-101500' })),
    stopLoop: vi.fn(() => ok(null)),
    resumeLoop: vi.fn(() => ok({ runId: '20260302-101500' })),
    answerProposal: vi.fn(() => ok(null)),
    continueRestart: vi.fn(() => ok(null)),
    rollback: vi.fn((ref) => ok({ ref, files: ['GEVI.bundle/Contents/Code/utils.py'], text: 'The files are back as they were before the fix.' })),
    getHistory: vi.fn(() => ok(history())),
    getResult: vi.fn(() => ok(fixResult())),
    openReport: vi.fn(() => ok(null)),
    openReportsFolder: vi.fn(() => ok(null)),
    dismissNotice: vi.fn(() => ok(null)),
    getSettings: vi.fn(() => ok(settingsView())),
    saveSettings: vi.fn((update) => ok({ ...settingsView(), ...update })),
    chooseFolder: vi.fn(() => ok(settingsView({ pluginsDir: '/Volumes/Media/Plug-ins' }))),
    clearFolder: vi.fn(() => ok(settingsView())),
    setToken: vi.fn(() => ok({ hasToken: true })),
    clearToken: vi.fn(() => ok({ hasToken: false })),
    discoverToken: vi.fn(() => ok({ found: true, source: 'the Plex preferences on this Mac', hasToken: true })),
    hidePopover: vi.fn(() => ok(null)),
    onEvent: vi.fn((listener: (event: BridgeEvent) => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    }),
    emit(event) {
      for (const listener of listeners) listener(event);
    },
    get listeners() {
      return listeners.size;
    },
  };
}
