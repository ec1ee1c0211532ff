// Shared by the IPC tests: contract-valid sample data, a fake engine service, and the handlers
// registered for real against the mocked ipcMain, a temporary settings file and the fake keychain.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import type { Decision } from '../../../../shared/decision.ts';
import type { EngineEvent } from '../../../../shared/events.ts';
import type { Proposal } from '../../../../shared/proposal.ts';
import { CHANNELS, type Action, type EngineStatus, type FixResult, type History, type IpcResult, type RequestOf, type ResponseOf } from '../../../../shared/ipc.ts';
import { createEngineSlot, type EngineService, type EngineSlot } from '../../../../main/app/engine-service.ts';
import { createIpc } from '../../../../main/app/ipc/handle.ts';
import { registerIpcHandlers } from '../../../../main/app/ipc/index.ts';
import type { IpcContext } from '../../../../main/app/ipc/context.ts';
import { createLog, type Log } from '../../../../main/app/log.ts';
import { createNotices, type Notices } from '../../../../main/app/notices.ts';
import { createTokenVault, type TokenVault } from '../../../../main/app/secrets.ts';
import { openSettingsStore, type SettingsStore } from '../../../../main/app/settings.ts';
import { BrowserWindow, ipcMain, safeStorage } from '../electron-mock.ts';

const at = '2026-02-01T12:00:00.000Z';
export const ref = { runId: '20260201-120000', iteration: 1, fixId: 'iafd-browser-headers' };

export const proposal: Proposal = {
  fixId: ref.fixId,
  title: 'Send browser headers to IAFD',
  iteration: 1,
  agents: ['GEVI'],
  before: ['IAFD URL errors on 14 of 20 items'],
  after: ['IAFD answers for most items'],
  successCriteria: ['IAFD URL errors per item down by at least 20 %'],
  failureIndicators: ['The plug-in does not start'],
  files: ['GEVI.bundle/Contents/Code/utils.py'],
  diff: '--- a/utils.py\n+++ b/utils.py\n@@ -1 +1 @@\n-a\n+b\n',
  warnings: [],
};

export function engineStatus(change: Partial<EngineStatus> = {}): EngineStatus {
  return {
    plex: { serverUrl: 'http://127.0.0.1:32400', connected: true, version: '1.40.1.8227', problem: null },
    agents: [{ agent: 'GEVI', identifier: 'com.plexapp.agents.GEVI', errorRate: [{ at, rate: 0.7, itemsWithOutcome: 20 }] }],
    run: { runId: ref.runId, iteration: 1, phase: 'test', fixId: ref.fixId, progress: { fixId: ref.fixId, pass: 'after', started: 8, finished: 7, total: 20 }, loop: null, stopping: false },
    pending: null,
    resumable: null,
    lastResult: null,
    folders: { plugins: '/Users/me/Library/Application Support/Plex Media Server/Plug-ins', logs: null, data: '/data' },
    ...change,
  };
}

export const decision: Decision = {
  fixId: ref.fixId,
  iteration: 1,
  verdict: 'KEEP',
  criteriaMetPct: 100,
  criteria: [],
  indicators: [],
  itemsWithOutcome: 18,
  paired: { failToOk: 11, okToFail: 0, okToOk: 5, failToFail: 2, unpaired: 2, pValue: 0.001 },
  pairedBaseline: true,
  reasons: ['All success criteria met and no failure indicator fired.'],
  decidedAt: at,
};

export const fixResult: FixResult = { ref, title: proposal.title, decision, items: [], applied: true };

export const history: History = {
  runs: [
    {
      runId: ref.runId,
      startedAt: at,
      endedAt: null,
      exitReason: null,
      hasFinalReport: false,
      iterations: [{ iteration: 1, improvementPct: null, fixes: [{ ref, title: proposal.title, verdict: 'KEEP', applied: true, rolledBack: false }] }],
    },
  ],
};

export interface FakeEngine extends EngineService {
  emit(event: EngineEvent): void;
}

