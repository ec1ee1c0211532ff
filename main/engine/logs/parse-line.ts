// Head lines of the two log grammars (agent-logs.md §2 and §5). A line that is not a head
// line is a continuation of the previous record (§3); these functions return null for it.
import type { LocalTime } from './local-time.ts';
import type { LogRecord } from './record.ts';
import { BRIEF_DEBUG, BRIEF_INFO } from './brief-lines.ts';

/** The plug-in grammar (agent-logs.md §2). */
export const PLUGIN_LINE =
  /^(?<ts>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}) \((?<thread>-?[0-9a-f]+)\) : +(?<level>DEBUG|INFO|WARNING|ERROR|CRITICAL) \((?<module>[^:()]+):(?<lineno>\d+)\) - (?<msg>.*)$/;

export const PMS_LINE =
  /^(?<ts>[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2}(?:\.\d{1,6})?) \[(?<thread>[^\]]*)\] (?<level>[A-Z]+) - (?:\[(?<tag>[A-Za-z]+#[^\]]*)\] )?(?<msg>.*)$/;

// PLUGIN_LINE up to the message, written for the line it runs on: every line of every log.
// It captures only the thread, module and line number (the time is read from its fixed place
// in the line, the message is the rest of the line), and says the level with an empty group
// per level (an empty capture allocates nothing). The first two level groups are DEBUG and
// INFO lines whose message is brief (brief-lines.ts): one pass tells both.
const PLUGIN_HEAD = new RegExp(
  String.raw`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} \((-?[0-9a-f]+)\) : +` +
    String.raw`(?:DEBUG()(?= \([^:()]+:\d+\) - ${BRIEF_DEBUG})|INFO()(?= \([^:()]+:\d+\) - ${BRIEF_INFO})|DEBUG()|INFO()|WARNING()|ERROR()|CRITICAL())` +
    String.raw` \(([^:()]+):(\d+)\) - `,
);
const THREAD = 1;
/** the level of each level group, from group 2 on; records share these strings rather than keep their own */
const LEVEL_OF_GROUP = ['', '', 'DEBUG', 'INFO', 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];
const FIRST_LEVEL_GROUP = 2;
const FIRST_FULL_GROUP = 4;
const MODULE = LEVEL_OF_GROUP.length;
const LINENO = MODULE + 1;

/** Takes a brief line (brief-lines.ts) without a record; false: the record is wanted after all. */
export type BriefTaker = (line: string) => boolean;
/** A head parser's answer for a line its BriefTaker took. */
export const TAKEN = Symbol('taken brief');

/** `line` → record, or null when it is not a plug-in head line. With `brief`, a brief line is
 *  offered to it first; when it takes the line, the answer is TAKEN. */
export function parsePluginLine(line: string, source: string, file: string, time: LocalTime): LogRecord | null;
export function parsePluginLine(line: string, source: string, file: string, time: LocalTime, brief: BriefTaker | undefined): LogRecord | null | typeof TAKEN;
export function parsePluginLine(line: string, source: string, file: string, time: LocalTime, brief?: BriefTaker): LogRecord | null | typeof TAKEN {
  const c = line.charCodeAt(0);
  if (c < 48 || c > 57) return null;
  const m = PLUGIN_HEAD.exec(line);
  if (!m) return null;
  let g = FIRST_LEVEL_GROUP;
  while (m[g] === undefined) g++;
  if (brief && g < FIRST_FULL_GROUP && brief(line)) return TAKEN;
  return {
    source,
    file,
    at: time.pluginLineStamp(line),
    thread: m[THREAD]!,
    level: LEVEL_OF_GROUP[g]!,
    module: m[MODULE]!,
    lineno: Number(m[LINENO]),
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

/** A grammar's head-line parser; the PMS grammar has no brief lines and ignores `brief`. */
export type HeadParser = (line: string, source: string, file: string, time: LocalTime, brief: BriefTaker | undefined) => LogRecord | null | typeof TAKEN;
