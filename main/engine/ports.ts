// The engine's small injected ports (design.md): the same engine code runs in the app, the
// CLI, the demo and the tests, each passing its own implementations.
import { execFile } from 'node:child_process';
import type { EngineEvent } from '../../shared/events.ts';
import type { Proposal, ProposalAnswer } from '../../shared/proposal.ts';

export interface Clock {
  now(): Date;
  /** for backoff and poll intervals only — never to "wait for Plex" (lessons #15) */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const t = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(t);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface RunResult {
  /** exit code; null when killed by a signal or the command could not start */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program with an argv array. Never a shell string, never sudo. */
export type Runner = (file: string, argv: readonly string[], options?: { timeoutMs?: number }) => Promise<RunResult>;

export const execFileRunner: Runner = (file, argv, options = {}) =>
  new Promise((resolve) => {
    execFile(file, [...argv], { timeout: options.timeoutMs ?? 30_000, encoding: 'utf8', shell: false }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null) : 0;
      resolve({ code, stdout: String(stdout ?? ''), stderr: String(stderr ?? (err ? err.message : '')) });
    });
  });

export type Confirm = (proposal: Proposal) => Promise<ProposalAnswer>;
export type Notify = (event: EngineEvent) => void;
