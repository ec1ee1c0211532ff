// dev:web in one call: the popover built as the app ships it, a simulated Plex in a temporary
// folder, the real engine service behind the app's own IPC handlers, and the server the
// browser talks to. server.ts is the command around it; the browser tests start that command.
import type { Log } from '../../main/app/log.ts';
import { startHost, type Host } from './host.ts';
import { serveDevWeb } from './http.ts';
import { RENDERER_OUT, ensureRendererBuilt } from './renderer-build.ts';
import { startDevWorld, type DevWorld, type DevWorldOptions } from './world.ts';

export interface DevWebOptions extends DevWorldOptions {
  /** 0 picks a free port */
  port: number;
  /** keep the temporary folder when stopping */
  keep?: boolean;
  say: (line: string) => void;
  log?: Log;
  /** serve this folder as it is, instead of out/renderer built when stale (the server's own tests) */
  rendererDir?: string;
}

export interface DevWeb {
  url: string;
  world: DevWorld;
  host: Host;
  /** stops the loop at a safe point, then the server and the simulated Plex */
  stop(): Promise<void>;
}

export async function startDevWeb(options: DevWebOptions): Promise<DevWeb> {
  const rendererDir = options.rendererDir ?? RENDERER_OUT;
  if (!options.rendererDir) await ensureRendererBuilt(options.say);
  const world = await startDevWorld(options);
  let host: Host | undefined;
  try {
    host = await startHost({ dataDir: world.dataDir, wasmDir: world.wasmDir, appVersion: world.appVersion, settings: world.settings, token: world.token, preferencesPath: world.sim.sim.preferencesPath, ...(options.log ? { log: options.log } : {}) });
    const server = await serveDevWeb({ host, rendererDir, port: options.port });
    const running = host;
    return {
      url: server.url,
      world,
      host: running,
      async stop() {
        await server.close();
        await running.dispose();
        await world.stop({ removeFiles: !options.keep });
      },
    };
  } catch (err) {
    await host?.dispose();
    await world.stop({ removeFiles: true });
    throw err;
  }
}
