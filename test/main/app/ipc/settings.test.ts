// Settings and token handlers; and no answer to any action ever contains the token.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { ACTIONS, defaultSettings, type Action, type RequestOf, type SettingsUpdate } from '../../../../shared/ipc.ts';
import { UserError } from '../../../../main/engine/errors.ts';
import { safeStorage } from '../electron-mock.ts';
import { engineStatus, harness, invoke, ref, senderOf } from './harness.ts';

const TOKEN = 'PlexTok-9876_abcdEFGH';
const update = (change: Partial<SettingsUpdate> = {}): SettingsUpdate => {
  const { pluginsDir: _p, logsDir: _l, ...rest } = defaultSettings();
  return { ...rest, ...change };
};

describe('getSettings / saveSettings', () => {
  it('answers with the settings and whether a token is stored', async () => {
    const h = harness();
    expect(await h.call('getSettings')).toEqual({ ok: true, value: { ...defaultSettings(), hasToken: false } });
  });

  it('saves, keeps the chosen folders, and hands the new settings to the engine', async () => {
    const h = harness();
    h.settings.write({ ...defaultSettings(), pluginsDir: '/Plex/Plug-ins' });
    const result = await h.call('saveSettings', update({ itemsPerTest: 10 }));
    expect(result).toEqual({ ok: true, value: { ...defaultSettings(), pluginsDir: '/Plex/Plug-ins', itemsPerTest: 10, hasToken: false } });
    expect(h.settings.read().itemsPerTest).toBe(10);
    expect(h.engine.configure).toHaveBeenCalledWith(expect.objectContaining({ settings: expect.objectContaining({ itemsPerTest: 10, pluginsDir: '/Plex/Plug-ins' }) }));
  });

  it('applies launch at login only when it changes', async () => {
    const h = harness();
    await h.call('saveSettings', update({ itemsPerTest: 5 }));
    expect(h.ctx.applyLaunchAtLogin).not.toHaveBeenCalled();
    await h.call('saveSettings', update({ launchAtLogin: true }));
    expect(h.ctx.applyLaunchAtLogin).toHaveBeenCalledWith(true);
  });

  it('refuses invalid settings with the reason, and changes nothing', async () => {
    const h = harness();
    const before = readFileSync(h.settings.path, 'utf8');
    const result = await h.call('saveSettings', update({ thresholds: { keepPct: 60, monitorPct: 80, plateauPct: 5, maxIterations: 10 } }));
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid-request', message: 'Agent Doctor could not accept this request: thresholds.monitorPct: the MONITOR threshold must be below the KEEP threshold.', hint: 'Check the value and try again.' },
    });
    expect(readFileSync(h.settings.path, 'utf8')).toBe(before);
    expect(h.engine.configure).not.toHaveBeenCalled();
  });

  it('keeps saved settings when the engine rejects them, and passes on its reason', async () => {
    const h = harness();
    h.engine.configure = vi.fn(async () => {
      throw new UserError('plex-unreachable', 'Nothing answers at http://10.0.0.9:32400.', 'Check the server address.');
    });
    const result = await h.call('saveSettings', update({ serverUrl: 'http://10.0.0.9:32400' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'plex-unreachable' } });
    expect(h.settings.read().serverUrl).toBe('http://10.0.0.9:32400');
  });

  it('saves settings while there is no engine', async () => {
    const h = harness({ engineUp: false });
    expect(await h.call('saveSettings', update({ itemsPerTest: 3 }))).toMatchObject({ ok: true, value: { itemsPerTest: 3 } });
  });
});

describe('folders', () => {
  it('sets a folder from the native dialog', async () => {
    const h = harness();
    vi.mocked(h.ctx.pickFolder).mockResolvedValueOnce('/Volumes/Plex/Plug-ins');
    expect(await h.call('chooseFolder', { folder: 'plugins' })).toMatchObject({ ok: true, value: { pluginsDir: '/Volumes/Plex/Plug-ins' } });
    expect(h.ctx.pickFolder).toHaveBeenCalledWith('plugins', null);
    expect(h.settings.read().pluginsDir).toBe('/Volumes/Plex/Plug-ins');
  });

  it('changes nothing when the dialog is cancelled', async () => {
    const h = harness();
    h.settings.write({ ...defaultSettings(), logsDir: '/Logs' });
    expect(await h.call('chooseFolder', { folder: 'logs' })).toMatchObject({ ok: true, value: { logsDir: '/Logs' } });
    expect(h.ctx.pickFolder).toHaveBeenCalledWith('logs', '/Logs');
    expect(h.engine.configure).not.toHaveBeenCalled();
  });

  it('goes back to finding a folder automatically', async () => {
    const h = harness();
    h.settings.write({ ...defaultSettings(), logsDir: '/Logs' });
    expect(await h.call('clearFolder', { folder: 'logs' })).toMatchObject({ ok: true, value: { logsDir: null } });
  });
});

