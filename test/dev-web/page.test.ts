// The page dev:web serves: the shipped index.html with its WebSocket allowed and the bridge
// script first, and nothing else changed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRIDGE_SCRIPT_PATH } from './messages.ts';
import { connectSrcFor, devWebIndex, SHIPPED_CONNECT_SRC } from './page.ts';

const SHIPPED = readFileSync(join(import.meta.dirname, '..', '..', 'renderer', 'index.html'), 'utf8');
// what Vite makes of it: the module script moves into the head, after the policy
const BUILT = SHIPPED.replace('<script type="module" src="./main.ts"></script>', '').replace('</head>', '  <script type="module" crossorigin src="./assets/index-abc123.js"></script>\n  </head>');

const policyOf = (html: string) => /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1]?.split('; ');

describe('devWebIndex', () => {
  it.each([
    ['the source page', SHIPPED],
    ['the built page', BUILT],
  ])('in %s, opens connect-src to this server only and keeps every other directive', (_name, html) => {
    const shipped = policyOf(html)!;
    const served = policyOf(devWebIndex(html, 5180))!;
    expect(shipped).toContain(SHIPPED_CONNECT_SRC);
    expect(served).toEqual(shipped.map((d) => (d === SHIPPED_CONNECT_SRC ? 'connect-src ws://127.0.0.1:5180 ws://localhost:5180' : d)));
    expect(connectSrcFor(5180)).toBe('connect-src ws://127.0.0.1:5180 ws://localhost:5180');
  });

  it('puts the bridge script before the popover module, so window.agentDoctor exists when it starts', () => {
    const served = devWebIndex(BUILT, 5180);
    const bridge = served.indexOf(`<script src=".${BRIDGE_SCRIPT_PATH}"></script>`);
    expect(bridge).toBeGreaterThan(served.indexOf('Content-Security-Policy'));
    expect(bridge).toBeLessThan(served.indexOf('<script type="module"'));
    // nothing else moved
    expect(served.replace(`\n    <script src=".${BRIDGE_SCRIPT_PATH}"></script>`, '').replace(connectSrcFor(5180), SHIPPED_CONNECT_SRC)).toBe(BUILT);
  });

  it('refuses a page without a policy, rather than serving one that allows everything', () => {
    expect(() => devWebIndex('<!doctype html><html><head></head><body></body></html>', 5180)).toThrow(/no Content-Security-Policy meta tag.*npm run build:renderer/);
  });

  it.each([
    ['connects somewhere already', SHIPPED.replace(SHIPPED_CONNECT_SRC, "connect-src 'self'")],
    ['says connect-src twice', SHIPPED.replace(SHIPPED_CONNECT_SRC, `${SHIPPED_CONNECT_SRC}; connect-src https://example.com`)],
  ])('refuses a policy that %s: the shipped one changed and dev:web must be looked at', (_name, html) => {
    expect(() => devWebIndex(html, 5180)).toThrow(/no longer says "connect-src 'none'" exactly once/);
  });
});
