// The checker as the rest of the engine sees it: an async check of one file, run in a worker
// thread that can be ended (python-check.md §3). One worker, reused across checks, one check
// at a time; it is replaced after a large input (WebAssembly memory never shrinks), after
// `recycleAfterChecks` checks, and after a timeout or crash. While idle it does not keep
// the process alive.
import { Worker } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../errors.ts';
import type { CheckResult } from './finding.ts';
import { CheckResultSchema } from './result-schema.ts';
import { sandboxAppliesTo } from './sandbox-scope.ts';
import type { CheckJob, WorkerConfig, WorkerMessage } from './worker-protocol.ts';

export interface PythonCheckerOptions {
  /** folder with web-tree-sitter.wasm and tree-sitter-python.wasm (the app: `<resources>/wasm`); default node_modules */
  wasmDir?: string;
  /** the worker script; default worker.ts beside this file, or python-worker.mjs beside the bundle */
  workerUrl?: URL;
  /** inputs above this many bytes are refused (default 2 MB) */
  maxBytes?: number;
  /** time for one check, original included (default 10 s); the worker is ended shortly after */
  timeoutMs?: number;
  /** replace the worker after this many checks (default 200) */
  recycleAfterChecks?: number;
  /** replace the worker after checking an input larger than this (default 1 MB) */
  recycleAboveBytes?: number;
}

export interface CheckOptions {
  /** the file before the edit: only findings the edit adds can make `ok` false */
  original?: string | Uint8Array;
  /** where the file lives (relative to the Plug-ins folder or absolute): Plex's sandbox rules
   *  apply only under a bundle's Contents/Code/. Without a path they apply (the strict choice). */
  path?: string;
  /** apply Plex's sandbox rules or not, whatever the path says */
  sandbox?: boolean;
}

export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;
/** grace between the worker's own deadline and ending it */
const HARD_STOP_GRACE_MS = 2_000;

interface Pending {
  id: number;
  resolve: (result: CheckResult) => void;
  reject: (err: Error) => void;
}

export class PythonChecker {
  private readonly options: Required<Omit<PythonCheckerOptions, 'wasmDir'>> & Pick<PythonCheckerOptions, 'wasmDir'>;
  private worker: Worker | undefined;
  private started: Promise<void> | undefined;
  private pending: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private checksOnWorker = 0;
  /** a check is running: the worker keeps the process alive until it answers */
  private busy = false;
  private nextId = 1;
  /** how many workers this checker has started (a recycled worker counts again) */
  workersStarted = 0;

  constructor(options: PythonCheckerOptions = {}) {
    this.options = {
      wasmDir: options.wasmDir,
      workerUrl: options.workerUrl ?? defaultWorkerUrl(),
      maxBytes: options.maxBytes ?? MAX_SOURCE_BYTES,
      timeoutMs: options.timeoutMs ?? 10_000,
      recycleAfterChecks: options.recycleAfterChecks ?? 200,
      recycleAboveBytes: options.recycleAboveBytes ?? 1024 * 1024,
    };
  }

