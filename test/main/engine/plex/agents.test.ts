import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listAgents } from '../../../../main/engine/plex/agents.ts';

const BUNDLES = fileURLToPath(new URL('../../../fixtures/bundles/', import.meta.url));
const PREFS = fileURLToPath(new URL('../../../fixtures/plex/preferences/', import.meta.url));

function pluginsFolder(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'ad-agents-')), 'Plug-ins');
  cpSync(BUNDLES, dir, { recursive: true });
  return dir;
}

describe('listAgents', () => {
  it('finds every fixture bundle with the CFBundleIdentifier of its Info.plist', async () => {
    const dir = pluginsFolder();
    const { agents, skipped } = await listAgents(dir);
    expect(agents.map((a) => [a.name, a.identifier])).toEqual([
      ['AEBN', 'com.plexapp.agents.AEBN'],
      ['GayAdult', 'com.plexapp.agents.GayAdult'],
      ['GayHotMovies', 'com.plexapp.agents.GayHotMovies'],
      ['GEVI', 'com.plexapp.agents.GEVI'],
    ]);
    expect(agents[3]!.codeDir).toBe(join(dir, 'GEVI.bundle', 'Contents', 'Code'));
    expect(skipped).toEqual([]);
  });

  it("reads a binary Info.plist, and leaves Plex's own bundles and broken bundles out with the reason", async () => {
    const dir = pluginsFolder();
    mkdirSync(join(dir, 'Binary.bundle', 'Contents'), { recursive: true });
    cpSync(join(PREFS, 'Info.binary.plist'), join(dir, 'Binary.bundle', 'Contents', 'Info.plist'));
    mkdirSync(join(dir, 'System.bundle', 'Contents'), { recursive: true });
    mkdirSync(join(dir, 'Renamed.bundle', 'Contents'), { recursive: true });
    writeFileSync(join(dir, 'Renamed.bundle', 'Contents', 'Info.plist'), '<plist><dict><key>CFBundleIdentifier</key><string>com.plexapp.system</string></dict></plist>');
    mkdirSync(join(dir, 'NoPlist.bundle'));
    mkdirSync(join(dir, 'NoId.bundle', 'Contents'), { recursive: true });
    writeFileSync(join(dir, 'NoId.bundle', 'Contents', 'Info.plist'), '<plist><dict><key>CFBundleName</key><string>x</string></dict></plist>');
    writeFileSync(join(dir, 'notes.txt'), 'not a bundle');
    const { agents, skipped } = await listAgents(dir);
    expect(agents.map((a) => a.identifier)).toContain('com.plexapp.agents.BinaryAgent');
    expect(skipped.map((s) => [s.bundleDir.split('/').pop(), s.reason])).toEqual([
      ['NoId.bundle', 'Contents/Info.plist has no CFBundleIdentifier'],
      ['NoPlist.bundle', 'no Contents/Info.plist (ENOENT)'],
      ['Renamed.bundle', "Plex's own bundle (com.plexapp.system)"],
      ['System.bundle', "Plex's own bundle"],
    ]);
  });

  it('says which folder is missing and what to pass instead', async () => {
    await expect(listAgents('/nonexistent/Plug-ins')).rejects.toThrow(/The Plug-ins folder \/nonexistent\/Plug-ins does not exist/);
  });
});
