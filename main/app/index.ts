// Composition root of the menu-bar app: creates each part once and wires them together. The
// parts live in their own modules; this file only decides who talks to whom.
import { app, dialog, safeStorage, session, shell, type Rectangle } from 'electron';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { EngineEvent } from '../../shared/events.ts';
import type { BridgeEvent, FixRef, FolderKind, NavigateTarget } from '../../shared/ipc.ts';
import { UserError, isUserError } from '../engine/errors.ts';
import { createEngineService } from './engine.ts';
import { createEngineSlot, type EngineConfig } from './engine-service.ts';
import { redactDeep } from './ipc/dispatch.ts';
import { createEventSender } from './ipc/events.ts';
import { createIpc } from './ipc/handle.ts';
import { registerIpcHandlers } from './ipc/index.ts';
import { applyLaunchAtLogin, claimSingleInstance, disposeBeforeQuit, hideDock, keepRunningWithoutWindows, onWake } from './lifecycle.ts';
import { createLog } from './log.ts';
import { createNotices } from './notices.ts';
import { createNotifier } from './notifications.ts';
import { appPaths } from './paths.ts';
import { createPopover, type Popover } from './popover.ts';
import { registerAppScheme, serveRenderer } from './protocol.ts';
import { createTokenVault } from './secrets.ts';
import { denyAllPermissions, hardenEveryWebContents } from './security.ts';
import { openSettingsStore } from './settings.ts';
import { createAppTray } from './tray.ts';
import { applyEngineEvent, trayModelFromStatus } from './tray-model.ts';

let popover: Popover | null = null;

/** The tray's left click, for Playwright on a Mac (native tray clicks cannot be automated). */
export function togglePopover(): void {
  popover?.toggle();
}

/** Runs at import time of out/main/index.js: only what must happen before `ready`. */
export function startApp(mainDir: string): void {
  app.enableSandbox();
  registerAppScheme();
  hardenEveryWebContents();
  if (!claimSingleInstance(() => popover?.show())) return;
  keepRunningWithoutWindows();
  app
    .whenReady()
    .then(() => onReady(mainDir))
    .catch((err: unknown) => {
      dialog.showErrorBox('Agent Doctor could not start', err instanceof Error ? err.message : String(err));
      app.quit();
    });
}

