// `npm run sim -- --port P --data DIR --scenario FILE`: runs the simulated Plex Media Server in
// the foreground until Ctrl-C, and prints what a person needs to point Agent Doctor at it.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { SCENARIOS_DIR } from './scenario.ts';
import { startSim } from './sim.ts';

const USAGE = 'Usage: npm run sim -- [--port 32400] [--control-port 0] --data DIR [--scenario FILE] [--token TOKEN]';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '32400' },
        'control-port': { type: 'string', default: '0' },
        data: { type: 'string' },
        scenario: { type: 'string', default: resolve(SCENARIOS_DIR, 'default.json') },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n\nScenarios: ${SCENARIOS_DIR}\n`);
    return 0;
  }
  if (!values.data) {
    process.stderr.write(`--data is required: the folder the simulated Plex keeps its Plug-ins and Logs in.\n${USAGE}\n`);
    return 2;
  }
  const port = Number(values.port);
  const controlPort = Number(values['control-port']);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isInteger(controlPort) || controlPort < 0 || controlPort > 65535) {
    process.stderr.write(`--port and --control-port must be whole numbers from 0 to 65535.\n${USAGE}\n`);
    return 2;
  }
  let handle;
  try {
    handle = await startSim({ dataDir: resolve(values.data), scenario: resolve(values.scenario), port, controlPort, token: values.token });
  } catch (err) {
    process.stderr.write(`Cannot start the simulated Plex: ${(err as Error).message}\n`);
    return 1;
  }
  const { sim } = handle;
  // listen before saying "Ctrl-C stops it": whoever reads that may send SIGINT at once
  const interrupted = new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  process.stdout.write(
    [
      `Simulated Plex Media Server ${sim.library.server.version} (scenario "${sim.scenario.name}")`,
      `  server       ${handle.url}`,
      `  control      ${handle.controlUrl}`,
      `  token        in ${sim.preferencesPath} (PlexOnlineToken)`,
      `  plug-ins     ${sim.pluginsDir}`,
      `  logs         ${sim.logsDir}`,
      `Try: npm run cli -- status --server ${handle.url} --prefs "${sim.preferencesPath}" --plugins "${sim.pluginsDir}" --logs "${sim.logsDir}"`,
      'Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
  await interrupted;
  await handle.stop();
  return 0;
}

process.exitCode = await main();