describe('the token', () => {
  it('is stored encrypted and only "hasToken" comes back', async () => {
    const h = harness();
    expect(await h.call('setToken', { token: `  ${TOKEN}\n` })).toEqual({ ok: true, value: { hasToken: true } });
    expect(readFileSync(h.settings.path, 'utf8')).not.toContain(TOKEN);
    expect(await h.vault.read()).toBe(TOKEN);
    expect(h.engine.configure).toHaveBeenLastCalledWith(expect.objectContaining({ token: TOKEN }));
  });

  it('is refused, with the reason, when this Mac cannot encrypt it', async () => {
    const h = harness();
    safeStorage.available = false;
    expect(await h.call('setToken', { token: TOKEN })).toMatchObject({ ok: false, error: { code: 'encryption-unavailable' } });
    expect(h.vault.hasToken()).toBe(false);
  });

  it('can be cleared', async () => {
    const h = harness();
    await h.call('setToken', { token: TOKEN });
    expect(await h.call('clearToken')).toEqual({ ok: true, value: { hasToken: false } });
    expect(h.engine.configure).toHaveBeenLastCalledWith(expect.objectContaining({ token: null }));
  });

  it('can be discovered on this Mac by the engine and stored without being sent back', async () => {
    const h = harness();
    h.engine.discoverToken = vi.fn(async () => ({ token: TOKEN, source: 'the Plex preferences on this Mac' }));
    expect(await h.call('discoverToken')).toEqual({ ok: true, value: { found: true, source: 'the Plex preferences on this Mac', hasToken: true } });
    expect(await h.vault.read()).toBe(TOKEN);
  });

  it('says when none was found', async () => {
    const h = harness();
    expect(await h.call('discoverToken')).toEqual({ ok: true, value: { found: false, source: null, hasToken: false } });
  });

  it('never appears in any answer to any action, nor in the log', async () => {
    const h = harness();
    await h.call('setToken', { token: TOKEN });
    // An engine that carelessly puts the token everywhere it can.
    const leak = `http://127.0.0.1:32400/?X-Plex-Token=${TOKEN} (token ${TOKEN})`;
    h.engine.getStatus = vi.fn(async () => ({ ...engineStatus(), plex: { serverUrl: leak, connected: false, version: null, problem: leak } }));
    h.engine.rollback = vi.fn(async (r) => ({ ref: r, files: [leak], text: leak }));
    h.engine.scanLogs = vi.fn(async () => {
      throw new UserError('scan-failed', leak, leak);
    });
    h.engine.getHistory = vi.fn(async () => {
      throw new Error(leak);
    });
    h.engine.discoverToken = vi.fn(async () => ({ token: TOKEN, source: leak }));
    h.engine.reportPath = vi.fn(async () => `/elsewhere/${TOKEN}.md`);

    const requests: { [A in Action]: RequestOf<A> } = {
      getStatus: undefined,
      scanLogs: undefined,
      startLoop: undefined,
      stopLoop: undefined,
      resumeLoop: undefined,
      answerProposal: { fixId: ref.fixId, answer: 'proceed' },
      continueRestart: undefined,
      rollback: ref,
      getHistory: undefined,
      getResult: ref,
      openReport: { kind: 'test', ...ref },
      openReportsFolder: undefined,
      dismissNotice: { id: 'none' },
      getSettings: undefined,
      saveSettings: update(),
      chooseFolder: { folder: 'plugins' },
      clearFolder: { folder: 'plugins' },
      setToken: { token: TOKEN },
      clearToken: undefined,
      discoverToken: undefined,
      hidePopover: undefined,
    };
    const answers: unknown[] = [];
    for (const action of ACTIONS) {
      // setToken echoes the token in its request only; clearToken is last so the others run with it stored.
      if (action === 'clearToken') continue;
      answers.push(await invoke(senderOf(h.win), action, requests[action]));
    }
    answers.push(await invoke(senderOf(h.win), 'clearToken', requests.clearToken));
    const text = JSON.stringify(answers);
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('<redacted>');
    const log = h.log.lines.join('\n');
    expect(log).toContain('getHistory failed');
    expect(log).not.toContain(TOKEN);
  });
});
