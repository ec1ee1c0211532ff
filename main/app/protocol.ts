// The popover is served from `app://renderer/…`, never `file://` (electron-notes.md §3): a
// custom scheme gives the page a real origin for the sender check, and the handler below
// answers only with files inside the built renderer folder.
import { protocol } from 'electron';
import { readFile, realpath } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const RENDERER_HOST = 'renderer';
export const RENDERER_URL = `${APP_SCHEME}://${RENDERER_HOST}/index.html`;

/** `app://renderer/…`, by protocol and host: `URL.origin` of a custom scheme is "null". */
export function isRendererUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host.toLowerCase() === RENDERER_HOST;
  } catch {
    return false;
  }
}

/** Must run before `app.whenReady()`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => rendererResponse(rendererDir, request.url));
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** The file `url` names inside `rendererDir`, or null when it names anything else. */
export function rendererFileFor(rendererDir: string, url: string): string | null {
  if (!isRendererUrl(url)) return null;
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path === '/' || path === '') path = '/index.html';
  const root = resolve(rendererDir);
  const file = resolve(root, `.${path}`);
  return isInside(root, file) ? file : null;
}

export async function rendererResponse(rendererDir: string, url: string): Promise<Response> {
  const file = rendererFileFor(rendererDir, url);
  if (!file) return notFound();
  try {
    // A symlink inside the folder must not lead out of it.
    const [root, real] = await Promise.all([realpath(rendererDir), realpath(file)]);
    if (!isInside(root, real)) return notFound();
    const body = await readFile(real);
    return new Response(body, {
      status: 200,
      headers: { 'content-type': MIME[extname(real).toLowerCase()] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff' },
    });
  } catch {
    return notFound();
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
