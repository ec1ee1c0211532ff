// `npm run dev:web -- [--port P] [--scenario FILE] [--items N] [--keep]`: the popover in a
// browser, on the real engine, against a simulated Plex Media Server in a temporary folder.
// For developing the popover and for the browser tests (test/e2e); nothing of this computer's
// own Plex is read or changed.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isUserError } from '../../main/engine/errors.ts';
import { SCENARIOS_DIR } from '../plex-sim/scenario.ts';
import { startDevWeb, type DevWeb } from './dev-web.ts';
import { DEFAULT_SCENARIO } from './world.ts';

export const DEFAULT_PORT = 5180;
const USAGE = `Usage: npm run dev:web -- [--port ${DEFAULT_PORT}] [--scenario FILE] [--items N] [--keep]`;
const HELP = `${USAGE}

Serves the popover at http://127.0.0.1:PORT/ with the real engine behind it, working on a
simulated Plex Media Server (sample agents, library and logs) in a new temporary folder.

  --port N       where to listen, on 127.0.0.1 only (default ${DEFAULT_PORT}; 0 picks a free port)
  --scenario F   the simulated Plex's scenario file (default: the demo's, with short latencies);
                 the scenarios are in ${SCENARIOS_DIR}
  --items N      items per test, and per agent in each measurement (default 20)
  --keep         keep the temporary folder when dev:web stops (runs, reports, backups)
`;

type Parsed = { port: number; scenario: string; items: number | undefined; keep: boolean } | { exit: number };

export function parseOptions(argv: readonly string[], out: (text: string) => void, err: (text: string) => void): Parsed {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string', default: String(DEFAULT_PORT) },
        scenario: { type: 'string', default: DEFAULT_SCENARIO },
        items: { type: 'string' },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}\n`);
    return { exit: 2 };
  }
  if (values.help) {
    out(HELP);
    return { exit: 0 };
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) {
    err(`--port must be a whole number from 0 to 65535, not "${values.port}".\n${USAGE}\n`);
    return { exit: 2 };
  }
  let items: number | undefined;
  if (values.items !== undefined) {
    items = Number(values.items);
    if (!/^\d+$/.test(values.items) || items < 1 || items > 100) {
      err(`--items must be a whole number from 1 to 100, not "${values.items}".\n${USAGE}\n`);
      return { exit: 2 };
    }
  }
  const scenario = resolve(values.scenario);
  if (!existsSync(scenario)) {
    err(`There is no scenario file at ${scenario}. The scenarios are in ${SCENARIOS_DIR}.\n`);
    return { exit: 2 };
  }
  return { port, scenario, items, keep: values.keep };
}

async function main(): Promise<number> {
  const out = (text: string) => void process.stdout.write(text);
  const err = (text: string) => void process.stderr.write(text);
  const options = parseOptions(process.argv.slice(2), out, err);
  if ('exit' in options) return options.exit;

  let devWeb: DevWeb;
  try {
    devWeb = await startDevWeb({ ...options, say: (line) => out(`${line}\n`) });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') err(`Port ${options.port} is in use. Pass --port with another number (0 picks a free one).\n`);
    else if (isUserError(e)) err(`dev:web could not start: ${e.message}${e.hint ? ` ${e.hint}` : ''}\n`);
    else err(`dev:web could not start: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }

  // listen before saying "Ctrl-C stops it": whoever reads that may send the signal at once
  const stopAsked = new Promise<string>((done) => {
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });
  const { world } = devWeb;
  out(
    [
      `Agent Doctor in a browser: the popover on the real engine and a simulated Plex Media Server (scenario "${world.sim.sim.scenario.name}").`,
      `  open       ${devWeb.url}`,
      `  plex       ${world.sim.url}`,
      `  plug-ins   ${world.sim.sim.pluginsDir}`,
      `  logs       ${world.sim.sim.logsDir}`,
      `  data       ${world.dataDir}`,
      options.keep ? `The files stay in ${world.root}.` : `The files are in ${world.root}; they are removed when dev:web stops (--keep keeps them).`,
      'Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
  await stopAsked;
  // a second Ctrl-C does not wait for the loop's safe point
  process.once('SIGINT', () => process.exit(130));
  out('Stopping: the loop stops at its next safe point…\n');
  await devWeb.stop();
  return 0;
}

if (process.argv[1] === import.meta.filename) process.exitCode = await main();
