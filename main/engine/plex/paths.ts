// Where Plex Media Server keeps its data, plug-ins, logs and preferences (plex-facts.md §6),
// per platform, each overridable. Pure: the caller passes platform, home and environment.
import { posix, win32 } from 'node:path';

export interface PlexPathInputs {
  platform: NodeJS.Platform;
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  /** overrides */
  dataDir?: string;
  pluginsDir?: string;
  logsDir?: string;
  preferencesPath?: string;
}

export interface PlexPaths {
  dataDir: string;
  pluginsDir: string;
  /** holds "Plex Media Server.log" */
  logsDir: string;
  /** holds <identifier>.log and com.plexapp.system.log */
  pluginLogsDir: string;
  /** the file that holds PlexOnlineToken; undefined where Plex keeps it in the registry */
  preferencesPath: string | undefined;
}

export const PLUGIN_LOGS_FOLDER = 'PMS Plugin Logs';
const LINUX_DEFAULT_SUPPORT = '/var/lib/plexmediaserver/Library/Application Support';

export function plexPaths(input: PlexPathInputs): PlexPaths {
  const { platform, home, env } = input;
  const path = platform === 'win32' ? win32 : posix;
  let dataDir: string;
  let defaultLogs: string;
  let defaultPrefs: string | undefined;
  if (platform === 'darwin') {
    dataDir = input.dataDir ?? path.join(home, 'Library', 'Application Support', 'Plex Media Server');
    defaultLogs = path.join(home, 'Library', 'Logs', 'Plex Media Server');
    defaultPrefs = path.join(home, 'Library', 'Preferences', 'com.plexapp.plexmediaserver.plist');
  } else if (platform === 'win32') {
    dataDir = input.dataDir ?? path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'Plex Media Server');
    defaultLogs = path.join(dataDir, 'Logs');
    defaultPrefs = undefined;
  } else {
    dataDir = input.dataDir ?? path.join(env.PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR ?? LINUX_DEFAULT_SUPPORT, 'Plex Media Server');
    defaultLogs = path.join(dataDir, 'Logs');
    defaultPrefs = path.join(dataDir, 'Preferences.xml');
  }
  const logsDir = input.logsDir ?? env.PLEX_MEDIA_SERVER_LOG_DIR ?? defaultLogs;
  return {
    dataDir,
    pluginsDir: input.pluginsDir ?? path.join(dataDir, 'Plug-ins'),
    logsDir,
    pluginLogsDir: path.join(logsDir, PLUGIN_LOGS_FOLDER),
    preferencesPath: input.preferencesPath ?? defaultPrefs,
  };
}
