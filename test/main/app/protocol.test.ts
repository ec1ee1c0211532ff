// app://renderer/ serves the built popover and nothing else.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_URL, isRendererUrl, registerAppScheme, rendererFileFor, rendererResponse, serveRenderer } from '../../../main/app/protocol.ts';
import { protocol } from './electron-mock.ts';

let root: string;
let renderer: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'agent-doctor-protocol-'));
  renderer = join(root, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Agent Doctor</title>');
  writeFileSync(join(renderer, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'outside');
  symlinkSync(join(root, 'secret.txt'), join(renderer, 'assets', 'link.txt'));
});

describe('isRendererUrl', () => {
  it.each([
    ['app://renderer/index.html', true],
    ['app://renderer/', true],
    ['app://RENDERER/index.html', true],
    ['app://other/index.html', false],
    ['file:///renderer/index.html', false],
    ['https://renderer/index.html', false],
    ['app://renderer.evil.com/', false],
    ['not a url', false],
  ])('%s → %s', (url, ok) => {
    expect(isRendererUrl(url)).toBe(ok);
  });
});

describe('rendererFileFor', () => {
  it('maps the page and its assets into the renderer folder', () => {
    expect(rendererFileFor(renderer, RENDERER_URL)).toBe(join(renderer, 'index.html'));
    expect(rendererFileFor(renderer, 'app://renderer/')).toBe(join(renderer, 'index.html'));
    expect(rendererFileFor(renderer, 'app://renderer/assets/index-abc.js?v=1')).toBe(join(renderer, 'assets', 'index-abc.js'));
  });

  it.each(['app://renderer/../secret.txt', 'app://renderer/%2e%2e/secret.txt'])('keeps %s inside the folder (the URL parser drops the "..")', (url) => {
    expect(rendererFileFor(renderer, url)).toBe(join(renderer, 'secret.txt'));
  });

  it.each([
    'app://renderer/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://renderer/assets/..%2f..%2fsecret.txt',
    'app://renderer/..%5csecret.txt',
    'app://renderer/%00index.html',
    'app://renderer/%E0%A4%A',
    'app://elsewhere/index.html',
  ])('refuses %s', (url) => {
    expect(rendererFileFor(renderer, url)).toBeNull();
  });
});

describe('rendererResponse', () => {
  it('serves a file with its content type', async () => {
    const res = await rendererResponse(renderer, RENDERER_URL);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('Agent Doctor');
    expect((await rendererResponse(renderer, 'app://renderer/assets/index-abc.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it.each(['app://renderer/missing.js', 'app://renderer/../secret.txt', 'app://renderer/assets/link.txt', 'app://renderer/assets'])('answers 404 for %s', async (url) => {
    const res = await rendererResponse(renderer, url);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('outside');
  });
});

describe('registration', () => {
  it('registers app: as a standard, secure scheme', () => {
    registerAppScheme();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('answers app: requests from the renderer folder', async () => {
    serveRenderer(renderer);
    const res = await protocol.handlers.get('app')!(new Request(RENDERER_URL));
    expect(res.status).toBe(200);
  });
});
