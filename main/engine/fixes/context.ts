// What every operation of the fixes module is given: the folders, and the ports that make it
// testable — free space, the clock, and the step observer a crash test kills the process from.
import { basename, dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { systemClock, type Clock } from '../ports.ts';
import { UserError } from '../errors.ts';
import { systemDiskSpace, type DiskSpace } from './disk-space.ts';
import { RUN_ID } from '../../../shared/ipc.ts';

/** Told each durable step by name once it is on disk (e.g. "apply:renamed-2"); may be async. */
export type StepObserver = (step: string) => void | Promise<void>;

export interface FixContext {
  /** the Plug-ins folder of Plex Media Server */
  pluginsDir: string;
  /** Agent Doctor's data folder (design.md `<data>`): journal and the list of applied fixes */
  dataDir: string;
  /** where the Plug-ins lock lives; one place for the app and the CLI whatever their data folder */
  lockDir?: string;
  disk?: DiskSpace;
  clock?: Clock;
  onStep?: StepObserver;
  /** who works on the folder, in words ("agent-doctor implement", "the Agent Doctor app") */
  program?: string;
  /** exact secrets (the Plex token) to redact from everything written */
  secrets?: readonly string[];
}

/** A context inside one iteration of one run: `<data>/runs/<run-id>/iteration_<N>`. */
export interface IterationContext extends FixContext {
  iterationDir: string;
}

export interface RunPosition {
  runId: string;
  iteration: number;
}

export const defaultLockDir = (): string => join(tmpdir(), 'agent-doctor-locks');

export const resolved = (ctx: FixContext) => ({
  clock: ctx.clock ?? systemClock,
  disk: ctx.disk ?? systemDiskSpace,
  onStep: ctx.onStep ?? (() => undefined),
  lockDir: ctx.lockDir ?? defaultLockDir(),
  program: ctx.program ?? 'Agent Doctor',
  secrets: ctx.secrets ?? [],
});

/** runId and iteration from an iteration folder's path (design.md, Files a run writes). */
export function runPosition(iterationDir: string): RunPosition {
  const m = /^iteration_([1-9]\d{0,3})$/.exec(basename(iterationDir));
  const runId = basename(dirname(iterationDir));
  if (!m || !RUN_ID.test(runId)) {
    throw new UserError('bad-iteration-folder', `${iterationDir} is not an iteration folder (<data>/runs/<run-id>/iteration_<N>).`, 'This is a bug in the caller; please report it.');
  }
  return { runId, iteration: Number(m[1]) };
}

/** `YYYYMMDD_HHMMSS` in UTC (lessons #22: store UTC), for backup folder names. */
export function compactUtc(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}
