// Settings and the token. The renderer never sends a folder path (folders come from a native
// dialog) and never receives the token, only whether one is stored.
import type { FolderKind, Settings, SettingsView } from '../../../shared/ipc.ts';
import type { IpcContext } from './context.ts';
import type { Ipc } from './handle.ts';

const FOLDER_KEY: Record<FolderKind, 'pluginsDir' | 'logsDir'> = { plugins: 'pluginsDir', logs: 'logsDir' };

export function registerSettingsHandlers(ipc: Ipc, ctx: IpcContext): void {
  const view = (settings: Settings): SettingsView => ({ ...settings, hasToken: ctx.vault.hasToken() });

  // Saved first, then handed to the engine: a value the engine rejects stays visible in
  // Settings with the engine's explanation, rather than being silently dropped.
  const save = async (settings: Settings, before: Settings) => {
    const saved = ctx.settings.write(settings);
    if (saved.launchAtLogin !== before.launchAtLogin) ctx.applyLaunchAtLogin(saved.launchAtLogin);
    await ctx.reconfigure();
    return view(saved);
  };

  ipc.handle('getSettings', async () => view(ctx.settings.read()));
  ipc.handle('saveSettings', async (update) => {
    const current = ctx.settings.read();
    return save({ ...update, pluginsDir: current.pluginsDir, logsDir: current.logsDir }, current);
  });
  ipc.handle('chooseFolder', async ({ folder }) => {
    const current = ctx.settings.read();
    const picked = await ctx.pickFolder(folder, current[FOLDER_KEY[folder]]);
    return picked === null ? view(current) : save({ ...current, [FOLDER_KEY[folder]]: picked }, current);
  });
  ipc.handle('clearFolder', async ({ folder }) => {
    const current = ctx.settings.read();
    return save({ ...current, [FOLDER_KEY[folder]]: null }, current);
  });

  ipc.handle('setToken', async ({ token }) => {
    await ctx.vault.save(token);
    await ctx.reconfigure();
    return { hasToken: true };
  });
  ipc.handle('clearToken', async () => {
    ctx.vault.clear();
    await ctx.reconfigure();
    return { hasToken: false };
  });
  ipc.handle('discoverToken', async () => {
    const found = await ctx.engine.get().discoverToken();
    if (!found) return { found: false, source: null, hasToken: ctx.vault.hasToken() };
    await ctx.vault.save(found.token);
    await ctx.reconfigure();
    return { found: true, source: found.source, hasToken: true };
  });
}
