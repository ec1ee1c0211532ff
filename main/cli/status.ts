// `agent-doctor status`: what Agent Doctor would work with — the Plex server and its version,
// where the token comes from (never the token), the agents, the logs folder, how Plex would be
// restarted, and whether the notification WebSocket connects. Exit 1 when something is missing.
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  DEFAULT_SERVER_URL,
  describeStrategy,
  describeTokenSource,
  detectRestartStrategies,
  isPlexError,
  listAgents,
  loadClientIdentifier,
  plexPaths,
  PlexClient,
  PlexNotifications,
  type PlexCredentials,
} from '../engine/plex/index.ts';
import { isUserError } from '../engine/errors.ts';
import { execFileRunner } from '../engine/ports.ts';
import { numberOption, stringOption, type CliIO, type Command, type OptionValues } from './command.ts';
import { APP_VERSION } from './inputs.ts';
import { defaultAgentDoctorData, homeOf, serverUrlOption, tokenFinder } from './plex-connection.ts';


export const statusCommand: Command = {
  name: 'status',
  summary: 'Show the Plex server, token source, agents, logs and restart method Agent Doctor would use',
  usage: 'status [--server URL] [--plex-data DIR] [--plugins DIR] [--logs DIR] [--prefs FILE] [--data DIR] [--timeout SECONDS]',
  help: `Looks at this computer and at Plex Media Server and prints one line for each:
the server and its version, where the Plex token comes from (the token itself is never shown)
and whether Plex accepts it, the agent bundles in the Plug-ins folder, the logs folder, how
Agent Doctor would restart Plex, and whether Plex's notification WebSocket connects.

The token is read from PLEX_TOKEN, else from Plex's preferences (on a Mac:
~/Library/Preferences/com.plexapp.plexmediaserver.plist).

Options:
  --server URL       Plex Media Server address (default ${DEFAULT_SERVER_URL})
  --plex-data DIR    Plex's data folder (default: Plex's own location on this computer)
  --plugins DIR      the Plug-ins folder (default: <plex-data>/Plug-ins)
  --logs DIR         the Plex logs folder, the one holding "PMS Plugin Logs"
  --prefs FILE       the preferences file that holds the token (plist or Preferences.xml)
  --data DIR         Agent Doctor's own data folder (default: ~/Library/Application Support/Agent Doctor on a Mac)
  --timeout SECONDS  how long to wait for each answer from Plex (default 5)

Exit code: 0 everything found and Plex answers, 1 something is missing or Plex does not answer.`,
  options: {
    server: { type: 'string' },
    'plex-data': { type: 'string' },
    plugins: { type: 'string' },
    logs: { type: 'string' },
    prefs: { type: 'string' },
    data: { type: 'string' },
    timeout: { type: 'string' },
  },
  run: runStatus,
};

