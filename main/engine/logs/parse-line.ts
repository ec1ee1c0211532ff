// Head lines of the two log grammars (agent-logs.md §2 and §5). A line that is not a head
// line is a continuation of the previous record (§3); these functions return null for it.
import type { LocalTime } from './local-time.ts';
import type { LogRecord } from './record.ts';

/** The plug-in grammar (agent-logs.md §2). */
export const PLUGIN_LINE =
  /^(?<ts>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}) \((?<thread>-?[0-9a-f]+)\) : +(?<level>DEBUG|INFO|WARNING|ERROR|CRITICAL) \((?<module>[^:()]+):(?<lineno>\d+)\) - (?<msg>.*)$/;

export const PMS_LINE =
  /^(?<ts>[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2}(?:\.\d{1,6})?) \[(?<thread>[^\]]*)\] (?<level>[A-Z]+) - (?:\[(?<tag>[A-Za-z]+#[^\]]*)\] )?(?<msg>.*)$/;

// PLUGIN_LINE up to the message, without named groups: it runs on every line, and the message
// is simply the rest of the line.
const PLUGIN_HEAD = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}),(\d{3}) \((-?[0-9a-f]+)\) : +(DEBUG|INFO|WARNING|ERROR|CRITICAL) \(([^:()]+):(\d+)\) - /;
const LEVELS: Record<string, string> = { DEBUG: 'DEBUG', INFO: 'INFO', WARNING: 'WARNING', ERROR: 'ERROR', CRITICAL: 'CRITICAL' };

/** `line` → record, or null when it is not a plug-in head line. */
export function parsePluginLine(line: string, source: string, file: string, time: LocalTime): LogRecord | null {
  const c = line.charCodeAt(0);
  if (c < 48 || c > 57) return null;
  const m = PLUGIN_HEAD.exec(line);
  if (!m) return null;
  return {
    source,
    file,
    at: time.pluginStamp(m[1]!, m[2]!),
    thread: m[3]!,
    level: LEVELS[m[4]!]!, // the shared constant: records keep no string of their own for it
    module: m[5]!,
    lineno: Number(m[6]),
    tag: undefined,
    message: line.slice(m[0].length),
    line,
    more: undefined,
  };
}

const MONTHS: Record<string, number> = { Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12 };
const PMS_TS = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

/** `line` → record, or null when it is not a Plex Media Server head line. */
export function parsePmsLine(line: string, source: string, file: string, time: LocalTime): LogRecord | null {
  const c = line.charCodeAt(0);
  if (c < 65 || c > 90) return null;
  const m = PMS_LINE.exec(line);
  if (!m) return null;
  const g = m.groups!;
  const t = PMS_TS.exec(g.ts!)!;
  const month = MONTHS[t[1]!];
  if (month === undefined) return null;
  const ms = t[7] ? Math.floor(Number(t[7].padEnd(6, '0')) / 1000) : 0;
  return {
    source,
    file,
    at: new Date(time.toEpoch(Number(t[3]), month, Number(t[2]), Number(t[4]), Number(t[5]), Number(t[6]), ms)).toISOString(),
    thread: g.thread!,
    level: g.level!,
    module: '',
    lineno: 0,
    tag: g.tag,
    message: g.msg!,
    line,
    more: undefined,
  };
}

export type HeadParser = typeof parsePluginLine;
