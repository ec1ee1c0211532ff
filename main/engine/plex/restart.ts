// Restarting a plug-in or the whole server without sudo (plex-facts.md §5, lessons #12), then
// proving it came back: /identity answers, the token is accepted, the WebSocket reconnects, and
// the agent's own log, written after the restart, says whether the plug-in started.
import { systemClock, type Clock, type Runner } from '../ports.ts';
import { UserError } from '../errors.ts';
import { formatSeconds } from './errors.ts';
import type { PlexClient } from './client.ts';
import type { PlexNotifications } from './notifications.ts';
import { waitForPluginLoad, type PluginLoadResult, type PluginLogProbe } from './plugin-load.ts';

export const PLEX_BUNDLE_ID = 'com.plexapp.plexmediaserver';
export const PLEX_PROCESS_NAME = 'Plex Media Server';
/** seen in the Homebrew cask and in user-written LaunchAgents (plex-facts.md §5.2) */
export const LAUNCHD_LABELS = ['com.plexapp.mediaserver', 'com.plexapp.plexmediaserver'] as const;

export type RestartStrategyId = 'plugin-reload' | 'launchctl' | 'app-quit' | 'sigterm' | 'manual';
/** cheapest first */
export const DEFAULT_RESTART_ORDER: readonly RestartStrategyId[] = ['plugin-reload', 'launchctl', 'app-quit', 'sigterm', 'manual'];

export const MANUAL_RESTART_TEXT = 'Quit Plex Media Server from its menu-bar icon, then open it again. Agent Doctor carries on as soon as Plex answers.';

export interface AvailableStrategy {
  id: RestartStrategyId;
  /** what it will act on, e.g. "gui/501/com.plexapp.mediaserver" or "pid 812" */
  detail: string;
}

export interface RestartContext {
  client: PlexClient;
  runner: Runner;
  clock?: Clock;
  /** reconnected and awaited after the restart when given */
  notifications?: PlexNotifications;
  /** reads the agent's log after the restart; without it the plug-in's load is not checked */
  probe?: PluginLogProbe;
  /** the manual strategy: show `text`, resolve when the person says it is done */
  askUser?: (text: string, signal: AbortSignal) => Promise<void>;
  platform?: NodeJS.Platform;
  uid?: number;
}

export interface RestartTimeouts {
  /** for the server to go away after a quit; default 60 s */
  downMs: number;
  /** for /identity to answer again; default 120 s */
  upMs: number;
  /** for the WebSocket to reconnect; default 30 s */
  websocketMs: number;
  /** for the plug-in's start or failure lines; default 30 s */
  pluginMs: number;
}

export interface RestartOptions {
  /** plug-in: reload one agent if Plex lets us; server: the whole Plex Media Server */
  scope: 'plugin' | 'server';
  /** CFBundleIdentifier of the agent to reload and confirm, e.g. com.plexapp.agents.GEVI */
  identifier?: string;
  /** strategies to try, in this order; default DEFAULT_RESTART_ORDER */
  order?: readonly RestartStrategyId[];
  timeouts?: Partial<RestartTimeouts>;
  /** how often to look at /identity, pgrep and the log while waiting; default 1 s */
  pollIntervalMs?: number;
  signal?: AbortSignal;
}

export interface RestartReport {
  strategy: RestartStrategyId;
  /** strategies that were tried and failed first, with why */
  failed: { id: RestartStrategyId; reason: string }[];
  serverVersion: string;
  websocket: 'open' | 'not-open' | 'not-used';
  /** undefined when no identifier or probe was given */
  plugin: PluginLoadResult | undefined;
  elapsedMs: number;
}

const DEFAULT_TIMEOUTS: RestartTimeouts = { downMs: 60_000, upMs: 120_000, websocketMs: 30_000, pluginMs: 30_000 };

class StrategyFailed extends Error {}

