// The engine behind the app: every operation the popover and the tray ask for (main/app/
// engine-service.ts describes them; main/app/engine.ts constructs this), on top of the loop and
// the phases. It owns at most one running loop, the question that loop is waiting on (a proposal,
// or a manual Plex restart), and the event stream. It never imports the app: the app's type is
// met structurally.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import type { EngineEvent } from '../../../shared/events.ts';
import { actionableErrors, itemCounts } from '../../../shared/metrics.ts';
import type { Proposal, ProposalAnswer } from '../../../shared/proposal.ts';
import { describeIssue, SettingsSchema, type EngineStatusSchema, type FixRef, type Pending, type ProposalReply, type ReportRef, type RollbackResultSchema, type RunStatus, type ScanSummary, type Settings } from '../../../shared/ipc.ts';
import { isUserError, UserError } from '../errors.ts';
import { recover, restartAndCheck, rollbackFix, type FixContext } from '../fixes/index.ts';
import { aggregateLogs } from '../logs/index.ts';
import { createRun, progressOf, readLoopState, runDir, runLoop, runsDir, loopStatePath, type LoopDeps, type LoopState } from '../loop/index.ts';
import { describeTokenSource, findToken, plexPaths, PlexClient, loadClientIdentifier, type BackoffOptions, type PlexCredentials, type RestartStrategyId } from '../plex/index.ts';
import { execFileRunner, systemClock, type Clock, type Runner } from '../ports.ts';
import { configurePythonChecker } from '../python/index.ts';
import { atomicWriteJson, ensureDir } from '../util/atomic-write.ts';
import { AgentHistory, SCANS_FOLDER } from './agent-history.ts';
import { openPlexSession, type PlexSession } from './plex-session.ts';
import { history, lastResult, reportPath, result, runIds, stateOf } from './run-records.ts';

/** What the app hands the engine (main/app/engine-service.ts `EngineConfig`). */
export interface EngineServiceConfig {
  dataDir: string;
  wasmDir: string;
  appVersion: string;
  settings: Settings;
  token: string | null;
}

/** What tests and the demo change about the world the engine lives in. */
export interface EngineServiceOptions {
  runner?: Runner;
  clock?: Clock;
  lockDir?: string;
  platform?: NodeJS.Platform;
  home?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** where Plex keeps its token on this computer (default: Plex's own place) */
  preferencesPath?: string;
  restart?: LoopDeps['restart'];
  pass?: LoopDeps['pass'];
  backoff?: BackoffOptions;
  /** false: the checker keeps its default wasm files (tests, the CLI) */
  configureChecker?: boolean;
}

type EngineStatus = z.input<typeof EngineStatusSchema>;
type RollbackResult = z.input<typeof RollbackResultSchema>;

interface Active {
  runId: string;
  runDir: string;
  session: PlexSession;
  stop: AbortController;
  abort: AbortController;
  done: Promise<void>;
  iteration: number;
  phase: RunStatus['phase'];
  fixId: string | null;
  progress: RunStatus['progress'];
}

type Question = { kind: 'proposal'; proposal: Proposal; answer: (a: ProposalAnswer) => void } | { kind: 'manualRestart'; text: string; answer: (v: void) => void };

/** How long a status check waits for Plex. */
const STATUS_TIMEOUT_MS = 3_000;

export async function createEngine(config: EngineServiceConfig, options: EngineServiceOptions = {}): Promise<Engine> {
  const engine = new Engine(options);
  await engine.configure(config);
  return engine;
}

export class Engine {
  private config!: EngineServiceConfig;
  private readonly options: EngineServiceOptions;
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private active: Active | null = null;
  private question: Question | null = null;
  private history!: AgentHistory;
  private connected: boolean | null = null;
  /** runs that ended (or were made by hand): never resumable, so not read again for the status */
  private readonly neverResumable = new Set<string>();
  /** every Plex token this engine has held, saved or found on this Mac: redacted wherever it
   *  appears, also after it changed (an old token may still sit in a log line) */
  private readonly tokensSeen = new Set<string>();

  constructor(options: EngineServiceOptions) {
    this.options = options;
  }

  // ---- configuration ----

  async configure(config: EngineServiceConfig): Promise<void> {
    const parsed = SettingsSchema.safeParse(config.settings);
    if (!parsed.success) throw new UserError('settings-invalid', `The settings cannot be used: ${describeIssue(parsed.error)}.`, 'Correct them in Settings.');
    const first = this.config === undefined;
    if (config.token) this.tokensSeen.add(config.token);
    if (this.options.configureChecker !== false && (first || config.wasmDir !== this.config.wasmDir)) await configurePythonChecker({ wasmDir: config.wasmDir });
    await ensureDir(config.dataDir);
    if (first || config.dataDir !== this.config.dataDir) this.history = new AgentHistory(config.dataDir);
    this.config = { ...config, settings: parsed.data };
  }

