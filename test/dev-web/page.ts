// The popover's page as dev:web serves it: the built index.html with two changes, and only
// these. Its Content-Security-Policy may connect to this server's WebSocket (the shipped page
// says `connect-src 'none'`: in the app all I/O goes through main), and the bridge script runs
// before the popover's own module, as the preload does in the app. Everything else in the
// policy stays as shipped, so a CSP mistake shows in the browser as it would in the app.
import { BRIDGE_SCRIPT_PATH } from './messages.ts';

const CSP_META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/i;
export const SHIPPED_CONNECT_SRC = "connect-src 'none'";

/** The WebSocket sources the page may connect to: this server, by either local name. */
export const connectSrcFor = (port: number): string => `connect-src ws://127.0.0.1:${port} ws://localhost:${port}`;

export function devWebIndex(shippedHtml: string, port: number): string {
  const meta = CSP_META.exec(shippedHtml);
  if (!meta) throw new Error('The built index.html has no Content-Security-Policy meta tag. Build the renderer again (npm run build:renderer).');
  const policy = meta[1]!;
  const directives = policy.split(';').map((d) => d.trim());
  if (directives.filter((d) => d === SHIPPED_CONNECT_SRC).length !== 1 || directives.filter((d) => d.startsWith('connect-src')).length !== 1) {
    throw new Error(`The built index.html's policy no longer says "${SHIPPED_CONNECT_SRC}" exactly once, so dev:web does not know how to open it for its WebSocket: ${policy}`);
  }
  const devPolicy = directives.map((d) => (d === SHIPPED_CONNECT_SRC ? connectSrcFor(port) : d)).join('; ');
  // A classic script right after the policy runs while the page is parsed, so the bridge is in
  // place before the popover's module (deferred) reads it.
  const replacement = `${meta[0].replace(meta[1]!, devPolicy)}\n    <script src=".${BRIDGE_SCRIPT_PATH}"></script>`;
  return shippedHtml.replace(meta[0], replacement);
}
