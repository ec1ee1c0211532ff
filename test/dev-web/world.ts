// A simulated Plex Media Server and the folders the engine needs, in one new temporary folder:
// the world dev:web puts the real engine in. It is set up the way `agent-doctor demo` does it
// (main/cli/demo.ts): the fixture bundles, library and a day of history logs, plug-ins that load
// code through our Python checker, and the token found where Plex keeps it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultSettings, type Settings } from '../../shared/ipc.ts';
import { DEMO_SCENARIO, sandboxSyntaxCheck } from '../../main/cli/demo.ts';
import { APP_VERSION } from '../../main/cli/inputs.ts';
import { UserError } from '../../main/engine/errors.ts';
import { findToken } from '../../main/engine/plex/index.ts';
import { copyWasm } from '../../scripts/copy-wasm.ts';
import { startSim, type SimHandle } from '../plex-sim/sim.ts';

/** Short latencies, so a whole fix takes seconds: the demo's world. */
export const DEFAULT_SCENARIO = DEMO_SCENARIO;

export interface DevWorldOptions {
  /** scenario file (test/fixtures/plex/scenarios/…) */
  scenario?: string;
  /** items per test, and per agent in each measurement */
  items?: number;
}

export interface DevWorld {
  /** the temporary folder holding everything below */
  root: string;
  sim: SimHandle;
  /** Agent Doctor's data folder (runs, reports, backups) */
  dataDir: string;
  /** the Python checker's .wasm files, laid out as in the app's Resources */
  wasmDir: string;
  appVersion: string;
  /** the settings the app would hold for this Plex */
  settings: Settings;
  /** from the simulated Plex's preferences */
  token: string;
  /** stops the sim; `removeFiles` deletes the temporary folder */
  stop(options: { removeFiles: boolean }): Promise<void>;
}

export async function startDevWorld(options: DevWorldOptions = {}): Promise<DevWorld> {
  const root = await mkdtemp(join(tmpdir(), 'agent-doctor-dev-web-'));
  let sim: SimHandle | undefined;
  try {
    const wasmDir = join(root, 'wasm');
    await copyWasm(wasmDir);
    sim = await startSim({ dataDir: join(root, 'Plex Media Server'), scenario: resolve(options.scenario ?? DEFAULT_SCENARIO), syntaxCheck: sandboxSyntaxCheck });
    const found = await findToken({ env: {}, preferencesPath: sim.sim.preferencesPath });
    if (!found.token) throw new UserError('no-token', `The simulated Plex wrote no token into ${sim.sim.preferencesPath}.`, 'Check the scenario file.');
    const handle = sim;
    return {
      root,
      sim: handle,
      dataDir: join(root, 'Agent Doctor'),
      wasmDir,
      appVersion: APP_VERSION,
      settings: {
        ...defaultSettings(),
        serverUrl: handle.url,
        pluginsDir: handle.sim.pluginsDir,
        logsDir: handle.sim.logsDir,
        // The other methods act on this computer's own Plex (launchctl, quitting the app,
        // SIGTERM): only the simulated Plex may be restarted from here.
        restartOrder: ['plugin-reload', 'manual'],
        itemsPerTest: options.items ?? defaultSettings().itemsPerTest,
      },
      token: found.token,
      async stop({ removeFiles }) {
        await handle.stop();
        if (removeFiles) await rm(root, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await sim?.stop();
    await rm(root, { recursive: true, force: true });
    throw err;
  }
}
