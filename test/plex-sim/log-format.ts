// The two log grammars of agent-logs.md, written the way Plex writes them: the plug-in
// framework's Python logging format and the main server's format. Local time, no zone.

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export type PluginLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

/** `2026-02-01 11:03:02,629` */
export function pluginTimestamp(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())},${pad(d.getMilliseconds(), 3)}`;
}

/** One record: `%(asctime)-15s (%(thread)x) :  %(levelname)s (%(module)s:%(lineno)d) - %(message)s`,
 *  plus continuation lines (tracebacks) after it. */
export interface PluginRecord {
  level: PluginLevel;
  module: string;
  lineno: number;
  msg: string;
  /** traceback frames and the exception line, written after the head line */
  more?: string[];
}

export function formatPluginRecord(at: Date, thread: string, r: PluginRecord): string {
  const head = `${pluginTimestamp(at)} (${thread}) :  ${r.level} (${r.module}:${r.lineno}) - ${r.msg}`;
  return r.more?.length ? [head, ...r.more].join('\n') : head;
}

/** `Feb 01, 2026 11:05:20.123` */
export function pmsTimestamp(d: Date): string {
  return `${MONTHS[d.getMonth()]} ${pad(d.getDate())}, ${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatPmsLine(at: Date, thread: string, level: 'DEBUG' | 'VERBOSE' | 'INFO' | 'WARN' | 'ERROR', msg: string): string {
  return `${pmsTimestamp(at)} [${thread}] ${level} - ${msg}`;
}
