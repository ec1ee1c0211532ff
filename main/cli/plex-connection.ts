// How a CLI command reaches Plex: the server address option, the token (PLEX_TOKEN, else the Plex
// preferences, read again after a 401), Agent Doctor's data folder, and the session every phase
// works through (client, notification socket, log tailer).
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { RecoveryAction } from '../engine/fixes/index.ts';
import { DEFAULT_SERVER_URL, findToken, normalizeServerUrl, plexPaths, type PlexCredentials, type PlexPaths } from '../engine/plex/index.ts';
import { defaultDataDir } from '../engine/service/data-dir.ts';
import { openPlexSession, type PlexSession } from '../engine/service/plex-session.ts';
import { stringOption, UsageError, type CliIO, type OptionValues } from './command.ts';
import { APP_VERSION } from './inputs.ts';

/** --server, checked and normalized (default http://127.0.0.1:32400). */
export function serverUrlOption(values: OptionValues): string {
  try {
    return normalizeServerUrl(stringOption(values, 'server') ?? DEFAULT_SERVER_URL);
  } catch (err) {
    throw new UsageError(`--server: ${(err as Error).message}`);
  }
}

/** design.md `<data>` for the person running the command (--data overrides it). */
export const defaultAgentDoctorData = (home: string, env: CliIO['env'] = process.env): string => defaultDataDir({ platform: process.platform, env, home });

export const homeOf = (io: CliIO): string => io.env.HOME ?? homedir();

/** Finds the token the way every command does; call it again to re-read it after a 401. */
export const tokenFinder =
  (io: CliIO, paths: Pick<PlexPaths, 'preferencesPath'>) =>
  (): Promise<PlexCredentials> =>
    findToken({ env: io.env, preferencesPath: paths.preferencesPath });

/** This computer's Plex token when one can be found (PLEX_TOKEN, else Plex's preferences), so
 *  that what a command writes can be redacted exactly; finding none is no error here. */
export async function tokensToRedact(io: CliIO): Promise<string[]> {
  const found = await tokenFinder(io, plexPaths({ platform: process.platform, home: homeOf(io), env: io.env }))().catch(() => null);
  return found?.token ? [found.token] : [];
}

/** Opens the session a phase command works through; a missing logs folder names --logs. */
export async function connectPlex(io: CliIO, where: { serverUrl: string; paths: Pick<PlexPaths, 'logsDir' | 'preferencesPath'>; dataDir: string }): Promise<PlexSession> {
  const readToken = tokenFinder(io, where.paths);
  return openPlexSession({
    serverUrl: where.serverUrl,
    credentials: await readToken(),
    reloadCredentials: readToken,
    dataDir: where.dataDir,
    logsDir: where.paths.logsDir,
    appVersion: APP_VERSION,
    logsHint: 'Point to the Plex logs folder (the one holding "PMS Plugin Logs") with --logs DIR.',
  });
}

/** Plex's folders and Agent Doctor's data folder from the options, as every phase command takes them. */
export function folders(values: OptionValues, io: CliIO): { paths: PlexPaths; dataDir: string } {
  const path = (name: string) => {
    const v = stringOption(values, name);
    return v === undefined ? undefined : resolve(io.cwd, v);
  };
  const home = homeOf(io);
  const paths = plexPaths({ platform: process.platform, home, env: io.env, dataDir: path('plex-data'), pluginsDir: path('plugins'), logsDir: path('logs'), preferencesPath: path('prefs') });
  return { paths, dataDir: path('data') ?? defaultAgentDoctorData(home, io.env) };
}

/** What start-up recovery did, one line each (nothing when nothing was interrupted). */
export function printRecovery(io: CliIO, actions: readonly RecoveryAction[]): void {
  for (const a of actions) io.out(`Finished an interrupted change: ${a.text}`);
}
