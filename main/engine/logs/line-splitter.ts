// Bytes → lines, streaming. Bad input never stops a read: each problem is reported to the
// sink with its reason (metrics `skipped`) and the read goes on.
//  - a line with NUL bytes is not text: skipped (`binary`)
//  - bytes that are not UTF-8 are read as U+FFFD and the line is kept (`invalid-utf8`)
//  - a line longer than MAX_LINE_BYTES is skipped without being held in memory (`line-too-long`)
//  - CRLF line ends lose their CR
import { isUtf8 } from 'node:buffer';
import type { SkipReason } from '../../../shared/metrics.ts';

// TextDecoder (simdutf) is many times faster than Buffer#toString on text with emoji, which
// PGMA writes on most lines (✅ ❌ ⚠); bad bytes become U+FFFD.
const utf8 = new TextDecoder('utf-8');
const DECODE_BLOCK = 16 * 1024;

/** Longer than any real Plex line (base64 kwargs and synopses stay far below). */
export const MAX_LINE_BYTES = 1 << 20;

export interface LineSink {
  line(text: string): void;
  skip(reason: SkipReason): void;
}

export class LineSplitter {
  private pending: Buffer | null = null;
  private discarding = false;
  private readonly sink: LineSink;
  private readonly maxLineBytes: number;

  constructor(sink: LineSink, maxLineBytes = MAX_LINE_BYTES) {
    this.sink = sink;
    this.maxLineBytes = maxLineBytes;
  }

  /** bytes held for a line whose end has not been read yet */
  get pendingBytes(): number {
    return this.pending?.length ?? 0;
  }

  /** True while skipping the rest of a line that grew too long. */
  get isDiscarding(): boolean {
    return this.discarding;
  }

  /** Feeds the next bytes of the file. `chunk` may be reused by the caller afterwards. */
  push(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // pieces no longer than a line may be, so a line inside one piece is never too long
    for (let from = 0; from < buf.length; from += this.maxLineBytes) this.piece(buf.subarray(from, Math.min(buf.length, from + this.maxLineBytes)));
  }

  private piece(buf: Buffer): void {
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      this.hold(buf, 0, buf.length);
      return;
    }
    let start = 0;
    if (this.pending || this.discarding) {
      const first = buf.indexOf(10);
      if (this.discarding) {
        this.discarding = false;
        this.sink.skip('line-too-long');
      } else {
        const whole = Buffer.concat([this.pending!, buf.subarray(0, first)]);
        this.pending = null;
        if (whole.length > this.maxLineBytes) this.sink.skip('line-too-long');
        else this.lineBytes(whole, 0, whole.length);
      }
      start = first + 1;
    }
    if (start < last) this.region(buf, start, last);
    else if (start === last) this.lineBytes(buf, start, last);
    if (last + 1 < buf.length) this.hold(buf, last + 1, buf.length);
  }

  /** Ends the input: a held partial line is taken as the last line (`truncated-line`). */
  finish(): void {
    if (this.discarding) {
      this.discarding = false;
      this.sink.skip('line-too-long');
    } else if (this.pending) {
      const p = this.pending;
      this.pending = null;
      this.sink.skip('truncated-line');
      this.lineBytes(p, 0, p.length);
    }
  }

  private hold(buf: Buffer, from: number, to: number): void {
    if (this.discarding) return;
    const held = this.pending?.length ?? 0;
    if (held + (to - from) > this.maxLineBytes) {
      this.pending = null;
      this.discarding = true;
      return;
    }
    // copy: the caller reuses its read buffer
    this.pending = this.pending ? Buffer.concat([this.pending, buf.subarray(from, to)]) : Buffer.from(buf.subarray(from, to));
  }

  /** Whole lines buf[from, to) separated by LF. Clean text (the normal case) is decoded in
   *  one call and split as a string; anything else goes line by line. */
  private region(buf: Buffer, from: number, to: number): void {
    const bytes = buf.subarray(from, to);
    if (bytes.indexOf(0) >= 0 || !isUtf8(bytes)) {
      let s = 0;
      while (s <= bytes.length) {
        let e = bytes.indexOf(10, s);
        if (e < 0) e = bytes.length;
        this.lineBytes(bytes, s, e);
        s = e + 1;
      }
      return;
    }
    // decoded in blocks of whole lines: a string this size stays out of V8's large-object
    // space, which makes decoding several times faster and keeps line slices from pinning MBs
    for (let p = 0; p <= bytes.length; ) {
      let end = bytes.indexOf(10, Math.min(bytes.length, p + DECODE_BLOCK));
      if (end < 0) end = bytes.length;
      this.lines(utf8.decode(bytes.subarray(p, end)));
      p = end + 1;
    }
  }

  private lines(text: string): void {
    let s = 0;
    for (;;) {
      const e = text.indexOf('\n', s);
      this.emit(e < 0 ? text.slice(s) : text.slice(s, e));
      if (e < 0) return;
      s = e + 1;
    }
  }

  private lineBytes(buf: Buffer, from: number, to: number): void {
    const bytes = buf.subarray(from, to);
    if (bytes.indexOf(0) >= 0) return this.sink.skip('binary');
    if (bytes.length > this.maxLineBytes) return this.sink.skip('line-too-long');
    if (!isUtf8(bytes)) this.sink.skip('invalid-utf8');
    this.emit(utf8.decode(bytes));
  }

  private emit(line: string): void {
    this.sink.line(line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line);
  }
}
