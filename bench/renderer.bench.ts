// The popover's weight and speed: builds the renderer as the app ships it, prints the JS+CSS
// it loads gzipped, then opens it in headless Chromium with a scripted bridge (21 agents with
// their error-rate history, one notice) and times navigation start → the status view on
// screen. An empty page that puts the same element on screen is timed in between, so what the
// popover itself costs shows even on a busy machine. Figures, not assertions; targets are
// printed beside them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { BRIDGE_KEY } from '../shared/bridge.ts';
import { ACTIONS, type AppStatus } from '../shared/ipc.ts';
import { appStatus, history, notice, settingsView } from '../test/renderer/fixtures.ts';
import { installScriptedBridge } from '../test/renderer/scripted-bridge.ts';

const TARGET_GZIP_KB = 150;
const TARGET_FIRST_RENDER_MS = 300;
const RUNS = 9;
const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'out/renderer');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

// ---- build and weigh ----
const t0 = performance.now();
await build({ configFile: join(root, 'vite.renderer.config.ts'), logLevel: 'warn' });
const buildMs = performance.now() - t0;

// index-* is what the page loads to show Status; the other chunks load when their view opens.
const assets = readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
let raw = 0;
let gzipped = 0;
let firstLoad = 0;
const perAsset: string[] = [];
for (const file of assets.sort()) {
  const bytes = readFileSync(join(outDir, 'assets', file));
  const gz = gzipSync(bytes).byteLength;
  raw += bytes.byteLength;
  gzipped += gz;
  if (file.startsWith('index-')) firstLoad += gz;
  perAsset.push(`  ${file.padEnd(30)} ${kb(bytes.byteLength).padStart(9)} → ${kb(gz).padStart(8)} gzipped`);
}

// ---- serve out/renderer as the app's protocol handler would: files inside it only ----
const EMPTY_PAGE = {
  '/empty.html': ['text/html', '<!doctype html><meta charset="utf-8"><div id="app"></div><script type="module" src="./empty.js"></script>'],
  '/empty.js': ['text/javascript', 'document.getElementById("app").innerHTML = \'<div data-view="status">Agents</div>\';'],
} as const;
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
const server: Server = createServer((req, res) => {
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  // a browser asks for it, Electron's app:// page does not: no answer, and no console error
  if (pathname === '/favicon.ico') {
    res.writeHead(204).end();
    return;
  }
  if (pathname in EMPTY_PAGE) {
    const [type, body] = EMPTY_PAGE[pathname as keyof typeof EMPTY_PAGE];
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    return;
  }
  const path = resolve(outDir, `.${pathname}`);
  const file = path === outDir || path === `${outDir}${sep}` ? join(outDir, 'index.html') : path;
  if (relative(outDir, file).startsWith('..') || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  res.end(readFileSync(file));
});
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
const address = server.address();
if (!address || typeof address === 'string') throw new Error('the static server has no port');
const url = `http://127.0.0.1:${address.port}/`;

// ---- what the scripted bridge answers: a Mac with 21 agents and ten scans each ----
const base = appStatus();
const status: AppStatus = {
  ...base,
  agents: Array.from({ length: 21 }, (_, a) => ({
    agent: `Agent${a + 1}`,
    identifier: `com.plexapp.agents.Agent${a + 1}`,
    errorRate: Array.from({ length: 10 }, (_, i) => ({ at: new Date(Date.UTC(2026, 2, 1 + i)).toISOString(), rate: ((a + i) % 7) / 10, itemsWithOutcome: 20 })),
  })),
  notices: [notice()],
};
const script = { key: BRIDGE_KEY, actions: ACTIONS, answers: { getStatus: status, getHistory: history(), getSettings: settingsView() } };

// Runs in the page (this project's Node types know no DOM, hence the local shapes): marks the
// first frame in which the loaded status view exists, not its "Loading…".
function probeStatusView(): void {
  interface Observer {
    observe(target: unknown, options: { childList: boolean; subtree: boolean }): void;
    disconnect(): void;
  }
  const page = globalThis as unknown as {
    __statusShownAt?: number;
    document: { querySelector(selector: string): unknown };
    requestAnimationFrame(callback: () => void): number;
    MutationObserver: new (callback: () => void) => Observer;
  };
  const observer = new page.MutationObserver(() => {
    if (!page.document.querySelector('[data-view="status"]')) return;
    observer.disconnect();
    page.requestAnimationFrame(() => (page.__statusShownAt = performance.now()));
  });
  observer.observe(page.document, { childList: true, subtree: true });
}

async function timeFirstRender(browser: Browser, path: string): Promise<{ shownMs: number; fcpMs: number | null; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 380, height: 560 } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => void errors.push(e.message));
    await page.addInitScript(installScriptedBridge, script);
    await page.addInitScript(probeStatusView);
    await page.goto(url + path);
    const shown = await page.waitForFunction(() => (globalThis as { __statusShownAt?: number }).__statusShownAt, null, { timeout: 10_000 });
    const fcpMs = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
    return { shownMs: (await shown.jsonValue()) as number, fcpMs, errors };
  } finally {
    await context.close();
  }
}

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const firstRender: number[] = [];
const emptyPage: number[] = [];
const overEmpty: number[] = [];
const fcp: number[] = [];
const consoleErrors: string[] = [];
try {
  // one round first to warm the browser process itself; every run gets a fresh context (no cache)
  for (let run = 0; run <= RUNS; run++) {
    const app = await timeFirstRender(browser, '');
    const empty = await timeFirstRender(browser, 'empty.html');
    consoleErrors.push(...app.errors);
    if (run === 0) continue;
    firstRender.push(app.shownMs);
    emptyPage.push(empty.shownMs);
    overEmpty.push(app.shownMs - empty.shownMs);
    if (app.fcpMs !== null) fcp.push(app.fcpMs);
  }
} finally {
  await browser.close();
  server.close();
}