/** The strategies usable here, in `order`. Detection runs only read-only commands. */
export async function detectRestartStrategies(ctx: RestartContext, options: Pick<RestartOptions, 'scope' | 'identifier' | 'order'>): Promise<AvailableStrategy[]> {
  const platform = ctx.platform ?? process.platform;
  const found: AvailableStrategy[] = [];
  for (const id of options.order ?? DEFAULT_RESTART_ORDER) {
    if (id === 'plugin-reload') {
      if (options.scope === 'plugin' && options.identifier) found.push({ id, detail: `GET /:/plugins/${options.identifier}/restart` });
    } else if (id === 'launchctl') {
      const target = platform === 'darwin' ? await findLaunchdJob(ctx) : undefined;
      if (target) found.push({ id, detail: target });
    } else if (id === 'app-quit' || id === 'sigterm') {
      const pids = platform === 'darwin' ? await plexPids(ctx.runner) : [];
      if (pids.length) found.push({ id, detail: id === 'app-quit' ? `application ${PLEX_BUNDLE_ID}` : `pid ${pids.join(', ')}` });
    } else if (id === 'manual') {
      if (ctx.askUser) found.push({ id, detail: 'the person quits and reopens Plex' });
    }
  }
  return found;
}

/** One line a person understands, e.g. "launchctl kickstart -k gui/501/com.plexapp.mediaserver". */
export function describeStrategy(s: AvailableStrategy): string {
  switch (s.id) {
    case 'plugin-reload':
      return "reload the agent's plug-in through Plex";
    case 'launchctl':
      return `launchctl kickstart -k ${s.detail}`;
    case 'app-quit':
      return 'quit Plex Media Server and open it again';
    case 'sigterm':
      return `stop Plex Media Server (${s.detail}) and open it again`;
    case 'manual':
      return 'ask you to quit and reopen Plex Media Server';
  }
}

/** `gui/<uid>/<label>` of a launchd job that runs Plex for this user, if there is one. */
export async function findLaunchdJob(ctx: Pick<RestartContext, 'runner' | 'uid'>): Promise<string | undefined> {
  const uid = ctx.uid ?? process.getuid?.();
  if (uid === undefined) return undefined;
  const list = await ctx.runner('launchctl', ['list']);
  if (list.code !== 0) return undefined;
  const listed = list.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[2])
    .filter((label): label is string => label !== undefined && /plex/i.test(label) && /mediaserver/i.test(label));
  for (const label of [...new Set([...LAUNCHD_LABELS, ...listed])]) {
    const target = `gui/${uid}/${label}`;
    if ((await ctx.runner('launchctl', ['print', target])).code === 0) return target;
  }
  return undefined;
}

export async function plexPids(runner: Runner): Promise<string[]> {
  const r = await runner('pgrep', ['-x', PLEX_PROCESS_NAME]);
  return r.code === 0 ? r.stdout.split(/\s+/).filter((p) => /^\d+$/.test(p)) : [];
}

