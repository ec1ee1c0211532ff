// One working connection to Plex Media Server, as every phase that talks to Plex needs it: the
// HTTP client (with this install's client identifier), the notification socket, and a Tailer
// following the logs folder from now on. The app, the CLI commands and the loop open it here.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { Tailer } from '../logs/index.ts';
import { loadClientIdentifier, PlexClient, PlexNotifications, PLUGIN_LOGS_FOLDER, type BackoffOptions, type PlexCredentials } from '../plex/index.ts';

export interface PlexSessionOptions {
  serverUrl: string;
  credentials: PlexCredentials;
  /** re-reads the token after Plex refused it (the CLI: env and preferences again) */
  reloadCredentials?: () => Promise<PlexCredentials>;
  /** Agent Doctor's data folder: the client identifier lives there */
  dataDir: string;
  /** the Plex logs folder, the one holding "PMS Plugin Logs" */
  logsDir: string;
  appVersion: string;
  /** IANA zone the logs are written in; default: this computer's */
  timeZone?: string;
  /** per request; default the client's */
  timeoutMs?: number;
  /** reconnect back-off of the notification socket (tests shorten it) */
  backoff?: BackoffOptions;
  /** what to do about a missing logs folder, in the words of the caller's surface */
  logsHint?: string;
}

export interface PlexSession {
  client: PlexClient;
  notifications: PlexNotifications;
  tailer: Tailer;
  /** every token the session has used (one re-read after a 401 is added to this very array),
   *  to redact from everything stored or shown */
  secrets: string[];
  /** as /identity said when the session opened */
  serverVersion: string;
  close(): Promise<void>;
}

const DEFAULT_LOGS_HINT = 'Choose the Plex logs folder: the one that holds "PMS Plugin Logs".';

/** Checks the logs folder, reaches Plex (/identity), then starts the Tailer and the socket. */
export async function openPlexSession(o: PlexSessionOptions): Promise<PlexSession> {
  if (!(await stat(join(o.logsDir, PLUGIN_LOGS_FOLDER)).then((s) => s.isDirectory(), () => false))) {
    throw new UserError('logs-missing', `There is no "${PLUGIN_LOGS_FOLDER}" folder in ${o.logsDir}.`, o.logsHint ?? DEFAULT_LOGS_HINT);
  }
  const secrets = o.credentials.token ? [o.credentials.token] : [];
  const reload = o.reloadCredentials;
  const client = new PlexClient({
    serverUrl: o.serverUrl,
    credentials: o.credentials,
    ...(reload && {
      reloadCredentials: async () => {
        const fresh = await reload();
        if (fresh.token && !secrets.includes(fresh.token)) secrets.push(fresh.token);
        return fresh;
      },
    }),
    clientIdentifier: await loadClientIdentifier(o.dataDir),
    appVersion: o.appVersion,
    ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
  });
  let serverVersion: string;
  let tailer: Tailer;
  try {
    serverVersion = (await client.identity()).version;
    tailer = await Tailer.start({ logsDir: o.logsDir, ...(o.timeZone ? { timeZone: o.timeZone } : {}) });
  } catch (err) {
    await client.close();
    throw err;
  }
  const notifications = new PlexNotifications({ url: () => client.notificationsUrl(), ...(o.backoff ? { backoff: o.backoff } : {}) });
  notifications.start();
  return {
    client,
    notifications,
    tailer,
    secrets,
    serverVersion,
    close: async () => {
      notifications.stop();
      await tailer.close();
      await client.close();
    },
  };
}
