// Finding the Plex token (plex-facts.md §6, lessons #17): PLEX_TOKEN first, then the
// preferences file of this platform — the macOS plist (binary or XML), or Linux's
// Preferences.xml. We remember where it came from; the token itself is never shown.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { UserError } from '../errors.ts';
import { decodeXmlText, isBinaryPlist, parsePlist } from './plist.ts';
import type { PlexCredentials, TokenSource } from './token-source.ts';

export const TOKEN_ENV = 'PLEX_TOKEN';
export const TOKEN_KEY = 'PlexOnlineToken';

export interface TokenSearch {
  env: Readonly<Record<string, string | undefined>>;
  /** from plexPaths(); undefined on Windows (the registry is not read) */
  preferencesPath: string | undefined;
}

/** Never throws for a missing token: returns `{ token: undefined, source: { kind: 'none' } }`
 *  listing where it looked, because a Plex server that allows this network needs none.
 *  A preferences file that exists but cannot be read is an error. */
export async function findToken({ env, preferencesPath }: TokenSearch): Promise<PlexCredentials> {
  const fromEnv = env[TOKEN_ENV]?.trim();
  if (fromEnv) return { token: fromEnv, source: { kind: 'env', variable: TOKEN_ENV } };
  const looked = [`${TOKEN_ENV} environment variable`];
  if (preferencesPath === undefined) return { token: undefined, source: { kind: 'none', looked } };
  looked.push(preferencesPath);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(preferencesPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { token: undefined, source: { kind: 'none', looked } };
    throw new UserError('plex-preferences-unreadable', `Cannot read the Plex preferences ${preferencesPath} (${code ?? (err as Error).message}).`, 'Check the file permissions, or set PLEX_TOKEN.');
  }
  const found = readTokenFromPreferences(bytes, preferencesPath);
  return found.token === undefined ? { token: undefined, source: { kind: 'none', looked } } : found;
}

/** Reads PlexOnlineToken from a plist (binary or XML) or a Linux Preferences.xml. */
export function readTokenFromPreferences(bytes: Uint8Array, path: string): PlexCredentials {
  const text = isBinaryPlist(bytes) ? '' : new TextDecoder().decode(bytes);
  if (!isBinaryPlist(bytes) && /<Preferences[\s/>]/.test(text)) {
    const m = new RegExp(`\\s${TOKEN_KEY}="([^"]*)"`).exec(text);
    const token = m ? decodeXmlText(m[1]!).trim() : '';
    return { token: token || undefined, source: { kind: 'file', path, format: 'preferences-xml' } };
  }
  const format: TokenSource & { kind: 'file' } = { kind: 'file', path, format: isBinaryPlist(bytes) ? 'binary-plist' : 'xml-plist' };
  const plist = parsePlist(bytes, basename(path));
  if (typeof plist !== 'object' || plist === null || Array.isArray(plist) || plist instanceof Uint8Array || plist instanceof Date) {
    throw new UserError('plex-preferences-unreadable', `The Plex preferences ${path} do not hold a dictionary of settings.`, 'Check that this is the Plex Media Server preferences file, or set PLEX_TOKEN.');
  }
  const value = (plist as Record<string, unknown>)[TOKEN_KEY];
  const token = typeof value === 'string' && value.trim() ? value.trim() : undefined;
  return { token, source: format };
}
