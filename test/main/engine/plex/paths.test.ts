import { describe, expect, it } from 'vitest';
import { plexPaths } from '../../../../main/engine/plex/paths.ts';

describe('plexPaths', () => {
  it('knows the macOS layout: data in Application Support, logs in ~/Library/Logs, token in the preferences plist', () => {
    expect(plexPaths({ platform: 'darwin', home: '/Users/zoe', env: {} })).toEqual({
      dataDir: '/Users/zoe/Library/Application Support/Plex Media Server',
      pluginsDir: '/Users/zoe/Library/Application Support/Plex Media Server/Plug-ins',
      logsDir: '/Users/zoe/Library/Logs/Plex Media Server',
      pluginLogsDir: '/Users/zoe/Library/Logs/Plex Media Server/PMS Plugin Logs',
      preferencesPath: '/Users/zoe/Library/Preferences/com.plexapp.plexmediaserver.plist',
    });
  });

  it('knows the Linux layout, including PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR', () => {
    expect(plexPaths({ platform: 'linux', home: '/root', env: {} })).toMatchObject({
      dataDir: '/var/lib/plexmediaserver/Library/Application Support/Plex Media Server',
      logsDir: '/var/lib/plexmediaserver/Library/Application Support/Plex Media Server/Logs',
      preferencesPath: '/var/lib/plexmediaserver/Library/Application Support/Plex Media Server/Preferences.xml',
    });
    expect(plexPaths({ platform: 'linux', home: '/root', env: { PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR: '/srv/plex' } }).pluginsDir).toBe('/srv/plex/Plex Media Server/Plug-ins');
  });

  it('knows the Windows layout and has no preferences file there', () => {
    const p = plexPaths({ platform: 'win32', home: 'C:\\Users\\zoe', env: { LOCALAPPDATA: 'C:\\Users\\zoe\\AppData\\Local' } });
    expect(p.pluginLogsDir).toBe('C:\\Users\\zoe\\AppData\\Local\\Plex Media Server\\Logs\\PMS Plugin Logs');
    expect(p.preferencesPath).toBeUndefined();
  });

  it('lets every folder be overridden, and honours PLEX_MEDIA_SERVER_LOG_DIR', () => {
    const p = plexPaths({ platform: 'darwin', home: '/Users/zoe', env: { PLEX_MEDIA_SERVER_LOG_DIR: '/tmp/plexlogs' }, dataDir: '/Volumes/Plex', preferencesPath: '/tmp/p.plist' });
    expect(p).toEqual({
      dataDir: '/Volumes/Plex',
      pluginsDir: '/Volumes/Plex/Plug-ins',
      logsDir: '/tmp/plexlogs',
      pluginLogsDir: '/tmp/plexlogs/PMS Plugin Logs',
      preferencesPath: '/tmp/p.plist',
    });
    expect(plexPaths({ platform: 'darwin', home: '/h', env: {}, pluginsDir: '/x/Plug-ins', logsDir: '/y' })).toMatchObject({ pluginsDir: '/x/Plug-ins', logsDir: '/y', pluginLogsDir: '/y/PMS Plugin Logs' });
  });
});
