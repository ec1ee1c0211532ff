// What any web page in the app may not do (electron-notes.md §3): navigate away, open windows,
// attach webviews, or be granted a permission. Applied to every WebContents as it is created,
// so a window added later is covered without remembering to call anything.
import { app, shell, type Session, type WebContents } from 'electron';

/** Sites a link in the popover may open in the user's browser. */
const EXTERNAL_HOSTS = new Set(['app.plex.tv', 'support.plex.tv', 'forums.plex.tv']);

export function isAllowedExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && EXTERNAL_HOSTS.has(url.hostname) && !url.username && !url.password && url.port === '';
  } catch {
    return false;
  }
}

export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // a link the Mac cannot open (no browser answers) is not an error of ours
    if (isAllowedExternalUrl(url)) shell.openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  });
}

export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Before `ready`, so the first window is already covered. */
export function hardenEveryWebContents(): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}
