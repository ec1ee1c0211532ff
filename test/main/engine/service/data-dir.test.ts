import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../../main/engine/service/data-dir.ts';

describe("Agent Doctor's own data folder", () => {
  it.each([
    ['macOS', 'darwin', {}, '/Users/ann/Library/Application Support/Agent Doctor'],
    ['Linux without XDG_DATA_HOME', 'linux', {}, '/Users/ann/.local/share/agent-doctor'],
    ['Linux with XDG_DATA_HOME', 'linux', { XDG_DATA_HOME: '/data/xdg' }, '/data/xdg/agent-doctor'],
    ['Linux with a relative XDG_DATA_HOME (invalid: ignored)', 'linux', { XDG_DATA_HOME: 'rel/xdg' }, '/Users/ann/.local/share/agent-doctor'],
    ['Linux with an empty XDG_DATA_HOME', 'linux', { XDG_DATA_HOME: '' }, '/Users/ann/.local/share/agent-doctor'],
  ] as const)('on %s', (_what, platform, env, expected) => {
    expect(defaultDataDir({ platform, env, home: '/Users/ann' })).toBe(expected);
  });

  it('on Windows, in the roaming application data', () => {
    expect(defaultDataDir({ platform: 'win32', env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, home: 'C:\\Users\\ann' })).toBe('C:\\Users\\ann\\AppData\\Roaming\\Agent Doctor');
  });
});
