// The Plex token: encrypted with the macOS keychain (safeStorage) before it touches the disk,
// decrypted only in main, never sent to the renderer (electron-notes.md §3). The store holds
// base64 ciphertext; with no keychain encryption available we refuse to store it at all.
import type { SafeStorage } from 'electron';
import { UserError } from '../engine/errors.ts';
import type { SettingsStore } from './settings.ts';

export type TokenCrypto = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync'>;

export interface TokenVault {
  hasToken(): boolean;
  save(token: string): Promise<void>;
  /** null when none is stored */
  read(): Promise<string | null>;
  clear(): void;
  /** the tokens this process has held, for redaction of everything it logs or sends */
  known(): readonly string[];
}

export function createTokenVault(store: Pick<SettingsStore, 'readTokenCiphertext' | 'writeTokenCiphertext'>, crypto: TokenCrypto): TokenVault {
  const seen = new Set<string>();

  const encryptAndStore = async (token: string) => {
    if (!(await crypto.isAsyncEncryptionAvailable())) {
      throw new UserError(
        'encryption-unavailable',
        'The Plex token was not saved: this Mac cannot encrypt it right now (the keychain is not available).',
        'Log in to your Mac user account normally (so its keychain is unlocked), then set the token again.',
      );
    }
    const ciphertext = await crypto.encryptStringAsync(token);
    store.writeTokenCiphertext(Buffer.from(ciphertext).toString('base64'));
  };

  return {
    hasToken: () => store.readTokenCiphertext() !== null,
    async save(token) {
      seen.add(token);
      await encryptAndStore(token);
    },
    async read() {
      const stored = store.readTokenCiphertext();
      if (stored === null) return null;
      let decrypted;
      try {
        decrypted = await crypto.decryptStringAsync(Buffer.from(stored, 'base64'));
      } catch {
        throw new UserError(
          'token-unreadable',
          'The saved Plex token could not be unlocked (the keychain refused it, for example after Agent Doctor was reinstalled).',
          'Set the token again in Settings, or let Agent Doctor find it on this Mac.',
        );
      }
      seen.add(decrypted.result);
      // The keychain rotated its key: store it again under the new one.
      if (decrypted.shouldReEncrypt) await encryptAndStore(decrypted.result);
      return decrypted.result;
    },
    clear: () => store.writeTokenCiphertext(null),
    known: () => [...seen],
  };
}