  private folders() {
    const { settings } = this.config;
    const paths = plexPaths({ platform: this.options.platform ?? process.platform, home: this.options.home ?? homedir(), env: this.env(), pluginsDir: settings.pluginsDir ?? undefined, logsDir: settings.logsDir ?? undefined, preferencesPath: this.options.preferencesPath });
    return { pluginsDir: paths.pluginsDir, logsDir: paths.logsDir, preferencesPath: paths.preferencesPath };
  }

  private env(): Readonly<Record<string, string | undefined>> {
    return this.options.env ?? process.env;
  }

  private async credentials(): Promise<PlexCredentials> {
    if (this.config.token) return { token: this.config.token, source: { kind: 'given', label: 'the token saved in Agent Doctor' } };
    return this.remember(await findToken({ env: this.env(), preferencesPath: this.folders().preferencesPath }));
  }

  private remember<T extends { token?: string | null }>(found: T): T {
    if (found.token) this.tokensSeen.add(found.token);
    return found;
  }

  /** The tokens to redact exactly (the patterns of shared/redact.ts catch the known shapes). */
  knownSecrets(): string[] {
    return [...this.tokensSeen];
  }

  private fixContext(): FixContext {
    return { pluginsDir: this.folders().pluginsDir, dataDir: this.config.dataDir, program: 'the Agent Doctor app', clock: this.clock(), ...(this.options.lockDir ? { lockDir: this.options.lockDir } : {}), secrets: this.knownSecrets() };
  }

  private clock(): Clock {
    return this.options.clock ?? systemClock;
  }

  private now(): string {
    return this.clock().now().toISOString();
  }

  private session(serverUrl: string, logsDir: string): Promise<PlexSession> {
    return this.credentials().then((credentials) =>
      openPlexSession({
        serverUrl,
        credentials,
        reloadCredentials: () => this.credentials(),
        dataDir: this.config.dataDir,
        logsDir,
        appVersion: this.config.appVersion,
        logsHint: 'Choose the Plex logs folder in Settings: the one that holds "PMS Plugin Logs".',
        ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      }),
    );
  }

  // ---- status ----

  async getStatus(): Promise<EngineStatus> {
    const folders = this.folders();
    return {
      plex: await this.plexStatus(),
      agents: await this.history.agents(),
      run: await this.runStatus(),
      pending: this.pending(),
      resumable: await this.resumable(),
      lastResult: await lastResult(this.config.dataDir),
      folders: { plugins: folders.pluginsDir, logs: folders.logsDir, data: this.config.dataDir },
    };
  }

  private async plexStatus(): Promise<EngineStatus['plex']> {
    const serverUrl = this.config.settings.serverUrl;
    const client = this.active?.session.client ?? new PlexClient({ serverUrl, credentials: await this.credentials(), clientIdentifier: await loadClientIdentifier(this.config.dataDir), appVersion: this.config.appVersion, timeoutMs: STATUS_TIMEOUT_MS, retries: 0 });
    try {
      const identity = await client.identity({ retries: 0 });
      this.plexSeen(true, identity.version);
      return { serverUrl, connected: true, version: identity.version, problem: null };
    } catch (err) {
      if (!isUserError(err)) throw err;
      this.plexSeen(false);
      return { serverUrl, connected: false, version: null, problem: [err.message, err.hint].filter(Boolean).join(' ') };
    } finally {
      if (client !== this.active?.session.client) await client.close();
    }
  }

  /** Tells the app when Plex comes and goes (not on every status check). */
  private plexSeen(connected: boolean, version?: string): void {
    if (this.connected === connected) return;
    this.connected = connected;
    this.emit({ type: 'plex', at: this.now(), connected, ...(version ? { version } : {}) });
  }

  private async runStatus(): Promise<RunStatus | null> {
    const a = this.active;
    if (!a) return null;
    const state = await readLoopState(loopStatePath(a.runDir)).catch(() => null);
    return { runId: a.runId, iteration: a.iteration, phase: a.phase, fixId: a.fixId, progress: a.progress, loop: state ? progressOf(state) : null, stopping: a.stop.signal.aborted };
  }