export function fakeEngine(dataDir = '/data'): FakeEngine {
  const listeners = new Set<(event: EngineEvent) => void>();
  return {
    getStatus: vi.fn(async () => engineStatus()),
    scanLogs: vi.fn(async () => ({ generatedAt: at, filesRead: 6, agents: [{ agent: 'GEVI', records: 900, itemsWithOutcome: 20, failedItems: 14, actionableErrors: 31 }], skipped: 0 })),
    startLoop: vi.fn(async () => ({ runId: ref.runId })),
    stopLoop: vi.fn(async () => null),
    resumeLoop: vi.fn(async () => ({ runId: ref.runId })),
    answerProposal: vi.fn(async () => null),
    continueRestart: vi.fn(async () => null),
    rollback: vi.fn(async (r) => ({ ref: r, files: ['GEVI.bundle/Contents/Code/utils.py'], text: 'Restored 1 file; GEVI restarted.' })),
    getHistory: vi.fn(async () => history),
    getResult: vi.fn(async () => fixResult),
    configure: vi.fn(async () => undefined),
    recover: vi.fn(async () => ({ actions: [] })),
    wake: vi.fn(async () => undefined),
    reportPath: vi.fn(async (r) => join(dataDir, 'runs', r.runId, 'final_improvement_report.md')),
    reportsFolder: vi.fn(() => join(dataDir, 'runs')),
    discoverToken: vi.fn(async () => null),
    knownSecrets: vi.fn(() => []),
    subscribe: vi.fn((listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    }),
    dispose: vi.fn(async () => undefined),
    emit: (event) => listeners.forEach((l) => l(event)),
  };
}

/** The app's real log (it redacts), writing into `lines` instead of the console. */
export function capturingLog(known: () => readonly string[] = () => []): Log & { lines: string[] } {
  const lines: string[] = [];
  const sink = { info: (m: string) => void lines.push(m), warn: (m: string) => void lines.push(m), error: (m: string) => void lines.push(m) };
  return Object.assign(createLog(known, sink), { lines });
}

/** The popover window as the app creates it: its main frame shows app://renderer/. */
export function popoverWindow(): BrowserWindow {
  const win = new BrowserWindow({ width: 380, height: 560 });
  win.webContents.mainFrame.url = 'app://renderer/index.html';
  return win;
}

export const senderOf = (win: BrowserWindow) => ({ senderFrame: win.webContents.mainFrame, sender: win.webContents });

/** Calls the handler registered for `action` the way Electron would. */
export async function invoke(event: unknown, action: Action, ...args: unknown[]): Promise<IpcResult<unknown>> {
  const handler = ipcMain.handlers.get(CHANNELS[action]);
  if (!handler) throw new Error(`no handler for ${action}`);
  return (await handler(event, ...args)) as IpcResult<unknown>;
}

export interface Harness {
  win: BrowserWindow;
  engine: FakeEngine;
  slot: EngineSlot;
  settings: SettingsStore;
  vault: TokenVault;
  notices: Notices;
  ctx: IpcContext;
  log: ReturnType<typeof capturingLog>;
  dataDir: string;
  /** a trusted call from the popover */
  call<A extends Action>(action: A, ...request: undefined extends RequestOf<A> ? [] : [RequestOf<A>]): Promise<IpcResult<ResponseOf<A>>>;
}

export function harness(options: { engineUp?: boolean } = {}): Harness {
  const dataDir = mkdtempSync(join(tmpdir(), 'agent-doctor-ipc-'));
  const win = popoverWindow();
  const engine = fakeEngine(dataDir);
  const slot = createEngineSlot();
  if (options.engineUp ?? true) slot.set(engine);
  const { store: settings } = openSettingsStore({ cwd: dataDir });
  const vault = createTokenVault(settings, safeStorage);
  const notices = createNotices(() => undefined);
  const log = capturingLog(vault.known);
  const ctx: IpcContext = {
    engine: slot,
    settings,
    vault,
    notices,
    dataDir,
    reconfigure: vi.fn(async () => {
      await slot.current?.configure({ dataDir, wasmDir: '/wasm', appVersion: '0.1.0', settings: settings.read(), token: await vault.read() });
    }),
    applyLaunchAtLogin: vi.fn(),
    pickFolder: vi.fn(async () => null),
    openPath: vi.fn(async () => undefined),
    hidePopover: vi.fn(),
  };
  registerIpcHandlers(createIpc(() => win as never, { log, known: vault.known }), ctx);
  return {
    win,
    engine,
    slot,
    settings,
    vault,
    notices,
    ctx,
    log,
    dataDir,
    call: (action, ...request) => invoke(senderOf(win), action, ...request) as never,
  };
}
