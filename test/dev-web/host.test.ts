// The app's IPC handlers and the real engine without Electron: settings and the token in
// memory, the simulated Plex as "this computer's" Plex, and what a browser cannot do said plainly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings, type BridgeEvent, type SettingsView } from '../../shared/ipc.ts';
import { createLog } from '../../main/app/log.ts';
import { isUserError } from '../../main/engine/errors.ts';
import { memorySettings, memoryVault, startHost, type Host } from './host.ts';
import { startDevWorld, type DevWorld } from './world.ts';

describe('memorySettings', () => {
  it('checks a change like the settings file does, and keeps the old settings when it is refused', () => {
    const store = memorySettings(defaultSettings());
    let refused: unknown;
    try {
      store.write({ ...defaultSettings(), itemsPerTest: 0 });
    } catch (err) {
      refused = err;
    }
    expect(isUserError(refused) && refused.code).toBe('invalid-settings');
    expect((refused as Error).message).toBe('These settings cannot be saved: itemsPerTest: Too small: expected number to be >=1.');
    expect(store.read().itemsPerTest).toBe(20);
  });

  it('hands out copies: changing one does not change what is stored', () => {
    const store = memorySettings(defaultSettings());
    store.read().restartOrder.pop();
    expect(store.read().restartOrder).toEqual(defaultSettings().restartOrder);
  });
});

describe('memoryVault', () => {
  it('holds the token in memory and remembers every token it saw, for redaction', async () => {
    const vault = memoryVault('first-token-123');
    expect(vault.hasToken()).toBe(true);
    await vault.save('second-token-456');
    expect(await vault.read()).toBe('second-token-456');
    vault.clear();
    expect(vault.hasToken()).toBe(false);
    expect(await vault.read()).toBeNull();
    expect(vault.known()).toEqual(['first-token-123', 'second-token-456']);
  });
});

describe('the host, on the simulated Plex', () => {
  let world: DevWorld;
  let host: Host;
  const logged: string[] = [];

  beforeAll(async () => {
    world = await startDevWorld();
    const sink = { info: (m: string) => void logged.push(m), warn: (m: string) => void logged.push(m), error: (m: string) => void logged.push(m) };
    host = await startHost({ dataDir: world.dataDir, wasmDir: world.wasmDir, appVersion: world.appVersion, settings: world.settings, token: world.token, preferencesPath: world.sim.sim.preferencesPath, log: createLog(() => [], sink) });
  });
  afterAll(async () => {
    await host?.dispose();
    await world?.stop({ removeFiles: true });
  });

  it("starts with the simulated Plex's address, folders and token, and restarts nothing but the simulated plug-ins", async () => {
    expect(await host.dispatch('getSettings', undefined)).toEqual({
      ok: true,
      value: { ...defaultSettings(), serverUrl: world.sim.url, pluginsDir: world.sim.sim.pluginsDir, logsDir: world.sim.sim.logsDir, restartOrder: ['plugin-reload', 'manual'], hasToken: true },
    });
  });

  it('saves settings through the app’s handler and hands them to the engine', async () => {
    const current = await host.dispatch('getSettings', undefined);
    if (!current.ok) throw new Error(current.error.message);
    const { pluginsDir: _p, logsDir: _l, hasToken: _h, ...update } = current.value as SettingsView;
    expect(await host.dispatch('saveSettings', { ...update, itemsPerTest: 8 })).toMatchObject({ ok: true, value: { itemsPerTest: 8 } });
    expect(await host.dispatch('saveSettings', { ...update, itemsPerTest: 500 })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await host.dispatch('getSettings', undefined)).toMatchObject({ ok: true, value: { itemsPerTest: 8 } });
  });

  it('finds the token in the simulated Plex’s preferences, and never sends it', async () => {
    const found = await host.dispatch('discoverToken', undefined);
    expect(found).toEqual({ ok: true, value: { found: true, source: expect.stringContaining(world.sim.sim.preferencesPath), hasToken: true } });
    expect(JSON.stringify(found)).not.toContain(world.token);
  });

  it('says there is no folder dialog in a browser, and what to do instead', async () => {
    expect(await host.dispatch('chooseFolder', { folder: 'plugins' })).toEqual({
      ok: false,
      error: { code: 'no-folder-dialog', message: 'The browser version has no folder dialog: it uses the simulated Plex’s folders.', hint: 'Choose folders in the Agent Doctor app on your Mac.' },
    });
  });

  it('names a report to open in the terminal instead of opening it', async () => {
    expect(await host.dispatch('openReportsFolder', undefined)).toEqual({ ok: true, value: null });
    expect(logged.join('\n')).toContain(`open ${world.dataDir}/runs (the browser version names the file here instead of opening it)`);
  });

  it('passes the engine’s events on, checked against the contract', async () => {
    const seen: BridgeEvent[] = [];
    const stop = host.subscribe((e) => void seen.push(e));
    // the engine tells when it first reaches Plex; wake() reports the connection afresh
    await host.engine.wake();
    stop();
    expect(seen).toContainEqual(expect.objectContaining({ type: 'plex', connected: true }));
  });
});
