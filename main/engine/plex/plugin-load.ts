// Did the plug-in load after a restart? Only its own log, written after the restart, can say
// (lessons #7, #13): "Started plug-in" from the framework core means loaded; "Exception starting
// plug-in", "Exception while loading code" or a SyntaxError means it failed, and why.
import { systemClock, type Clock } from '../ports.ts';

/** Raw log lines of one plug-in, written after a mark. The engine backs it with the logs
 *  Tailer (it follows rotation: a plug-in start moves the old log to .log.1). */
export interface PluginLogProbe<M = unknown> {
  mark(identifier: string): Promise<M>;
  since(mark: M): Promise<string[]>;
}

export type PluginLoadResult =
  | { state: 'started'; line: string }
  | { state: 'failed'; reason: string; lines: string[] }
  /** no decisive line within the wait: the plug-in may start only when first used */
  | { state: 'no-log'; waitedMs: number };

const STARTED = /\) : +INFO \(core:\d+\) - Started plug-in\s*$/;
const FAILED = /\) : +(?:CRITICAL|ERROR) \([a-z_]+:\d+\) - (Exception (?:starting plug-in|while loading code))/;
const SYNTAX_ERROR = /^\s*SyntaxError: .+/;
const PLUGIN_HEAD = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} \(-?[0-9a-f]+\) : /;

/** undefined: nothing decisive yet. A failure wins over a start seen in the same lines. */
export function classifyPluginLoad(lines: readonly string[]): Exclude<PluginLoadResult, { state: 'no-log' }> | undefined {
  const failAt = lines.findIndex((l) => FAILED.test(l) || SYNTAX_ERROR.test(l));
  if (failAt >= 0) {
    const end = lines.findIndex((l, i) => i > failAt && PLUGIN_HEAD.test(l));
    const record = lines.slice(failAt, end < 0 ? undefined : end);
    const syntax = lines.slice(failAt).find((l) => SYNTAX_ERROR.test(l));
    const marker = FAILED.exec(lines[failAt]!)?.[1];
    const last = record.length > 1 ? record[record.length - 1]!.trim() : undefined;
    return { state: 'failed', reason: (syntax ?? last ?? marker ?? lines[failAt]!).trim(), lines: record };
  }
  const started = lines.find((l) => STARTED.test(l));
  return started ? { state: 'started', line: started } : undefined;
}

export interface PluginLoadWait {
  timeoutMs: number;
  pollIntervalMs?: number;
  clock?: Clock;
  signal?: AbortSignal;
}

/** Polls the probe until the log decides, or `timeoutMs` passes (→ `no-log`). */
export async function waitForPluginLoad<M>(probe: PluginLogProbe<M>, mark: M, { timeoutMs, pollIntervalMs = 500, clock = systemClock, signal }: PluginLoadWait): Promise<PluginLoadResult> {
  const started = Date.now();
  for (;;) {
    const result = classifyPluginLoad(await probe.since(mark));
    if (result) return result;
    const waited = Date.now() - started;
    if (waited >= timeoutMs) return { state: 'no-log', waitedMs: waited };
    await clock.sleep(Math.min(pollIntervalMs, timeoutMs - waited), signal);
  }
}
