// electron-builder.yml, checked offline by electron-builder's own schema
// (scripts/validate-builder-config.cjs) — and held to what electron-notes.md requires.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const script = join(process.cwd(), 'scripts', 'validate-builder-config.cjs');
const { validateBuilderConfig } = require(script) as { validateBuilderConfig(file?: string): Promise<Record<string, unknown> & { mac: Record<string, unknown> }> };

describe('electron-builder.yml', () => {
  it('is valid for electron-builder 26, offline', async () => {
    await expect(validateBuilderConfig()).resolves.toBeTruthy();
  });

  it('builds dmg and zip for Apple silicon and Intel, hardened, notarized, with our entitlements', async () => {
    const { mac } = await validateBuilderConfig();
    expect(mac.target).toEqual([
      { target: 'dmg', arch: ['arm64', 'x64'] },
      { target: 'zip', arch: ['arm64', 'x64'] },
    ]);
    expect(mac).toMatchObject({ hardenedRuntime: true, notarize: true, entitlements: 'build/entitlements.mac.plist', entitlementsInherit: 'build/entitlements.mac.plist', minimumSystemVersion: '13.0' });
    expect(mac.extendInfo).toMatchObject({ LSUIElement: true, NSAppleEventsUsageDescription: expect.stringContaining('Plex Media Server') });
  });

  it('grants only the JIT entitlement', () => {
    const plist = readFileSync(join(process.cwd(), 'build', 'entitlements.mac.plist'), 'utf8');
    expect([...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('sets every fuse of electron-notes.md §3', async () => {
    const config = await validateBuilderConfig();
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('ships the tray icons and the wasm files beside the asar, and unpacks the Python worker', async () => {
    const config = await validateBuilderConfig();
    expect(config.asar).toBe(true);
    expect(config.extraResources).toEqual([
      { from: 'build/tray', to: 'tray', filter: ['*.png'] },
      { from: 'resources/wasm', to: 'wasm' },
    ]);
    expect(config.asarUnpack).toEqual(['out/main/python-worker.mjs']);
  });
});

describe('the validator', () => {
  const broken = () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-doctor-builder-'));
    const file = join(dir, 'broken.yml');
    writeFileSync(file, 'appId: app.agentdoctor.mac\nmac:\n  hardenedRuntim: true\n  target: dmg\n');
    return file;
  };

  it('rejects an unknown key and says where it is', async () => {
    await expect(validateBuilderConfig(broken())).rejects.toThrow(/configuration\.mac/);
  });

  it('exits 1 from the command line with electron-builder\'s explanation, and 0 for ours', () => {
    const run = spawnSync(process.execPath, [script, broken()], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Invalid configuration object');
    expect(execFileSync(process.execPath, [script], { encoding: 'utf8' })).toContain('valid electron-builder configuration');
  });
});
