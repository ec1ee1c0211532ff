import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findToken } from '../../../../main/engine/plex/token.ts';
import { describeTokenSource } from '../../../../main/engine/plex/token-source.ts';

const prefs = (name: string) => fileURLToPath(new URL(`../../../fixtures/plex/preferences/${name}`, import.meta.url));

describe('findToken', () => {
  it('prefers PLEX_TOKEN and says so', async () => {
    const found = await findToken({ env: { PLEX_TOKEN: ' envToken123 ' }, preferencesPath: prefs('Preferences.xml') });
    expect(found).toEqual({ token: 'envToken123', source: { kind: 'env', variable: 'PLEX_TOKEN' } });
    expect(describeTokenSource(found.source)).toBe('the PLEX_TOKEN environment variable');
  });

  it.each([
    ['com.plexapp.plexmediaserver.binary.plist', 'fixtureTokenAbc123_-x', 'binary-plist', /binary property list/],
    ['com.plexapp.plexmediaserver.xml.plist', 'fixtureTokenAbc123_-x', 'xml-plist', /XML property list/],
    ['Preferences.xml', 'linuxToken-789_xyz', 'preferences-xml', /Preferences\.xml/],
  ])('reads PlexOnlineToken from %s', async (file, token, format, words) => {
    const found = await findToken({ env: {}, preferencesPath: prefs(file) });
    expect(found).toEqual({ token, source: { kind: 'file', path: prefs(file), format } });
    expect(describeTokenSource(found.source)).toMatch(words);
    expect(describeTokenSource(found.source)).not.toContain(token);
  });

  it.each(['unclaimed.binary.plist', 'Preferences-unclaimed.xml', 'does-not-exist.plist'])('reports where it looked when %s holds no token', async (file) => {
    const found = await findToken({ env: {}, preferencesPath: prefs(file) });
    expect(found).toEqual({ token: undefined, source: { kind: 'none', looked: ['PLEX_TOKEN environment variable', prefs(file)] } });
  });

  it('has nothing to read on Windows, where the token is in the registry', async () => {
    expect(await findToken({ env: {}, preferencesPath: undefined })).toEqual({ token: undefined, source: { kind: 'none', looked: ['PLEX_TOKEN environment variable'] } });
  });

  it('refuses a preferences file that is not a plist with a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ad-token-'));
    const bad = join(dir, 'com.plexapp.plexmediaserver.plist');
    writeFileSync(bad, 'bplist00garbage');
    await expect(findToken({ env: {}, preferencesPath: bad })).rejects.toThrow(/is not a readable property list/);
    const folder = join(dir, 'folder.plist');
    mkdirSync(folder);
    await expect(findToken({ env: {}, preferencesPath: folder })).rejects.toThrow(/Cannot read the Plex preferences .*folder\.plist \(EISDIR\)/);
  });
});
