// Where Plex Media Server keeps its logs on this computer (plex-facts.md §6). One place, so
// the aggregate command and Plex discovery agree.
import { homedir } from 'node:os';
import { join, win32 } from 'node:path';

const LINUX_DATA = '/var/lib/plexmediaserver/Library/Application Support';

export function defaultLogsDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  // the framework's own override wins wherever it is set
  if (env.PLEX_MEDIA_SERVER_LOG_DIR) return env.PLEX_MEDIA_SERVER_LOG_DIR;
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Logs', 'Plex Media Server');
    case 'win32':
      return win32.join(env.LOCALAPPDATA ?? win32.join(home, 'AppData', 'Local'), 'Plex Media Server', 'Logs');
    default:
      return join(env.PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR || LINUX_DATA, 'Plex Media Server', 'Logs');
  }
}