  /** Checks `source` as Python 2.7 (and Plex's sandbox, depending on `path`). */
  check(source: string | Uint8Array, options: CheckOptions = {}): Promise<CheckResult> {
    let job: Omit<CheckJob, 'id' | 'budgetMs'>;
    try {
      const bytes = this.admit(source, 'file');
      const original = options.original === undefined ? undefined : this.admit(options.original, 'original file');
      job = { source: bytes, original, sandbox: options.sandbox ?? sandboxAppliesTo(options.path) };
    } catch (err) {
      return Promise.reject(err);
    }
    const run = this.queue.then(() => this.run(job));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Starts the worker now (otherwise the first check does); resolves once the parser is loaded. */
  start(): Promise<void> {
    if (!this.started) this.spawn();
    return this.started!;
  }

  /** Ends the worker. The checker can still be used: the next check starts a new one. */
  async close(): Promise<void> {
    await this.queue;
    await this.stop();
  }

  private admit(source: string | Uint8Array, what: string): Uint8Array {
    const bytes = typeof source === 'string' ? new TextEncoder().encode(source) : source;
    if (bytes.byteLength > this.options.maxBytes) {
      throw new UserError(
        'python-file-too-large',
        `The ${what} is ${formatMB(bytes.byteLength)}; the Python checker reads files up to ${formatMB(this.options.maxBytes)}.`,
        'Plex agent code files are well under 0.5 MB: check that this is the right file.',
      );
    }
    return bytes;
  }

  private async run(job: Omit<CheckJob, 'id' | 'budgetMs'>): Promise<CheckResult> {
    let timer: NodeJS.Timeout | undefined;
    try {
      this.busy = true;
      this.worker?.ref();
      await this.start();
      const worker = this.worker!;
      const id = this.nextId++;
      const result = await new Promise<CheckResult>((resolve, reject) => {
        this.pending = { id, resolve, reject };
        timer = setTimeout(() => {
          reject(timeoutError(this.options.timeoutMs));
          void this.stop();
        }, this.options.timeoutMs + HARD_STOP_GRACE_MS);
        worker.postMessage({ ...job, id, budgetMs: this.options.timeoutMs } satisfies CheckJob);
      });
      this.checksOnWorker++;
      const large = job.source.byteLength + (job.original?.byteLength ?? 0) > this.options.recycleAboveBytes;
      if (large || this.checksOnWorker >= this.options.recycleAfterChecks) await this.stop();
      return result;
    } finally {
      clearTimeout(timer);
      this.pending = undefined;
      this.busy = false;
      this.worker?.unref();
    }
  }

  private spawn(): void {
    const config: WorkerConfig = { wasmDir: this.options.wasmDir };
    const worker = new Worker(this.options.workerUrl, { workerData: config });
    this.worker = worker;
    this.workersStarted++;
    this.checksOnWorker = 0;
    this.started = new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => {
        if (this.worker === worker) this.forget();
        reject(err);
        this.pending?.reject(err);
      };
      worker.on('message', (message: WorkerMessage) => {
        if (message.kind === 'ready') {
          if (!this.busy) worker.unref();
          resolve();
        }
        else if (message.kind === 'startup-failed') {
          fail(new UserError('python-checker-unavailable', `The Python checker could not start: ${message.message}`, 'Reinstall Agent Doctor: its parser files (web-tree-sitter.wasm, tree-sitter-python.wasm) are missing or damaged.'));
          void worker.terminate();
        } else this.reply(message);
      });
      worker.on('error', (err) => fail(crashError(err.message)));
      worker.on('exit', (code) => {
        if (this.worker === worker) fail(crashError(`exit code ${code}`));
      });
    });
    // the first check awaits `started`; a failed start must not become an unhandled rejection
    this.started.catch(() => undefined);
  }

  private reply(message: Extract<WorkerMessage, { kind: 'result' | 'failed' }>): void {
    const pending = this.pending;
    if (!pending || pending.id !== message.id) return;
    if (message.kind === 'result') {
      const parsed = CheckResultSchema.safeParse(message.result);
      if (parsed.success) pending.resolve(parsed.data);
      else pending.reject(new UserError('python-check-failed', `The Python checker answered in an unexpected shape (${parsed.error.issues[0]?.message ?? 'invalid'}).`, 'Nothing was changed. Please report this.'));
    } else if (message.deadline) {
      pending.reject(timeoutError(this.options.timeoutMs));
      void this.stop();
    } else {
      pending.reject(new UserError('python-check-failed', `The Python checker failed on this file: ${message.message.split('\n')[0]}`, 'Nothing was changed. Please report this together with the file.'));
    }
  }

  private forget(): void {
    this.worker = undefined;
    this.started = undefined;
  }

  private async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.forget();
    await worker.terminate();
  }
}

/** Where the worker script is: beside this module when running the sources, beside the bundle in the app. */
function defaultWorkerUrl(): URL {
  const here = import.meta.filename;
  return pathToFileURL(join(dirname(here), here.endsWith('.ts') ? 'worker.ts' : 'python-worker.mjs'));
}

function formatMB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function timeoutError(ms: number): UserError {
  return new UserError('python-check-timeout', `Checking the file took longer than ${ms / 1000} s, so the check was stopped.`, 'Nothing was changed. Try again; if it happens again, the file is unusually large or complex.');
}

function crashError(reason: string): UserError {
  return new UserError('python-checker-crashed', `The Python checker stopped unexpectedly (${reason}).`, 'Nothing was changed. Try again.');
}

let shared: PythonChecker | undefined;

/** Replaces the checker behind checkPython() (the app passes its wasm folder and worker file). */
export async function configurePythonChecker(options: PythonCheckerOptions): Promise<void> {
  const previous = shared;
  shared = new PythonChecker(options);
  await previous?.close();
}

/** Checks Python 2.7 source for Plex (python-check.md): see PythonChecker.check. */
export function checkPython(source: string | Uint8Array, options: CheckOptions = {}): Promise<CheckResult> {
  shared ??= new PythonChecker();
  return shared.check(source, options);
}
