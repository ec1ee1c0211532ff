// Where Agent Doctor keeps its own files (design.md `<data>`: runs, reports, backups, the journal).
// One place, so the app, the CLI and the demo agree. Pure: the caller passes platform, env, home.
import { join, win32 } from 'node:path';

export interface DataDirInputs {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
}

/** macOS: ~/Library/Application Support/Agent Doctor (Electron's userData for our productName);
 *  Windows: %APPDATA%\Agent Doctor; elsewhere: $XDG_DATA_HOME/agent-doctor or ~/.local/share/agent-doctor. */
export function defaultDataDir({ platform, env, home }: DataDirInputs): string {
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Agent Doctor');
    case 'win32':
      return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), 'Agent Doctor');
    default: {
      // the XDG spec: a relative XDG_DATA_HOME is invalid and must be ignored
      const xdg = env.XDG_DATA_HOME;
      return join(xdg && xdg.startsWith('/') ? xdg : join(home, '.local', 'share'), 'agent-doctor');
    }
  }
}
