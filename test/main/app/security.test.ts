// Every web page in the app: no navigation, no new windows, no webviews, no permissions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { denyAllPermissions, hardenEveryWebContents, isAllowedExternalUrl } from '../../../main/app/security.ts';
import { BrowserWindow, session, shell } from './electron-mock.ts';

function hardenedContents() {
  hardenEveryWebContents();
  return new BrowserWindow({}).webContents;
}

describe('every WebContents', () => {
  it.each(['will-navigate', 'will-redirect', 'will-attach-webview'])('prevents %s', (eventName) => {
    const contents = hardenedContents();
    const event = { preventDefault: vi.fn() };
    contents.emit(eventName, event, 'https://example.com/');
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies every new window, opening allowed Plex links in the browser instead', () => {
    const contents = hardenedContents();
    expect(contents.windowOpenHandler!({ url: 'https://app.plex.tv/desktop' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://app.plex.tv/desktop');
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });
});

describe('permissions', () => {
  it('refuses every permission request and check', () => {
    denyAllPermissions(session.defaultSession as never);
    const request = session.defaultSession.setPermissionRequestHandler.mock.calls[0]![0] as (c: unknown, p: string, cb: (ok: boolean) => void) => void;
    const check = session.defaultSession.setPermissionCheckHandler.mock.calls[0]![0] as () => boolean;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const cb = vi.fn();
      request({}, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    expect(check()).toBe(false);
  });
});

describe('isAllowedExternalUrl', () => {
  it.each([
    ['https://app.plex.tv/desktop', true],
    ['https://support.plex.tv/articles/201106098', true],
    ['http://app.plex.tv/', false],
    ['https://app.plex.tv.evil.com/', false],
    ['https://user@app.plex.tv/', false],
    ['https://app.plex.tv:8443/', false],
    ['javascript:alert(1)', false],
    ['garbage', false],
  ])('%s → %s', (url, ok) => {
    expect(isAllowedExternalUrl(url)).toBe(ok);
  });
});

describe('the popover page', () => {
  it('declares the Content-Security-Policy of electron-notes.md §3', () => {
    const html = readFileSync(join(process.cwd(), 'renderer', 'index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(csp?.split(';').map((d) => d.trim())).toEqual([
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'none'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ]);
  });
});