export async function restartPlex(ctx: RestartContext, options: RestartOptions): Promise<RestartReport> {
  const clock = ctx.clock ?? systemClock;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const poll = options.pollIntervalMs ?? 1_000;
  const signal = options.signal;
  const begun = Date.now();
  const strategies = await detectRestartStrategies(ctx, options);
  if (strategies.length === 0) {
    throw new UserError(
      'plex-restart-impossible',
      'Agent Doctor found no way to restart Plex Media Server here.',
      'Restart Plex Media Server yourself (quit it from its menu-bar icon, then open it again), then run the test.',
    );
  }
  const mark = ctx.probe && options.identifier ? await ctx.probe.mark(options.identifier) : undefined;
  const failed: RestartReport['failed'] = [];

  const sleep = (ms: number) => clock.sleep(ms, signal);
  // one attempt each: a retry would hide the moment Plex is down
  const identityAnswers = () => ctx.client.identity({ signal, retries: 0 }).then(
    (i) => i,
    () => undefined,
  );
  /** asks `probe` every poll interval until it gives a value or `timeoutMs` has passed */
  const pollFor = async <T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> => {
    const start = Date.now();
    for (;;) {
      const value = await probe();
      if (value !== undefined || Date.now() - start >= timeoutMs) return value;
      await sleep(poll);
    }
  };
  const waitDown = async (what: string) => {
    const gone = async () => ((await plexPids(ctx.runner)).length === 0 && (await identityAnswers()) === undefined ? true : undefined);
    if (!(await pollFor(gone, timeouts.downMs))) throw new StrategyFailed(`Plex Media Server was still running ${formatSeconds(timeouts.downMs)} after ${what}`);
  };
  const run = async (file: string, argv: string[]) => {
    const r = await ctx.runner(file, argv);
    if (r.code !== 0) throw new StrategyFailed(`${file} ${argv.join(' ')} failed${r.code === null ? '' : ` (exit ${r.code})`}${r.stderr.trim() ? `: ${r.stderr.trim().split('\n')[0]}` : ''}`);
  };

  const execute = async (s: AvailableStrategy): Promise<void> => {
    switch (s.id) {
      case 'plugin-reload':
        try {
          await ctx.client.restartPlugin(options.identifier!, { signal });
        } catch (err) {
          throw new StrategyFailed((err as Error).message);
        }
        return;
      case 'launchctl':
        return run('launchctl', ['kickstart', '-k', s.detail]);
      case 'app-quit':
        await run('osascript', ['-e', `tell application id "${PLEX_BUNDLE_ID}" to quit`]);
        await waitDown('the quit request');
        return run('open', ['-b', PLEX_BUNDLE_ID]);
      case 'sigterm': {
        const pids = await plexPids(ctx.runner);
        if (pids.length === 0) throw new StrategyFailed(`no "${PLEX_PROCESS_NAME}" process is running`);
        for (const pid of pids) await run('kill', ['-TERM', pid]);
        await waitDown('SIGTERM');
        return run('open', ['-b', PLEX_BUNDLE_ID]);
      }
      case 'manual':
        return manualRestart();
    }
  };

  // The person restarts Plex; we carry on when they say so or when we saw Plex go and come back.
  const manualRestart = async () => {
    const asking = new AbortController();
    let seenDown = false;
    const answered = ctx.askUser!(MANUAL_RESTART_TEXT, asking.signal).then(() => true);
    const watched = (async () => {
      while (!asking.signal.aborted) {
        const up = (await identityAnswers()) !== undefined;
        if (!up) seenDown = true;
        else if (seenDown) return true;
        await clock.sleep(poll, asking.signal).catch(() => undefined);
      }
      return false;
    })();
    try {
      await Promise.race([answered, watched]);
    } finally {
      asking.abort();
    }
  };

  let used: AvailableStrategy | undefined;
  let version: string | undefined;
  const queue = [...strategies];
  for (let s = queue.shift(); s; s = queue.shift()) {
    try {
      await execute(s);
    } catch (err) {
      if (!(err instanceof StrategyFailed)) throw err;
      failed.push({ id: s.id, reason: err.message });
      continue;
    }
    const back = await pollFor(identityAnswers, timeouts.upMs);
    if (back) {
      used = s;
      version = back.version;
      break;
    }
    failed.push({ id: s.id, reason: `Plex Media Server did not answer within ${formatSeconds(timeouts.upMs)}` });
    // a server that stays down is beyond the other strategies: only the person can bring it back
    const manual = strategies.find((m) => m.id === 'manual');
    queue.splice(0, queue.length, ...(manual && s.id !== 'manual' ? [manual] : []));
  }
  if (!used || version === undefined) {
    throw new UserError(
      'plex-restart-failed',
      `Plex Media Server could not be restarted: ${failed.map((f) => `${f.id}: ${f.reason}`).join('; ')}.`,
      'Restart Plex Media Server yourself (quit it from its menu-bar icon, then open it again), then run the test again.',
    );
  }

  await ctx.client.sections({ signal }); // the token still works (a 401 here is reported as such)

  let websocket: RestartReport['websocket'] = 'not-used';
  if (ctx.notifications) {
    ctx.notifications.start();
    ctx.notifications.reconnectNow();
    websocket = (await ctx.notifications.waitUntilOpen({ timeoutMs: timeouts.websocketMs, signal })) ? 'open' : 'not-open';
  }

  const plugin = mark !== undefined && ctx.probe ? await waitForPluginLoad(ctx.probe, mark, { timeoutMs: timeouts.pluginMs, pollIntervalMs: poll, clock, signal }) : undefined;
  return { strategy: used.id, failed, serverVersion: version, websocket, plugin, elapsedMs: Date.now() - begun };
}

