import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LineSplitter, MAX_LINE_BYTES } from '../../../../main/engine/logs/line-splitter.ts';
import type { SkipReason } from '../../../../shared/metrics.ts';

function split(chunks: Uint8Array[], max?: number): { lines: string[]; skipped: SkipReason[] } {
  const lines: string[] = [];
  const skipped: SkipReason[] = [];
  const s = new LineSplitter({ line: (l) => lines.push(l), skip: (r) => skipped.push(r) }, max);
  for (const c of chunks) s.push(c);
  s.finish();
  return { lines, skipped };
}
const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('LineSplitter', () => {
  it('splits on LF and drops the CR of CRLF line ends', () => {
    expect(split([bytes('a\r\nb\nc\r\n')])).toEqual({ lines: ['a', 'b', 'c'], skipped: [] });
  });

  it('gives the same lines however the bytes are cut into chunks', () => {
    const text = 'one ✅\ntwo ❌ ⚠️\n\nthree é\r\n' + 'x'.repeat(300) + '\nlast\n';
    const whole = split([bytes(text)]).lines;
    fc.assert(
      fc.property(fc.array(fc.nat(text.length), { maxLength: 8 }), (cuts) => {
        const buf = bytes(text);
        const at = [...new Set(cuts.map((c) => Math.min(c, buf.length)))].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let prev = 0;
        for (const c of [...at, buf.length]) {
          chunks.push(buf.subarray(prev, c));
          prev = c;
        }
        expect(split(chunks).lines).toEqual(whole);
      }),
    );
  });

  it('keeps a line with bytes that are not UTF-8, with U+FFFD in their place, and says so', () => {
    const r = split([Buffer.concat([bytes('good\nbad '), Buffer.from([0xff, 0xfe]), bytes(' line\nafter\n')])]);
    expect(r.lines).toEqual(['good', 'bad \uFFFD\uFFFD line', 'after']);
    expect(r.skipped).toEqual(['invalid-utf8']);
  });

  it('skips a line with NUL bytes as binary and goes on', () => {
    const r = split([Buffer.concat([bytes('before\n'), Buffer.from([0x00, 0x01, 0x02]), bytes('\nafter\n')])]);
    expect(r.lines).toEqual(['before', 'after']);
    expect(r.skipped).toEqual(['binary']);
  });

  it('skips a 10 MB line without holding it, and reads the lines around it', () => {
    const huge = Buffer.alloc(10 * 1024 * 1024, 'x');
    const chunks = [bytes('before\n')];
    for (let i = 0; i < huge.length; i += 65536) chunks.push(huge.subarray(i, i + 65536));
    chunks.push(bytes('\nafter\n'));
    const r = split(chunks);
    expect(r.lines).toEqual(['before', 'after']);
    expect(r.skipped).toEqual(['line-too-long']);
  });

  it('skips a too-long line that arrives in one piece', () => {
    const r = split([bytes(`a\n${'y'.repeat(200)}\nb\n`)], 100);
    expect(r).toEqual({ lines: ['a', 'b'], skipped: ['line-too-long'] });
    expect(MAX_LINE_BYTES).toBe(1024 * 1024);
  });

  it('holds a partial last line until its end comes; finish takes it as a truncated line', () => {
    const lines: string[] = [];
    const skipped: SkipReason[] = [];
    const s = new LineSplitter({ line: (l) => lines.push(l), skip: (r) => skipped.push(r) });
    s.push(bytes('whole\npart'));
    expect(lines).toEqual(['whole']);
    expect(s.pendingBytes).toBe(4);
    s.push(bytes('ial\nnext'));
    expect(lines).toEqual(['whole', 'partial']);
    s.finish();
    expect(lines).toEqual(['whole', 'partial', 'next']);
    expect(skipped).toEqual(['truncated-line']);
  });

  it('does not keep a reference to the caller\'s reused buffer', () => {
    const lines: string[] = [];
    const s = new LineSplitter({ line: (l) => lines.push(l), skip: () => undefined });
    const buf = bytes('abc');
    s.push(buf);
    buf.fill(0x7a);
    s.push(bytes('\n'));
    expect(lines).toEqual(['abc']);
  });
});
