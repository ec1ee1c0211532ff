// The Electron main process of the menu-bar app, minus Electron: the same IPC handlers
// (main/app/ipc/), answering through the same runAction() as Electron IPC
// (main/app/ipc/dispatch.ts), in front of the real engine service (main/engine/service/, what
// the app's seam main/app/engine.ts constructs). What needs a Mac or Electron is replaced by
// what a browser session can honestly do: settings and the token live in this process's memory
// (no electron-store, no keychain), there is no folder dialog and no popover to hide, and a
// report to open is named in the terminal.
import { BridgeEventSchema, SettingsSchema, describeIssue, type Action, type BridgeEvent, type IpcResult, type ResponseOf, type Settings } from '../../shared/ipc.ts';
import { createEngineSlot, type EngineConfig, type EngineService } from '../../main/app/engine-service.ts';
import type { IpcContext } from '../../main/app/ipc/context.ts';
import { failure, redactDeep, runAction, type ActionHandler, type DispatchContext } from '../../main/app/ipc/dispatch.ts';
import type { Ipc } from '../../main/app/ipc/handle.ts';
import { registerIpcHandlers } from '../../main/app/ipc/index.ts';
import { createLog, type Log } from '../../main/app/log.ts';
import { createNotices } from '../../main/app/notices.ts';
import type { TokenVault } from '../../main/app/secrets.ts';
import type { SettingsStore } from '../../main/app/settings.ts';
import { UserError } from '../../main/engine/errors.ts';
import { createEngine } from '../../main/engine/service/index.ts';

export interface HostOptions {
  dataDir: string;
  wasmDir: string;
  appVersion: string;
  settings: Settings;
  /** stored as if the user had pasted it in Settings */
  token: string | null;
  /** where "this computer's" Plex keeps its token: the simulated Plex's preferences */
  preferencesPath: string;
  log?: Log;
}

export interface Host {
  /** One action from the page, validated and answered exactly as Electron IPC answers it. */
  dispatch(action: Action, payload: unknown): Promise<IpcResult<ResponseOf<Action>>>;
  /** Engine and app events, validated and redacted as main sends them to the popover. */
  subscribe(listener: (event: BridgeEvent) => void): () => void;
  readonly engine: EngineService;
  /** the app's log (redacted), for the server's own lines */
  readonly log: Log;
  /** the tokens to keep out of everything shown */
  known(): readonly string[];
  /** stops the loop at a safe point (the app quitting) */
  dispose(): Promise<void>;
}

export async function startHost(options: HostOptions): Promise<Host> {
  const vault = memoryVault(options.token);
  const log = options.log ?? createLog(vault.known);
  const dispatchCtx: DispatchContext = { log, known: vault.known };
  const listeners = new Set<(event: BridgeEvent) => void>();
  const send = (event: BridgeEvent) => {
    const parsed = BridgeEventSchema.safeParse(event);
    if (!parsed.success) {
      log.error(`dropped a "${event.type}" event that does not match the IPC contract (${describeIssue(parsed.error)})`);
      return;
    }
    const clean = redactDeep(parsed.data, vault.known());
    for (const listener of listeners) listener(clean);
  };

  const settings = memorySettings(options.settings);
  const notices = createNotices((added) => added && send({ type: 'notice', notice: added }));
  const engineConfig = async (): Promise<EngineConfig> => ({ dataDir: options.dataDir, wasmDir: options.wasmDir, appVersion: options.appVersion, settings: settings.read(), token: await vault.read() });

  const slot = createEngineSlot();
  // The app's seam takes no options; the engine is the same. Its Plex preferences are the
  // simulated Plex's, and no PLEX_TOKEN from this shell counts, so "find the token on this
  // Mac" finds the simulated Plex's and never reads this computer's own Plex.
  const service: EngineService = await createEngine(await engineConfig(), { preferencesPath: options.preferencesPath, env: {} });
  slot.set(service);
  service.subscribe(send);
  for (const action of (await service.recover()).actions) notices.add({ level: 'info', title: 'Finished an interrupted change', body: action });

  const ctx: IpcContext = {
    engine: slot,
    settings,
    vault,
    notices,
    dataDir: options.dataDir,
    reconfigure: async () => service.configure(await engineConfig()),
    applyLaunchAtLogin: (enabled) => log.info(`launch at login ${enabled ? 'on' : 'off'}: applied by the installed app only`),
    pickFolder: async () => {
      throw new UserError('no-folder-dialog', 'The browser version has no folder dialog: it uses the simulated Plex’s folders.', 'Choose folders in the Agent Doctor app on your Mac.');
    },
    openPath: async (path) => log.info(`open ${path} (the browser version names the file here instead of opening it)`),
    // a browser tab has no popover to hide: Escape there is answered and changes nothing
    hidePopover: () => undefined,
  };
  const handlers = new Map<Action, ActionHandler<Action>>();
  const ipc: Ipc = {
    handle(action, handler) {
      handlers.set(action, handler as ActionHandler<Action>);
    },
    get actions() {
      return [...handlers.keys()];
    },
  };
  registerIpcHandlers(ipc, ctx);

  return {
    dispatch(action, payload) {
      const handler = handlers.get(action);
      if (!handler) return Promise.resolve(failure({ code: 'unexpected', message: `Agent Doctor has no handler for ${action}.` }));
      return runAction(action, payload, handler, dispatchCtx);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    engine: service,
    log,
    known: vault.known,
    dispose: () => service.dispose(),
  };
}

/** Settings held in memory, checked like the app's settings file (main/app/settings.ts). */
export function memorySettings(initial: Settings): SettingsStore {
  let current = SettingsSchema.parse(initial);
  let token: string | null = null;
  return {
    path: '(memory of the dev:web server)',
    read: () => structuredClone(current),
    write(next) {
      const parsed = SettingsSchema.safeParse(next);
      if (!parsed.success) throw new UserError('invalid-settings', `These settings cannot be saved: ${describeIssue(parsed.error)}.`, 'Change that value and save again.');
      current = parsed.data;
      return structuredClone(current);
    },
    readTokenCiphertext: () => token,
    writeTokenCiphertext: (value) => void (token = value),
  };
}

/** The token in memory only: dev:web has no keychain to encrypt it with, so it never writes it. */
export function memoryVault(initial: string | null): TokenVault {
  let token = initial;
  const seen = new Set<string>(initial ? [initial] : []);
  return {
    hasToken: () => token !== null,
    async save(value) {
      seen.add(value);
      token = value;
    },
    read: async () => token,
    clear: () => void (token = null),
    known: () => [...seen],
  };
}