  private pending(): Pending | null {
    const q = this.question;
    if (!q) return null;
    return q.kind === 'proposal' ? { kind: 'proposal', proposal: q.proposal } : { kind: 'manualRestart', text: q.text };
  }

  /** The newest run that did not end and is not running: "Resume the loop?". */
  private async resumable(): Promise<EngineStatus['resumable']> {
    for (const runId of await runIds(this.config.dataDir)) {
      if (runId === this.active?.runId || this.neverResumable.has(`${this.config.dataDir}\0${runId}`)) continue;
      const state = await stateOf(this.config.dataDir, runId);
      if (!state || state.status !== 'running') {
        if (!state || state.status === 'ended') this.neverResumable.add(`${this.config.dataDir}\0${runId}`);
        continue;
      }
      return { runId, iteration: state.iterations.at(-1)?.iteration ?? 0, phase: state.phase, savedAt: state.updatedAt, summary: whereItStopped(state) };
    }
    return null;
  }

  // ---- actions ----

  async scanLogs(): Promise<ScanSummary> {
    const { logsDir } = this.folders();
    // PGMA logs the token itself: learn it (when Plex has one) to redact it exactly
    await this.credentials().catch(() => null);
    const metrics = await aggregateLogs({ logsDir, secrets: this.knownSecrets(), now: this.clock().now() });
    const dir = join(this.config.dataDir, SCANS_FOLDER);
    await ensureDir(dir);
    await atomicWriteJson(join(dir, `scan-${metrics.generatedAt.replace(/[-:.]/g, '')}.json`), metrics);
    return {
      generatedAt: metrics.generatedAt,
      filesRead: metrics.files.length,
      agents: Object.values(metrics.agents).map((a) => {
        const c = itemCounts(Object.values(a.items));
        return { agent: a.agent, records: a.records, itemsWithOutcome: c.withOutcome, failedItems: c.failed, actionableErrors: actionableErrors(a) };
      }),
      skipped: metrics.skipped.reduce((n, s) => n + s.count, 0),
    };
  }

  async startLoop(): Promise<{ runId: string }> {
    this.assertIdle();
    const { settings } = this.config;
    const folders = this.folders();
    const session = await this.session(settings.serverUrl, folders.logsDir);
    try {
      const { runId, runDir: dir } = await createRun(
        this.config.dataDir,
        {
          pluginsDir: folders.pluginsDir,
          logsDir: folders.logsDir,
          serverUrl: settings.serverUrl,
          preferencesPath: folders.preferencesPath ?? null,
          items: settings.itemsPerTest,
          maxIterations: settings.thresholds.maxIterations,
          plateauPct: settings.thresholds.plateauPct,
          keepPct: settings.thresholds.keepPct,
          monitorPct: settings.thresholds.monitorPct,
          restartOrder: settings.restartOrder,
        },
        this.clock().now(),
      );
      this.launch(runId, dir, session);
      return { runId };
    } catch (err) {
      await session.close();
      throw err;
    }
  }

  async resumeLoop(): Promise<{ runId: string }> {
    this.assertIdle();
    const found = await this.resumable();
    if (!found) throw new UserError('nothing-to-resume', 'There is no interrupted run to resume.', 'Start a new run instead.');
    const dir = runDir(this.config.dataDir, found.runId);
    const state = await readLoopState(loopStatePath(dir));
    const session = await this.session(state.settings.serverUrl, state.settings.logsDir);
    this.launch(found.runId, dir, session);
    return { runId: found.runId };
  }

  async stopLoop(): Promise<null> {
    const a = this.active;
    if (!a) throw new UserError('loop-not-running', 'The loop is not running.', 'There is nothing to stop.');
    a.stop.abort();
    // a question waiting for an answer is a safe point: "no" stops there
    if (this.question?.kind === 'proposal') this.answer('no');
    return null;
  }

  async answerProposal(reply: ProposalReply): Promise<null> {
    const q = this.question;
    if (q?.kind !== 'proposal' || q.proposal.fixId !== reply.fixId) throw new UserError('no-such-question', 'That question is no longer open.', 'Look at the popover for what Agent Doctor is doing now.');
    this.answer(reply.answer);
    return null;
  }

  async continueRestart(): Promise<null> {
    const q = this.question;
    if (q?.kind !== 'manualRestart') throw new UserError('no-restart-asked', 'Agent Doctor is not waiting for a restart of Plex.', 'Look at the popover for what Agent Doctor is doing now.');
    q.answer();
    return null;
  }

