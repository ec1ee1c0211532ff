// `agent-doctor demo`: the whole loop, start to finish, on a simulated Plex Media Server — sample
// agent bundles, library and a day of history logs in a temporary folder — with every question
// answered yes. The demo is the one product command that imports the simulated Plex
// (test/plex-sim): it is how someone without a Plex server, or who does not want to touch theirs,
// sees what Agent Doctor does. Everything else in the product talks to a real Plex.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPython } from '../engine/python/index.ts';
import { createRun } from '../engine/loop/index.ts';
import { findToken } from '../engine/plex/index.ts';
import { openPlexSession, type PlexSession } from '../engine/service/plex-session.ts';
import { SCENARIOS_DIR } from '../../test/plex-sim/scenario.ts';
import { startSim } from '../../test/plex-sim/sim.ts';
import { numberOption, type Command } from './command.ts';
import { APP_VERSION } from './inputs.ts';
import { drive } from './loop.ts';

export const DEMO_SCENARIO = join(SCENARIOS_DIR, 'demo.json');
/** items per test and per agent in each measurement: the real default */
const DEMO_ITEMS = 20;

/** The simulated Plex loads code through our own Python 2.7 + sandbox checker, so a change that
 *  would not load in Plex does not load in the simulation either. */
export async function sandboxSyntaxCheck(source: string, file: string): Promise<{ line: number; message: string } | null> {
  const result = await checkPython(Buffer.from(source), { path: file });
  const error = result.findings.find((f) => f.severity === 'error');
  return error ? { line: error.line, message: error.message } : null;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run the whole loop on a simulated Plex Media Server with sample agents (nothing of yours is touched)',
  usage: 'demo [--items N]',
  help: `Starts a simulated Plex Media Server in a new temporary folder — four sample PGMA agent
bundles (GEVI, AEBN, GayAdult, GayHotMovies), a library of 44 films and a day of logs in which
every IAFD request fails — and runs the whole loop on it with every question answered yes:
aggregate, diagnose, apply and test one fix at a time, carry a kept fix over to the agents with
the same file, measure, and write the final report. The simulated Plex answers faster than a
real one (0.15 s per refresh instead of about 3 s), so the demo takes a minute or two.
Nothing outside the temporary folder is read or changed; the folder is kept so you can read
the reports.

Options:
  --items N   items per test, and per agent in each measurement (default ${DEMO_ITEMS})`,
  options: { items: { type: 'string' } },
  run: async (values, _positionals, io) => {
    const items = numberOption(values, 'items', { min: 1, max: 100, integer: true }) ?? DEMO_ITEMS;
    const root = await mkdtemp(join(tmpdir(), 'agent-doctor-demo-'));
    const dataDir = join(root, 'Agent Doctor');
    io.out('Agent Doctor demo: a simulated Plex Media Server with four sample agents whose IAFD look-ups all fail.');
    io.out(`It answers faster than a real Plex (0.15 s per refresh instead of about 3 s), so this takes a minute or two. Files: ${root}`);
    const sim = await startSim({ dataDir: join(root, 'Plex Media Server'), scenario: DEMO_SCENARIO, syntaxCheck: sandboxSyntaxCheck });
    let session: PlexSession | undefined;
    try {
      // the token is found the way it is on a real server: in Plex's preferences
      const credentials = await findToken({ env: {}, preferencesPath: sim.sim.preferencesPath });
      session = await openPlexSession({ serverUrl: sim.url, credentials, dataDir, logsDir: sim.sim.logsDir, appVersion: APP_VERSION });
      const { runDir } = await createRun(dataDir, { pluginsDir: sim.sim.pluginsDir, logsDir: sim.sim.logsDir, serverUrl: sim.url, preferencesPath: sim.sim.preferencesPath, items }, new Date());
      const code = await drive(io, { runDir, dataDir, session, yes: true, autoWhy: 'answered automatically in the demo' });
      io.out(`The demo's files stay in ${root}; delete that folder when you are done.`);
      return code;
    } finally {
      await session?.close();
      await sim.stop();
    }
  },
};
