// What one run of the loop works with: the Plex session, the ports (design.md: confirm, notify,
// run, clock, events), the stop and abort signals, and the run's state, saved after every
// transition. Every step of the loop receives this one object.
import { join } from 'node:path';
import type { Phase } from '../../../shared/events.ts';
import type { Metrics } from '../../../shared/metrics.ts';
import { redact } from '../../../shared/redact.ts';
import { systemClock, type Clock, type Confirm, type Notify, type Runner } from '../ports.ts';
import type { IterationContext, RestartDeps, StepObserver } from '../fixes/index.ts';
import type { RestartStrategyId } from '../plex/index.ts';
import type { PlexSession } from '../service/plex-session.ts';
import { readJsonFile } from '../util/json-file.ts';
import type { PassOptions, VerifyContext } from '../verify/index.ts';
import { MetricsSchema } from '../../../shared/metrics.ts';
import { UserError } from '../errors.ts';
import type { Exit } from './exit-conditions.ts';
import type { LoopProgress } from './progress.ts';
import { iterationFolder } from './run-files.ts';
import { writeLoopState, type IterationRecord, type LoopState } from './state.ts';

export interface LoopPorts {
  /** fixes, propagations and the rollback offered after a regression are all asked here */
  confirm: Confirm;
  notify: Notify;
  /** restart commands (launchctl, open, osascript…) */
  runner: Runner;
  clock?: Clock;
  /** the manual restart: show `text`, resolve when the person says Plex runs again */
  askRestart?: (text: string, signal: AbortSignal) => Promise<void>;
  /** after every iteration, with the exit it led to (null: the loop goes on). The CLI prints the
   *  progress block and may ask "Continue?"; false ends the loop as a stop asked for by the person */
  afterIteration?: (iteration: number, progress: LoopProgress, ending: Exit | null) => Promise<boolean>;
}

export interface LoopControl {
  /** a stop was asked for: the loop ends at the next safe point, with its final report */
  stop: AbortSignal;
  /** stop now (the app quits, Ctrl+C twice): what was durable stays, the run can be resumed */
  abort: AbortSignal;
}

export interface LoopDeps {
  /** Agent Doctor's data folder (design.md `<data>`) */
  dataDir: string;
  session: PlexSession;
  ports: LoopPorts;
  control: LoopControl;
  /** where the Plug-ins lock lives (tests use their own) */
  lockDir?: string;
  /** who works on the Plug-ins folder, in words, for the lock */
  program?: string;
  /** told each durable step of a change by name (crash tests kill the process there) */
  onStep?: StepObserver;
  /** restart waits (tests shorten them) */
  restart?: Pick<RestartDeps, 'timeouts' | 'pollIntervalMs'>;
  /** refresh polling interval and concurrency (tests shorten them) */
  pass?: Pick<PassOptions, 'pollIntervalMs' | 'concurrency' | 'connectTimeoutMs'>;
  timeZone?: string;
}

export class Run {
  readonly deps: LoopDeps;
  readonly runDir: string;
  readonly clock: Clock;
  state: LoopState;
  private readonly metricsCache = new Map<number, Metrics>();

  constructor(deps: LoopDeps, runDir: string, state: LoopState) {
    this.deps = deps;
    this.runDir = runDir;
    this.state = state;
    this.clock = deps.ports.clock ?? systemClock;
  }

  get settings(): LoopState['settings'] {
    return this.state.settings;
  }

  get secrets(): string[] {
    return this.deps.session.secrets;
  }

  now(): string {
    return this.clock.now().toISOString();
  }

  /** Writes the state as it is now (atomically): the last durable step. */
  async save(): Promise<void> {
    this.state.updatedAt = this.now();
    await writeLoopState(this.runDir, this.state);
  }

  /** Enters a phase: saved, then told. */
  async phase(phase: Phase, iteration: number, fixId: string | null = null): Promise<void> {
    this.state.phase = phase;
    this.state.fixId = fixId;
    await this.save();
    this.deps.ports.notify({ type: 'phase', at: this.now(), runId: this.state.runId, iteration, phase, ...(fixId ? { fixId } : {}) });
  }

  say(text: string, level: 'info' | 'warn' | 'error' = 'info'): void {
    this.deps.ports.notify({ type: 'message', at: this.now(), level, text: redact(text, this.secrets) });
  }

  iterationDir(iteration: number): string {
    return join(this.runDir, iterationFolder(iteration));
  }

  /** A path inside the run folder as the state keeps it (relative, '/'-separated). */
  relative(iteration: number, file: string): string {
    return `${iterationFolder(iteration)}/${file}`;
  }

  fixContext(iteration: number): IterationContext {
    return {
      pluginsDir: this.settings.pluginsDir,
      dataDir: this.deps.dataDir,
      iterationDir: this.iterationDir(iteration),
      clock: this.clock,
      program: this.deps.program ?? 'the Agent Doctor loop',
      secrets: this.secrets,
      ...(this.deps.lockDir ? { lockDir: this.deps.lockDir } : {}),
      ...(this.deps.onStep ? { onStep: this.deps.onStep } : {}),
    };
  }

  verifyContext(): VerifyContext {
    const { client, notifications, tailer } = this.deps.session;
    return { client, notifications, tailer, clock: this.clock, notify: this.deps.ports.notify, runId: this.state.runId, secrets: this.secrets, ...(this.deps.timeZone ? { timeZone: this.deps.timeZone } : {}) };
  }

  thresholds(): { keepPct: number; monitorPct: number } {
    return { keepPct: this.settings.keepPct, monitorPct: this.settings.monitorPct };
  }

  passOptions(): PassOptions {
    return { timeoutMs: this.settings.itemTimeoutMs, signal: this.deps.control.abort, ...this.deps.pass };
  }

  restartDeps(): RestartDeps {
    const { client, notifications, tailer } = this.deps.session;
    const askUser = this.deps.ports.askRestart;
    return {
      plex: { client, notifications, runner: this.deps.ports.runner, clock: this.clock, ...(askUser ? { askUser } : {}) },
      tailer,
      order: this.settings.restartOrder as readonly RestartStrategyId[],
      signal: this.deps.control.abort,
      ...this.deps.restart,
    };
  }

  /** The metrics an iteration works from (its fixes' test items come from them). */
  async metricsOf(iteration: IterationRecord): Promise<Metrics> {
    const cached = this.metricsCache.get(iteration.iteration);
    if (cached) return cached;
    const path = join(this.runDir, ...iteration.metricsFile.split('/'));
    const metrics = await readJsonFile(path, MetricsSchema, 'metrics of the iteration');
    if (!metrics) throw new UserError('loop-metrics-missing', `The metrics of iteration ${iteration.iteration} (${path}) are missing.`, 'They were moved or deleted; this run cannot go on. Start a new run.');
    this.metricsCache.set(iteration.iteration, metrics);
    return metrics;
  }

  stopRequested(): boolean {
    return this.deps.control.stop.aborted || this.deps.control.abort.aborted;
  }

  /** Throws when the run must stop now (abort); a requested stop waits for a safe point. */
  checkAbort(): void {
    this.deps.control.abort.throwIfAborted();
  }
}