async function runStatus(values: OptionValues, _positionals: string[], io: CliIO): Promise<number> {
  const path = (name: string) => {
    const v = stringOption(values, name);
    return v === undefined ? undefined : resolve(io.cwd, v);
  };
  const home = homeOf(io);
  const timeoutMs = (numberOption(values, 'timeout', { min: 0.1, max: 600 }) ?? 5) * 1000;
  const serverUrl = serverUrlOption(values);
  const paths = plexPaths({
    platform: process.platform,
    home,
    env: io.env,
    dataDir: path('plex-data'),
    pluginsDir: path('plugins'),
    logsDir: path('logs'),
    preferencesPath: path('prefs'),
  });
  const rows: [string, string][] = [];
  const problems: string[] = [];
  const problem = (err: unknown) => {
    if (!isUserError(err)) throw err;
    problems.push(err.hint ? `${err.message} ${err.hint}` : err.message);
  };

  const readToken = tokenFinder(io, paths);
  let credentials: PlexCredentials;
  try {
    credentials = await readToken();
  } catch (err) {
    problem(err);
    credentials = { token: undefined, source: { kind: 'none', looked: [paths.preferencesPath ?? 'PLEX_TOKEN'] } };
  }

  const client = new PlexClient({
    serverUrl,
    credentials,
    reloadCredentials: readToken,
    clientIdentifier: await loadClientIdentifier(path('data') ?? defaultAgentDoctorData(home, io.env)),
    appVersion: APP_VERSION,
    timeoutMs,
    retries: 0,
  });
  let tokenState = '';
  let loaded: Set<string> | undefined;
  let websocket = 'not tried (Plex does not answer)';
  try {
    const identity = await client.identity();
    rows.push(['Plex Media Server', `${serverUrl}, version ${identity.version}`]);
    try {
      loaded = new Set((await client.agents()).map((a) => a.identifier.toLowerCase()));
      tokenState = credentials.token ? ', accepted' : ', none needed on this network';
      websocket = await tryWebSocket(client, timeoutMs);
    } catch (err) {
      if (!isPlexError(err, 'unauthorized')) throw err;
      tokenState = credentials.token ? ', rejected' : '';
      websocket = 'not tried (it needs the token)';
      problem(err);
    }
  } catch (err) {
    rows.push(['Plex Media Server', `not answering at ${serverUrl}`]);
    problem(err);
  }
  rows.push(['Token', credentials.token ? `from ${describeTokenSource(credentials.source)}${tokenState}` : `none found (looked in: ${credentials.source.kind === 'none' ? credentials.source.looked.join('; ') : '?'})${tokenState}`]);

  let firstAgent: string | undefined;
  try {
    const { agents, skipped } = await listAgents(paths.pluginsDir);
    firstAgent = agents[0]?.identifier;
    const names = agents.map((a) => (loaded === undefined ? a.name : `${a.name}${loaded.has(a.identifier.toLowerCase()) ? '' : ' (not loaded in Plex)'}`));
    rows.push(['Agents', agents.length ? `${agents.length} in ${paths.pluginsDir}: ${names.join(', ')}` : `none in ${paths.pluginsDir}`]);
    for (const s of skipped) rows.push(['', `left alone: ${s.bundleDir} (${s.reason})`]);
    if (agents.length === 0) problems.push(`No agent bundles in ${paths.pluginsDir}. Pass the folder that holds them with --plugins.`);
  } catch (err) {
    rows.push(['Agents', `cannot be listed (${paths.pluginsDir})`]);
    problem(err);
  }

  const logFiles = await readdir(paths.pluginLogsDir).then(
    (files) => files.filter((f) => /\.log(\.\d)?$/.test(f)).length,
    () => undefined,
  );
  rows.push(['Logs', logFiles === undefined ? `no "PMS Plugin Logs" folder in ${paths.logsDir}` : `${paths.logsDir} (${logFiles} plug-in log files)`]);
  if (logFiles === undefined) problems.push(`Plex's plug-in logs are not in ${paths.pluginLogsDir}. Pass the Plex logs folder with --logs.`);

  const strategies = await detectRestartStrategies(
    { client, runner: execFileRunner, platform: process.platform, askUser: async (text) => void (await io.ask(`${text}\nPress Enter when Plex is running again. `)) },
    { scope: 'plugin', identifier: firstAgent },
  );
  rows.push(['Restart', strategies.map(describeStrategy).join('; else ')]);
  rows.push(['Notifications', websocket]);
  await client.close();

  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) io.out(`${k.padEnd(width)}  ${v}`);
  for (const p of problems) io.err(p);
  return problems.length ? 1 : 0;
}

async function tryWebSocket(client: PlexClient, timeoutMs: number): Promise<string> {
  const notifications = new PlexNotifications({ url: client.notificationsUrl(), connectTimeoutMs: timeoutMs });
  notifications.start();
  try {
    return (await notifications.waitUntilOpen({ timeoutMs })) ? 'WebSocket connected' : `WebSocket did not connect (${notifications.lastError ?? 'no answer'}); Agent Doctor will poll Plex instead`;
  } finally {
    notifications.stop();
  }
}
