// Did a plug-in (re)load? Only its own start markers say so (agent-logs.md §9, lessons #7,
// #13): `Starting framework core` opens an attempt, `Started plug-in` ends it well;
// `Exception starting plug-in` or `Exception while loading code` end it badly, and the reason
// is the line that says why (RestrictedPython's `SyntaxError: Line N: "<name>" …`).
import type { LogRecord } from './record.ts';
import { redactForOutput } from './redact-line.ts';

export type PluginLoadState = 'started' | { failed: string } | 'none';

export interface PluginStart {
  /** UTC ISO of the line that decided */
  at: string;
  ok: boolean;
  reason?: string;
}

const FAILURE = /^(?:Exception starting plug-in|Exception while loading code)\b/;
const SYNTAX = /SyntaxError: Line \d+:.*/;

export class PluginStartTracker {
  private readonly done: PluginStart[] = [];
  /** the attempt in progress: started at, or failed with a reason */
  private current: { at: string; result: PluginStart | null } | null = null;

  add(r: LogRecord): void {
    const m = r.message;
    const isError = r.level === 'CRITICAL' || r.level === 'ERROR';
    if (!isError && m.charCodeAt(0) !== 83) return; // every line sees this: most are neither "S…" nor errors
    if (m.startsWith('Starting framework core')) {
      this.current = { at: r.at, result: null };
    } else if (m.startsWith('Started plug-in')) {
      // a failure in the same attempt stands: the code that failed to load is not running
      if (this.current?.result?.ok === false) return;
      this.settle({ at: r.at, ok: true });
    } else if (isError && FAILURE.test(m)) {
      if (this.current?.result?.ok === false) return;
      this.settle({ at: r.at, ok: false, reason: failureReason(r) });
    }
  }

  /** Every attempt that ended, oldest first. */
  starts(): PluginStart[] {
    return [...this.done];
  }

  /** The latest attempt: started, failed (with why), or nothing decided yet. */
  state(): PluginLoadState {
    const last = this.current ? this.current.result : (this.done.at(-1) ?? null);
    if (!last) return 'none';
    return last.ok ? 'started' : { failed: last.reason ?? 'the plug-in did not start' };
  }

  private settle(result: PluginStart): void {
    if (this.current?.result) this.done.pop(); // replace the earlier verdict of the same attempt
    this.current = { at: this.current?.at ?? result.at, result };
    this.done.push(result);
  }
}

/** The line that says why: the RestrictedPython SyntaxError, else the exception line that
 *  ends the traceback, else the message itself. Redacted: it is shown and stored. */
export function failureReason(r: LogRecord): string {
  const lines = r.more ?? [];
  const syntax = lines.map((l) => SYNTAX.exec(l)?.[0]).find((l) => l !== undefined);
  const last = [...lines].reverse().find((l) => l.trim() !== '');
  return redactForOutput((syntax ?? last ?? r.message).trim());
}

/** The load state of plug-in `identifier` (e.g. `com.plexapp.agents.GEVI`) in `records` —
 *  typically the records a tailer read since the plug-in was restarted. */
export function pluginLoadState(records: Iterable<LogRecord>, identifier: string): PluginLoadState {
  const tracker = new PluginStartTracker();
  const wanted = identifier.toLowerCase();
  for (const r of records) if (r.source.toLowerCase() === wanted) tracker.add(r);
  return tracker.state();
}