const version = browser.version();
const render = median(firstRender);
const lines = [
  `build (vite build -c vite.renderer.config.ts): ${(buildMs / 1000).toFixed(1)} s`,
  ...perAsset,
  `JS+CSS gzipped, all chunks: ${kb(gzipped)} (raw ${kb(raw)})   (target ≤ ${TARGET_GZIP_KB} KB: ${verdict(gzipped / 1024 <= TARGET_GZIP_KB)}, ${((gzipped / 1024 / TARGET_GZIP_KB) * 100).toFixed(0)} % of it)`,
  `  loaded for the first view (index-*): ${kb(firstLoad)}`,
  `Chromium ${version}, 380×560, fresh context per run, 21 agents × 10 scans`,
  `first render (navigation start → status view on screen), median of ${RUNS}: ${render.toFixed(0)} ms   (target ≤ ${TARGET_FIRST_RENDER_MS} ms: ${verdict(render <= TARGET_FIRST_RENDER_MS)}, ${((render / TARGET_FIRST_RENDER_MS) * 100).toFixed(0)} % of it)`,
  `  min ${Math.min(...firstRender).toFixed(0)} ms · max ${Math.max(...firstRender).toFixed(0)} ms · first contentful paint, median: ${fcp.length ? `${median(fcp).toFixed(0)} ms` : 'not reported'}`,
  `  an empty page showing one element, median: ${median(emptyPage).toFixed(0)} ms → the popover's own cost, median of the paired differences: ${median(overEmpty).toFixed(0)} ms (${(median(firstRender) / median(emptyPage)).toFixed(1)}× the empty page)`,
  `console errors (CSP, scripts): ${consoleErrors.length}${consoleErrors.length ? `\n  ${consoleErrors.slice(0, 5).join('\n  ')}` : ''}`,
];
process.stdout.write(lines.join('\n') + '\n');
if (consoleErrors.length) process.exitCode = 1;
