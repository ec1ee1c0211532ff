import { describe, expect, it } from 'vitest';
import { checkToken, draftOf, limits, settingsProblem } from '../../../renderer/lib/settings-form.ts';
import { settingsView } from '../fixtures.ts';

const draft = () => draftOf(settingsView({ hasToken: true, pluginsDir: '/Plug-ins' }));

describe('draftOf', () => {
  it('keeps only what the form edits: no folders, no token state', () => {
    expect(Object.keys(draft()).sort()).toEqual(['itemsPerTest', 'launchAtLogin', 'restartOrder', 'serverUrl', 'thresholds']);
  });
});

describe('settingsProblem', () => {
  it('accepts the defaults', () => {
    expect(settingsProblem(draft())).toBeNull();
  });

  it.each([
    ['a server address with a path', (d: ReturnType<typeof draft>) => void (d.serverUrl = 'http://127.0.0.1:32400/web'), /^The server address must look like http:\/\/127\.0\.0\.1:32400/],
    ['no restart method', (d: ReturnType<typeof draft>) => void (d.restartOrder = []), /^Keep at least one restart method\.$/],
    ['an empty number field', (d: ReturnType<typeof draft>) => void ((d as { itemsPerTest: unknown }).itemsPerTest = null), /^Items per test must be a whole number from 1 to 100\.$/],
    ['a fraction of an item', (d: ReturnType<typeof draft>) => void (d.itemsPerTest = 2.5), /^Items per test must be a whole number from 1 to 100\.$/],
    ['a KEEP threshold over 100', (d: ReturnType<typeof draft>) => void (d.thresholds.keepPct = 120), /^The KEEP threshold must be a whole number from 1 to 100\.$/],
    ['a plateau threshold below 0', (d: ReturnType<typeof draft>) => void (d.thresholds.plateauPct = -1), /^The plateau threshold must be a number from 0 to 100\.$/],
    ['MONITOR not below KEEP', (d: ReturnType<typeof draft>) => void (d.thresholds.monitorPct = 80), /^The MONITOR threshold must be below the KEEP threshold\.$/],
  ])('words %s for a person', (_name, change, message) => {
    const d = draft();
    change(d);
    expect(settingsProblem(d)).toMatch(message);
  });
});

describe('limits', () => {
  it('come from the schema main applies', () => {
    expect(limits('itemsPerTest')).toEqual({ min: 1, max: 100, step: 1 });
    expect(limits('plateauPct')).toEqual({ min: 0, max: 100, step: 'any' });
  });
});

describe('checkToken', () => {
  it('trims a pasted token', () => {
    expect(checkToken('  abcdEFGH1234-xyz \n')).toEqual({ token: 'abcdEFGH1234-xyz' });
  });

  it.each([
    ['abc', 'A Plex token is at least 8 characters long.'],
    ['abcd efgh ijkl', 'A Plex token has only letters, digits, "-", "_", "~" and ".".'],
  ])('refuses %j', (raw, problem) => {
    expect(checkToken(raw)).toEqual({ problem });
  });
});