  async rollback(ref: FixRef): Promise<RollbackResult> {
    const stopped = await this.stopForRollback();
    const ctx = this.fixContext();
    const done = await rollbackFix({ fixId: ref.fixId, runId: ref.runId, iteration: ref.iteration }, ctx, { reason: 'Rolled back from the Agent Doctor app.' });
    const others = done.rolledBack.filter((f) => f.fixId !== ref.fixId);
    const text = [
      stopped ? 'Stopped the loop first.' : '',
      `Rolled back "${done.rolledBack.at(-1)!.title}": ${done.files.length} ${done.files.length === 1 ? 'file' : 'files'} restored from the backup and checked (sha256).`,
      others.length ? `Rolled back first, because ${others.length === 1 ? 'it changes' : 'they change'} the same files: ${others.map((f) => `"${f.title}"`).join(', ')}.` : '',
      await this.restartAfterRollback([...new Set(done.rolledBack.flatMap((f) => f.identifiers))]),
    ];
    return { ref, files: done.files, text: text.filter(Boolean).join(' ') };
  }

  /** One click on Roll back (a notification, the popover) means "I want this fix gone": a running
   *  loop, which may be working on those very files, is stopped at its next safe point first.
   *  A loop waiting for Plex to be restarted by hand stops only once that is done. */
  private async stopForRollback(): Promise<boolean> {
    const run = this.active;
    if (!run) return false;
    if (this.question?.kind === 'manualRestart') throw new UserError('loop-waiting-for-restart', 'Agent Doctor is waiting for you to restart Plex.', 'Restart Plex and press Continue, then roll the fix back.');
    await this.stopLoop();
    await run.done;
    return true;
  }

  /** Restarts the plug-ins so they run the restored code; says so when Plex cannot be reached. */
  private async restartAfterRollback(identifiers: string[]): Promise<string> {
    let session: PlexSession;
    try {
      session = await this.session(this.config.settings.serverUrl, this.folders().logsDir);
    } catch (err) {
      if (!isUserError(err)) throw err;
      return `Plex could not be reached to restart the agent (${err.message}); restart Plex Media Server for it to run the restored code.`;
    }
    try {
      const v = await restartAndCheck(identifiers, this.fixContext(), {
        plex: { client: session.client, notifications: session.notifications, runner: this.options.runner ?? execFileRunner, clock: this.clock() },
        tailer: session.tailer,
        order: this.config.settings.restartOrder as readonly RestartStrategyId[],
        ...this.options.restart,
      });
      return v.verdict === 'not-restarted' ? `The agent could not be restarted (${v.reason}); restart Plex Media Server for it to run the restored code.` : `Restarted: ${v.reason}`;
    } finally {
      await session.close();
    }
  }

  async getHistory() {
    return history({ dataDir: this.config.dataDir, pluginsDir: this.folders().pluginsDir });
  }

  async getResult(ref: FixRef) {
    return result({ dataDir: this.config.dataDir, pluginsDir: this.folders().pluginsDir }, ref);
  }

  async reportPath(ref: ReportRef): Promise<string> {
    return reportPath(this.config.dataDir, ref);
  }

  reportsFolder(): string {
    return runsDir(this.config.dataDir);
  }

  async discoverToken(): Promise<{ token: string; source: string } | null> {
    // the preferences only: a token in the environment is not this Mac's Plex's to "discover"
    const found = this.remember(await findToken({ env: {}, preferencesPath: this.folders().preferencesPath }));
    return found.token ? { token: found.token, source: describeTokenSource(found.source) } : null;
  }

  async recover(): Promise<{ actions: string[] }> {
    // no Plug-ins folder here: no change can have been interrupted in it
    const actions = await recover(this.fixContext()).catch((err: unknown) => {
      if (isUserError(err) && err.code === 'plex-plugins-missing') return [];
      throw err;
    });
    return { actions: actions.map((r) => r.text) };
  }