async function onReady(mainDir: string): Promise<void> {
  hideDock();
  denyAllPermissions(session.defaultSession);
  const paths = appPaths({ mainDir, isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() });
  serveRenderer(paths.rendererDir);

  const dataDir = app.getPath('userData');
  const opened = openSettingsStore({ cwd: dataDir });
  const settings = opened.store;
  const vault = createTokenVault(settings, safeStorage);
  const engine = createEngineSlot();
  // the saved token, and any the engine found on this Mac by itself
  const known = () => [...vault.known(), ...(engine.current?.knownSecrets() ?? [])];
  const log = createLog(known);
  const ctx = { log, known };

  const view = popover = createPopover({ preloadPath: paths.preloadPath, devTools: !app.isPackaged, trayBounds: () => tray.bounds(), onLoadFailed: (err) => log.error('the popover page did not load', err) });
  const send = createEventSender(() => view.window, ctx);
  const open = (to: NavigateTarget) => {
    view.show();
    send({ type: 'navigate', to });
  };

  const notices = createNotices((added) => {
    tray.update((m) => ({ ...m, unread: notices.list().length }));
    if (added) send({ type: 'notice', notice: added });
  });
  const reportFailure = (title: string) => (err: unknown) => {
    if (!isUserError(err)) log.error(title, err);
    notices.add({ level: 'error', title, body: isUserError(err) ? [err.message, err.hint].filter(Boolean).join(' ') : 'Something went wrong inside Agent Doctor.' });
    view.show();
  };

  const openPath = async (path: string) => {
    const problem = await shell.openPath(path);
    if (problem) throw new UserError('open-failed', `Could not open ${path}: ${problem}.`, 'Check that it still exists.');
  };
  const fromTray = (title: string, action: () => Promise<unknown>) => () => void action().catch(reportFailure(title));

  const tray = createAppTray({
    iconDir: paths.trayIconDir,
    onClick: (bounds: Rectangle) => view.toggle(bounds),
    actions: {
      open: () => view.show(),
      startLoop: fromTray('Could not start the loop', () => engine.get().startLoop()),
      stopLoop: fromTray('Could not stop the loop', () => engine.get().stopLoop()),
      resumeLoop: fromTray('Could not resume the loop', () => engine.get().resumeLoop()),
      openReportsFolder: fromTray('Could not open the reports folder', () => openPath(engine.get().reportsFolder())),
      openSettings: () => open({ view: 'settings' }),
      quit: () => app.quit(),
    },
  });
  if (opened.problem) notices.add({ level: 'warn', title: 'Settings were reset', body: opened.problem });

  const notifier = createNotifier({
    open,
    fallback: (notice) => void notices.add(notice),
    rollback: (ref: FixRef) =>
      void engine
        .get()
        .rollback(ref)
        .then((result) => notifier.show({ title: 'Rolled back', body: redactDeep(result.text, known()), target: { view: 'result', ref }, rollback: null, level: 'info' }))
        .catch(reportFailure('The rollback did not finish')),
  });

  const readToken = () =>
    vault.read().catch((err: unknown) => {
      reportFailure('The saved Plex token could not be used')(err);
      return null;
    });
  const engineConfig = async (): Promise<EngineConfig> => ({
    dataDir,
    wasmDir: paths.wasmDir,
    appVersion: app.getVersion(),
    settings: settings.read(),
    token: await readToken(),
  });

  registerIpcHandlers(createIpc(() => view.window, ctx), {
    engine,
    settings,
    vault,
    notices,
    dataDir,
    reconfigure: async () => {
      await engine.current?.configure(await engineConfig());
    },
    applyLaunchAtLogin: (enabled) => applyLaunchAtLogin(enabled, log),
    pickFolder: (kind, current) => pickFolder(kind, current, view),
    openPath,
    hidePopover: () => view.hide(),
  });
  applyLaunchAtLogin(settings.read().launchAtLogin, log);

  const onEngineEvent = (raw: EngineEvent) => {
    const event = redactDeep(raw, known());
    tray.update((m) => applyEngineEvent(m, event));
    notifier.handle(event);
    send(event satisfies BridgeEvent);
  };
  onWake(() => void engine.current?.wake().catch(reportFailure('Could not reconnect after the Mac woke up')));
  disposeBeforeQuit(async () => engine.current?.dispose(), log);

  let service;
  try {
    service = await createEngineService(await engineConfig());
  } catch (err) {
    engine.fail(err);
    tray.update((m) => ({ ...m, engineProblem: engine.problem?.message ?? null }));
    if (!isUserError(err)) log.error('the engine did not start', err);
    return;
  }
  engine.set(service);
  service.subscribe(onEngineEvent);
  // A recovery that cannot finish is shown, not fatal: history and rollback must stay usable.
  await service.recover().then((recovery) => {
    for (const action of recovery.actions) notices.add({ level: 'info', title: 'Finished an interrupted change', body: action });
  }, reportFailure('Could not finish an interrupted change'));
  try {
    const status = await service.getStatus();
    tray.update(() => trayModelFromStatus(status, notices.list().length));
    // "Resume the loop?" is asked in the popover.
    if (status.resumable) open({ view: 'status' });
  } catch (err) {
    // The tray catches up with the first engine event; the popover asks for the status itself.
    log.error('reading the status at start-up failed', err);
  }
}

async function pickFolder(kind: FolderKind, current: string | null, view: Popover): Promise<string | null> {
  const result = await dialog.showOpenDialog({
    title: kind === 'plugins' ? 'Choose the Plex Plug-ins folder' : 'Choose the Plex logs folder',
    defaultPath: current ?? join(homedir(), 'Library'),
    buttonLabel: 'Choose',
    properties: ['openDirectory', 'showHiddenFiles', 'dontAddToRecent'],
  });
  // The dialog took focus, so the popover hid itself: bring it back to show the change.
  view.show();
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
