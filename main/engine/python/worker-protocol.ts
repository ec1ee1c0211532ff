// Messages between the checker (main thread) and its worker. Types only: the worker bundle
// must not share runtime code with the main bundle.
import type { CheckResult } from './finding.ts';

export interface WorkerConfig {
  /** folder holding both wasm files; undefined → node_modules */
  wasmDir: string | undefined;
}

export interface CheckJob {
  id: number;
  source: Uint8Array;
  original: Uint8Array | undefined;
  sandbox: boolean;
  /** how long the worker may spend before giving up on its own */
  budgetMs: number;
}

export type WorkerMessage =
  | { kind: 'ready' }
  | { kind: 'startup-failed'; message: string }
  | { kind: 'result'; id: number; result: CheckResult }
  | { kind: 'failed'; id: number; deadline: boolean; message: string };
