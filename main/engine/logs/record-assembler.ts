// Lines of one file → records (agent-logs.md §3): a line that is not a head line belongs to
// the previous record of the same file and inherits its time and thread.
import type { SkipReason } from '../../../shared/metrics.ts';
import type { LineSink } from './line-splitter.ts';
import type { LocalTime } from './local-time.ts';
import { TAKEN, type BriefTaker, type HeadParser } from './parse-line.ts';
import type { LogRecord } from './record.ts';

/** A record keeps at most this much continuation text (a real traceback is a few KB);
 *  the rest is counted as skipped so one runaway record cannot exhaust memory. */
export const MAX_CONTINUATION_CHARS = 256 * 1024;

export interface RecordSink {
  /** a head line was read: the record may still receive continuation lines */
  opened?(record: LogRecord): void;
  /** the record is complete */
  closed(record: LogRecord): void;
  skip(reason: SkipReason): void;
  /** A head line that only needs counting (brief-lines.ts), offered without a record after
   *  the record before it was closed; false: the sink wants the record after all. */
  brief?(line: string): boolean;
}

export interface AssemblerOptions {
  parse: HeadParser;
  source: string;
  /** relative to the logs folder */
  file: string;
  time: LocalTime;
  sink: RecordSink;
  /** reading resumes inside the file: continuation lines before the first head line belong
   *  to a record that was read before, so they are neither kept nor counted as skipped */
  resumed?: boolean;
}

export class RecordAssembler implements LineSink {
  private current: LogRecord | null = null;
  /** the last head line was taken brief: its continuation lines are not kept */
  private inBrief = false;
  private moreChars = 0;
  private leading: boolean;
  private readonly o: AssemblerOptions;
  private readonly takeBrief: BriefTaker | undefined;

  constructor(options: AssemblerOptions) {
    this.o = options;
    this.leading = options.resumed ?? false;
    const sink = options.sink;
    this.takeBrief = sink.brief && ((line) => {
      this.close(); // the sink sees records in order: the one before this line comes first
      return sink.brief!(line);
    });
  }

  get hasOpenRecord(): boolean {
    return this.current !== null || this.inBrief;
  }

  /** The file was renamed (rotation): records read from now on carry the new name. */
  renamed(file: string): void {
    this.o.file = file;
  }

  line(text: string): void {
    const record = this.o.parse(text, this.o.source, this.o.file, this.o.time, this.takeBrief);
    if (record === TAKEN) {
      this.inBrief = true;
      this.moreChars = 0;
      this.leading = false;
      return;
    }
    if (record) {
      this.close();
      this.current = record;
      this.moreChars = 0;
      this.leading = false;
      this.o.sink.opened?.(record);
      return;
    }
    if (this.current || this.inBrief) {
      this.moreChars += text.length;
      if (this.moreChars > MAX_CONTINUATION_CHARS) return this.o.sink.skip('unparsed-line');
      // a brief line's continuation is only counted: nothing reads it
      if (this.current) (this.current.more ??= []).push(text);
    } else if (!this.leading && text.length > 0) {
      this.o.sink.skip('unparsed-line');
    }
  }

  skip(reason: SkipReason): void {
    this.o.sink.skip(reason);
  }

  /** Closes the open record (end of input, or the file went quiet). */
  close(): void {
    this.inBrief = false;
    if (!this.current) return;
    const done = this.current;
    this.current = null;
    this.o.sink.closed(done);
  }
}