  async wake(): Promise<void> {
    this.active?.session.notifications.reconnectNow();
    this.connected = null; // report the connection afresh
    await this.plexStatus();
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async dispose(): Promise<void> {
    const a = this.active;
    if (!a) return;
    a.abort.abort(new UserError('engine-quitting', 'Agent Doctor is quitting.', 'Resume the loop when you open it again.'));
    await a.done;
  }

  // ---- the running loop ----

  private assertIdle(): void {
    if (this.active) throw new UserError('loop-running', `The loop is already running (run ${this.active.runId}).`, 'Stop it first, or wait until it ends.');
  }

  private launch(runId: string, dir: string, session: PlexSession): void {
    const stop = new AbortController();
    const abort = new AbortController();
    const active: Active = { runId, runDir: dir, session, stop, abort, done: Promise.resolve(), iteration: 0, phase: 'idle', fixId: null, progress: null };
    const deps: LoopDeps = {
      dataDir: this.config.dataDir,
      session,
      control: { stop: stop.signal, abort: abort.signal },
      program: 'the Agent Doctor app',
      ...(this.options.lockDir ? { lockDir: this.options.lockDir } : {}),
      ...(this.options.restart ? { restart: this.options.restart } : {}),
      ...(this.options.pass ? { pass: this.options.pass } : {}),
      ports: {
        runner: this.options.runner ?? execFileRunner,
        clock: this.clock(),
        notify: (e) => this.emit(e),
        confirm: (proposal) => this.ask(proposal, abort.signal),
        askRestart: (text, signal) => this.askRestart(text, signal, abort.signal),
      },
    };
    this.active = active;
    active.done = runLoop(dir, deps)
      .then(
        () => undefined,
        (err: unknown) => {
          // the state on disk is the last durable step: the run can be resumed
          const quitting = abort.signal.aborted;
          if (!quitting) this.emit({ type: 'message', at: this.now(), level: 'error', text: isUserError(err) ? [err.message, err.hint].filter(Boolean).join(' ') : `The loop stopped because of an unexpected error: ${(err as Error).message}` });
        },
      )
      .finally(async () => {
        this.settle(active);
        // nobody awaits `done` unless the app is quitting: a failed close must not go unhandled
        await session.close().catch(() => undefined);
      });
  }

  /** The run is over (ended, or stopped by an error or a quit): the engine is idle again. */
  private settle(run: Active): void {
    if (this.active !== run) return;
    this.active = null;
    this.question = null;
  }

  private emit(event: EngineEvent): void {
    const a = this.active;
    // the app may start the next run as soon as it hears this one ended
    if (a && event.type === 'loopEnded' && event.runId === a.runId) this.settle(a);
    if (a && event.type === 'phase' && event.runId === a.runId) Object.assign(a, { iteration: event.iteration, phase: event.phase, fixId: event.fixId ?? null });
    if (a && event.type === 'progress' && event.runId === a.runId) a.progress = { fixId: event.fixId, pass: event.pass, started: event.started, finished: event.finished, total: event.total };
    if (a && event.type === 'phase' && event.phase !== 'test') a.progress = null;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // one listener's failure must not stop the loop or the others
      }
    }
  }

  /** A question of the loop, open until answered; the run being aborted (the app quits) withdraws it. */
  private waitFor<T>(question: (answer: (value: T) => void) => Question, abort: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const withdraw = () => {
        this.question = null;
        reject(abort.reason);
      };
      abort.addEventListener('abort', withdraw, { once: true });
      this.question = question((value) => {
        abort.removeEventListener('abort', withdraw);
        this.question = null;
        resolve(value);
      });
    });
  }

  private ask(proposal: Proposal, abort: AbortSignal): Promise<ProposalAnswer> {
    if (this.active?.stop.signal.aborted) return Promise.resolve('no');
    const answer = this.waitFor<ProposalAnswer>((answer) => ({ kind: 'proposal', proposal, answer }), abort);
    this.emit({ type: 'needsConfirmation', at: this.now(), proposal });
    return answer;
  }

  private answer(a: ProposalAnswer): void {
    const q = this.question;
    if (q?.kind === 'proposal') q.answer(a);
  }

  private askRestart(text: string, signal: AbortSignal, abort: AbortSignal): Promise<void> {
    const done = this.waitFor<void>((answer) => ({ kind: 'manualRestart', text, answer }), abort);
    // Plex came back by itself: the question is over
    signal.addEventListener('abort', () => this.question?.kind === 'manualRestart' && this.question.answer(), { once: true });
    this.emit({ type: 'needsManualRestart', at: this.now(), text });
    return done;
  }
}

/** Where an interrupted run stopped, in plain words. */
function whereItStopped(state: LoopState): string {
  const iter = state.iterations.at(-1);
  const open = iter?.attempts.find((a) => a.stage !== 'done');
  if (open) return `Stopped in iteration ${iter!.iteration} while working on "${open.title}" (${open.stage === 'proposed' ? 'it was being proposed' : `step: ${open.stage}`}).`;
  if (!iter) return 'Stopped while reading the logs, before any change.';
  return `Stopped in iteration ${iter.iteration} (${state.phase}); ${iter.attempts.length} ${iter.attempts.length === 1 ? 'fix' : 'fixes'} done in it.`;
}
