import { describe, expect, it } from 'vitest';
import { defaultLogsDir } from '../../../../main/engine/logs/default-dir.ts';

describe('defaultLogsDir: where Plex keeps its logs (plex-facts.md §6)', () => {
  it.each([
    ['macOS', {}, 'darwin', '/Users/ann', '/Users/ann/Library/Logs/Plex Media Server'],
    ['Linux, default data folder', {}, 'linux', '/home/ann', '/var/lib/plexmediaserver/Library/Application Support/Plex Media Server/Logs'],
    ['Linux, moved data folder', { PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR: '/srv/plex' }, 'linux', '/home/ann', '/srv/plex/Plex Media Server/Logs'],
    ['Windows', { LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, 'win32', 'C:\\Users\\ann', 'C:\\Users\\ann\\AppData\\Local\\Plex Media Server\\Logs'],
    ['the framework override', { PLEX_MEDIA_SERVER_LOG_DIR: '/custom/logs' }, 'darwin', '/Users/ann', '/custom/logs'],
  ] as const)('%s', (_what, env, platform, home, want) => {
    expect(defaultLogsDir(env, platform, home)).toBe(want);
  });
});
