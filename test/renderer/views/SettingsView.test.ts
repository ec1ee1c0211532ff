// Settings: validated before sending, saved through the bridge, and the token never shown.
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import SettingsView from '../../../renderer/views/SettingsView.svelte';
import { fail } from '../fake-bridge.ts';
import { settingsView } from '../fixtures.ts';
import { appWith } from './helpers.ts';

const TOKEN = 'xY9-secretPlexToken_42';

async function showSettings(view = settingsView()) {
  const setup = await appWith();
  setup.bridge.getSettings.mockResolvedValue({ ok: true, value: view });
  const rendered = render(SettingsView, { props: { app: setup.app } });
  await screen.findByRole('button', { name: 'Save' });
  return { ...setup, ...rendered };
}
const field = (name: string | RegExp) => screen.getByLabelText(name) as HTMLInputElement;
/** Every place a token could show up: text, input values, attributes. */
const pageHolds = (container: HTMLElement, secret: string) =>
  container.innerHTML.includes(secret) || [...container.querySelectorAll('input')].some((i) => i.value.includes(secret));

describe('SettingsView — the token', () => {
  it('stores a pasted token, then empties the field and only says a token is stored', async () => {
    const { bridge, user, container } = await showSettings();
    expect(screen.getByText('No token is stored.')).toBeTruthy();
    const input = field('Or paste a token');
    expect(input.type).toBe('password');
    await user.type(input, `  ${TOKEN} `);
    await user.click(screen.getByRole('button', { name: 'Store' }));
    expect(bridge.setToken).toHaveBeenCalledExactlyOnceWith({ token: TOKEN });
    expect(input.value).toBe('');
    expect(screen.getByText('A token is stored.')).toBeTruthy();
    expect(pageHolds(container, TOKEN)).toBe(false);
  });

  it('refuses a token that cannot be one, without sending it', async () => {
    const { bridge, user } = await showSettings();
    await user.type(field('Or paste a token'), 'not a token');
    await user.click(screen.getByRole('button', { name: 'Store' }));
    expect(bridge.setToken).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('A Plex token has only letters, digits');
  });

  it('finds the token on this Mac and says where, never what', async () => {
    const { bridge, user, container } = await showSettings();
    await user.click(screen.getByRole('button', { name: 'Find it on this Mac' }));
    expect(bridge.discoverToken).toHaveBeenCalledOnce();
    expect(screen.getByText('Found in the Plex preferences on this Mac.')).toBeTruthy();
    expect(screen.getByText('A token is stored.')).toBeTruthy();
    expect(pageHolds(container, TOKEN)).toBe(false);
  });

  it('says when no token was found on this Mac', async () => {
    const { bridge, user } = await showSettings();
    bridge.discoverToken.mockResolvedValueOnce({ ok: true, value: { found: false, source: null, hasToken: false } });
    await user.click(screen.getByRole('button', { name: 'Find it on this Mac' }));
    expect(screen.getByText('No token found on this Mac. Paste one below.')).toBeTruthy();
  });

  it('removes a stored token', async () => {
    const { bridge, user } = await showSettings(settingsView({ hasToken: true }));
    await user.click(screen.getByRole('button', { name: 'Remove token' }));
    expect(bridge.clearToken).toHaveBeenCalledOnce();
    expect(screen.getByText('No token is stored.')).toBeTruthy();
  });

  it('shows a bridge error with its hint', async () => {
    const { bridge, user } = await showSettings();
    bridge.setToken.mockReturnValueOnce(fail({ code: 'no-encryption', message: 'This Mac cannot encrypt the token, so it was not stored.', hint: 'Sign in to your macOS account and try again.' }));
    await user.type(field('Or paste a token'), TOKEN);
    await user.click(screen.getByRole('button', { name: 'Store' }));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('This Mac cannot encrypt the token, so it was not stored.');
    expect(alert.textContent).toContain('Sign in to your macOS account and try again.');
  });
});

describe('SettingsView — the form', () => {
  it('saves what was changed: address, restart order, numbers, login', async () => {
    const { bridge, user } = await showSettings();
    await user.clear(field('Server address'));
    await user.type(field('Server address'), 'http://192.168.1.20:32400/');
    await user.click(screen.getByRole('button', { name: 'Move “Ask me to restart Plex” up' }));
    await user.clear(field('Items per test'));
    await user.type(field('Items per test'), '12');
    await user.click(screen.getByRole('checkbox', { name: 'Open Agent Doctor at login' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(bridge.saveSettings).toHaveBeenCalledExactlyOnceWith({
      serverUrl: 'http://192.168.1.20:32400/',
      restartOrder: ['plugin-reload', 'launchctl', 'app-quit', 'manual', 'sigterm'],
      itemsPerTest: 12,
      thresholds: { keepPct: 75, monitorPct: 50, plateauPct: 5, maxIterations: 10 },
      launchAtLogin: true,
    });
    expect(screen.getByText('Saved.')).toBeTruthy();
  });

  it.each([
    ['Server address', 'plex.local', /The server address must look like/],
    ['Items per test', '0', /Items per test must be a whole number from 1 to 100\./],
    [/Monitor it when they reach/, '90', /The MONITOR threshold must be below the KEEP threshold\./],
  ])('does not send %s = %j, and says why', async (label, value, message) => {
    const { bridge, user } = await showSettings();
    await user.clear(field(label));
    await user.type(field(label), value);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(bridge.saveSettings).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(message);
  });

  it('keeps unsaved edits when a folder is chosen', async () => {
    const { bridge, user } = await showSettings();
    await user.clear(field('Items per test'));
    await user.type(field('Items per test'), '7');
    await user.click(screen.getByRole('button', { name: 'Choose the Plug-ins folder' }));
    expect(bridge.chooseFolder).toHaveBeenCalledWith({ folder: 'plugins' });
    expect(screen.getByText('/Volumes/Media/Plug-ins')).toBeTruthy();
    expect(screen.getByText('Chosen by you')).toBeTruthy();
    expect(field('Items per test').value).toBe('7');
  });

  it('shows the folders found automatically, and can go back to automatic', async () => {
    const { bridge, user } = await showSettings(settingsView({ logsDir: '/Volumes/Media/Logs' }));
    const plugins = screen.getByText('Plug-ins folder').closest('div')!;
    expect(within(plugins).getByText('/Users/pat/Library/Application Support/Plex Media Server/Plug-ins')).toBeTruthy();
    expect(within(plugins).getByText('Found automatically')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Find automatically (Logs folder)' }));
    expect(bridge.clearFolder).toHaveBeenCalledWith({ folder: 'logs' });
  });

  it('shows a save refused by main, with its hint', async () => {
    const { bridge, user } = await showSettings();
    bridge.saveSettings.mockReturnValueOnce(fail({ code: 'plex-unreachable', message: 'Nothing answers at that address.', hint: 'Check the address in Plex Web → Settings → Network.' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert').textContent).toContain('Check the address in Plex Web → Settings → Network.');
    expect(screen.queryByText('Saved.')).toBeNull();
  });
});
