// The Plex token: only ever on disk as keychain ciphertext.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../main/engine/errors.ts';
import { createTokenVault } from '../../../main/app/secrets.ts';
import { openSettingsStore, type SettingsStore } from '../../../main/app/settings.ts';
import { safeStorage } from './electron-mock.ts';

const TOKEN = 'xYz-1234_AbCdEfGhIjKl';
let store: SettingsStore;

beforeEach(() => {
  store = openSettingsStore({ cwd: mkdtempSync(join(tmpdir(), 'agent-doctor-secrets-')) }).store;
});

const vault = () => createTokenVault(store, safeStorage);
const fileText = () => readFileSync(store.path, 'utf8');

describe('the token vault', () => {
  it('stores the token as base64 ciphertext, never in clear', async () => {
    const v = vault();
    expect(v.hasToken()).toBe(false);
    await v.save(TOKEN);
    expect(v.hasToken()).toBe(true);
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledWith(TOKEN);
    const text = fileText();
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(Buffer.from(TOKEN).toString('base64'));
    const stored = store.readTokenCiphertext()!;
    expect(stored).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('decrypts it again, in main only', async () => {
    await vault().save(TOKEN);
    expect(await vault().read()).toBe(TOKEN);
  });

  it('remembers the tokens it held, so they can be redacted', async () => {
    const v = vault();
    await v.save(TOKEN);
    expect(v.known()).toEqual([TOKEN]);
    const fresh = vault();
    expect(fresh.known()).toEqual([]);
    await fresh.read();
    expect(fresh.known()).toEqual([TOKEN]);
  });

  it('refuses to store the token when encryption is unavailable, and stores nothing', async () => {
    safeStorage.available = false;
    const v = vault();
    await expect(v.save(TOKEN)).rejects.toMatchObject({ code: 'encryption-unavailable', message: expect.stringContaining('was not saved') });
    expect(v.hasToken()).toBe(false);
    expect(fileText()).not.toContain(TOKEN);
  });

  it('says so when the keychain cannot decrypt the stored token', async () => {
    store.writeTokenCiphertext(Buffer.from('not our ciphertext').toString('base64'));
    const err = await vault().read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({ code: 'token-unreadable', hint: expect.stringContaining('Set the token again') });
  });

  it('re-encrypts when the keychain rotated its key', async () => {
    await vault().save(TOKEN);
    safeStorage.decryptStringAsync.mockResolvedValueOnce({ shouldReEncrypt: true, result: TOKEN });
    safeStorage.encryptStringAsync.mockClear();
    expect(await vault().read()).toBe(TOKEN);
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledWith(TOKEN);
  });

  it('forgets the token when cleared', async () => {
    const v = vault();
    await v.save(TOKEN);
    v.clear();
    expect(v.hasToken()).toBe(false);
    expect(await v.read()).toBeNull();
  });
});
