// One log record: a head line (plug-in or PMS grammar, agent-logs.md §2, §5) plus the
// continuation lines that followed it in the same file (tracebacks, multi-line text, §3).

export interface LogRecord {
  /** the log it came from, whatever the file is called now: the plug-in identifier
   *  (`com.plexapp.agents.GEVI`, `com.plexapp.system`) or `Plex Media Server` */
  source: string;
  /** the file the head line was read from, relative to the logs folder */
  file: string;
  /** UTC, ISO 8601 with milliseconds (the log's local time converted with its time zone) */
  at: string;
  /** thread id as logged (hex on plug-ins, `0x…` or decimal on PMS); meaningful within one source */
  thread: string;
  /** as logged: DEBUG INFO WARNING ERROR CRITICAL (plug-ins) · DEBUG VERBOSE INFO WARN ERROR (PMS) */
  level: string;
  /** plug-ins: the Python module (`networking`, `sandbox`, `utils`…); PMS: '' */
  module: string;
  /** plug-ins: the Python line number (drifts between versions: never match on it); PMS: 0 */
  lineno: number;
  /** PMS only: the request tag, e.g. `Req#27ea/HCl#ff` */
  tag: string | undefined;
  /** the message of the head line */
  message: string;
  /** the head line as read (CR removed) */
  line: string;
  /** continuation lines, when there are any */
  more: string[] | undefined;
}

/** The record as it stood in the file: head line and continuation lines. */
export function recordText(r: Pick<LogRecord, 'line' | 'more'>): string {
  return r.more ? `${r.line}\n${r.more.join('\n')}` : r.line;
}

/** Message plus continuation lines: what the signature rules search. */
export function messageText(r: Pick<LogRecord, 'message' | 'more'>): string {
  return r.more ? `${r.message}\n${r.more.join('\n')}` : r.message;
}
