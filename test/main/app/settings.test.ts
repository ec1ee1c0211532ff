// The settings file: defaults, validation, and what happens to a file we cannot use.
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/ipc.ts';
import { UserError } from '../../../main/engine/errors.ts';
import { SETTINGS_SCHEMA_VERSION, openSettingsStore } from '../../../main/app/settings.ts';

let dir: string;
const now = () => new Date('2026-02-01T12:34:56.789Z');
const file = () => join(dir, 'config.json');
const onDisk = () => JSON.parse(readFileSync(file(), 'utf8')) as Record<string, unknown>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-doctor-settings-'));
});

describe('a new settings file', () => {
  it('holds the defaults, its own schema version and no token', () => {
    const { store, problem } = openSettingsStore({ cwd: dir, now });
    expect(problem).toBeNull();
    expect(store.read()).toEqual(defaultSettings());
    expect(store.path).toBe(file());
    expect(onDisk()).toEqual({ schemaVersion: SETTINGS_SCHEMA_VERSION, settings: defaultSettings(), plexToken: null });
  });
});

describe('saving', () => {
  it('saves valid settings and reads them back after reopening', () => {
    const { store } = openSettingsStore({ cwd: dir, now });
    const changed = { ...defaultSettings(), itemsPerTest: 12, restartOrder: ['launchctl' as const, 'manual' as const], pluginsDir: '/Users/me/Plug-ins' };
    store.write(changed);
    expect(openSettingsStore({ cwd: dir, now }).store.read()).toEqual(changed);
  });

  it.each([
    ['itemsPerTest', { itemsPerTest: 0 }, /itemsPerTest: .*>=1/],
    ['thresholds', { thresholds: { keepPct: 50, monitorPct: 70, plateauPct: 5, maxIterations: 10 } }, /thresholds\.monitorPct: the MONITOR threshold must be below the KEEP threshold/],
    ['serverUrl', { serverUrl: 'plex.local' }, /serverUrl: the server address must look like/],
    ['an unknown key', { colour: 'blue' }, /colour/],
  ])('refuses a bad %s, says which value, and keeps the file as it was', (_name, change, message) => {
    const { store } = openSettingsStore({ cwd: dir, now });
    const before = readFileSync(file(), 'utf8');
    let thrown: unknown;
    try {
      store.write({ ...defaultSettings(), ...change } as never);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect((thrown as UserError).code).toBe('invalid-settings');
    expect((thrown as UserError).message).toMatch(message);
    expect(readFileSync(file(), 'utf8')).toBe(before);
  });
});

describe('a file that cannot be used', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['not JSON', '{ "schemaVersion": 1, "settings": ', /could not be read/],
    ['an unknown top-level key', JSON.stringify({ schemaVersion: 1, settings: defaultSettings(), plexToken: null, extra: true }), /could not be read/],
    ['an unknown settings key', JSON.stringify({ schemaVersion: 1, settings: { ...defaultSettings(), theme: 'dark' }, plexToken: null }), /could not be read/],
    ['a wrong type', JSON.stringify({ schemaVersion: 1, settings: { ...defaultSettings(), itemsPerTest: 'twenty' }, plexToken: null }), /could not be read/],
    ['a value only zod refuses', JSON.stringify({ schemaVersion: 1, settings: { ...defaultSettings(), restartOrder: ['manual', 'manual'] }, plexToken: null }), /restartOrder: each restart method may appear only once/],
    ['a newer version', JSON.stringify({ schemaVersion: SETTINGS_SCHEMA_VERSION + 1, settings: defaultSettings(), plexToken: null }), /written by a newer Agent Doctor/],
  ];

  it.each(cases)('%s: is kept under a new name, and the defaults are used', (_name, content, reason) => {
    writeFileSync(file(), content);
    const { store, problem } = openSettingsStore({ cwd: dir, now });
    const kept = join(dir, 'config.unreadable-20260201T123456Z.json');
    expect(readFileSync(kept, 'utf8')).toBe(content);
    expect(problem).toMatch(reason);
    expect(problem).toContain(kept);
    expect(problem).toContain('default settings are in use');
    expect(store.read()).toEqual(defaultSettings());
    expect(onDisk()).toMatchObject({ schemaVersion: SETTINGS_SCHEMA_VERSION });
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'config.unreadable-20260201T123456Z.json']);
  });

  it('leaves a good file alone', () => {
    openSettingsStore({ cwd: dir, now }).store.write({ ...defaultSettings(), itemsPerTest: 7 });
    const { problem } = openSettingsStore({ cwd: dir, now });
    expect(problem).toBeNull();
    expect(existsSync(join(dir, 'config.unreadable-20260201T123456Z.json'))).toBe(false);
  });
});
