import { describe, expect, it } from 'vitest';
import { LocalTime } from '../../../../main/engine/logs/local-time.ts';
import { parsePluginLine } from '../../../../main/engine/logs/parse-line.ts';
import { RecordAssembler, MAX_CONTINUATION_CHARS } from '../../../../main/engine/logs/record-assembler.ts';
import type { LogRecord } from '../../../../main/engine/logs/record.ts';
import { recordText } from '../../../../main/engine/logs/record.ts';
import type { SkipReason } from '../../../../shared/metrics.ts';

function assemble(lines: string[], resumed = false) {
  const closed: LogRecord[] = [];
  const opened: LogRecord[] = [];
  const skipped: SkipReason[] = [];
  const a = new RecordAssembler({
    parse: parsePluginLine,
    source: 'com.plexapp.agents.GEVI',
    file: 'PMS Plugin Logs/com.plexapp.agents.GEVI.log',
    time: new LocalTime('UTC'),
    sink: { opened: (r) => opened.push(r), closed: (r) => closed.push(r), skip: (r) => skipped.push(r) },
    resumed,
  });
  for (const l of lines) a.line(l);
  a.close();
  return { closed, opened, skipped };
}

const CRIT = '2026-02-02 05:27:40,313 (16de8b000) :  CRITICAL (runtime:1299) - Exception getting hosted resource hashes (most recent call last):';
const NEXT = '2026-02-02 05:27:40,329 (16de8b000) :  INFO (core:611) - Started plug-in';

describe('RecordAssembler: continuation lines (agent-logs.md §3)', () => {
  it('joins traceback lines to the record before them; they inherit its time and thread', () => {
    const { closed } = assemble([CRIT, '  File "/x/runtime.py", line 1293, in get_resource_hashes', '  HTTPError: HTTP Error 404: Not Found', NEXT]);
    expect(closed).toHaveLength(2);
    expect(closed[0]!.more).toEqual(['  File "/x/runtime.py", line 1293, in get_resource_hashes', '  HTTPError: HTTP Error 404: Not Found']);
    expect(recordText(closed[0]!)).toBe(`${CRIT}\n  File "/x/runtime.py", line 1293, in get_resource_hashes\n  HTTPError: HTTP Error 404: Not Found`);
    expect(closed[0]!.at).toBe('2026-02-02T05:27:40.313Z');
    expect(closed[1]!.more).toBeUndefined();
  });

  it('opens a record at its head line and closes it at the next head line or the end', () => {
    const { opened, closed } = assemble([CRIT, NEXT]);
    expect(opened.map((r) => r.message)).toEqual([closed[0]!.message, closed[1]!.message]);
  });

  it('counts lines before the first head line as unparsed, but not when reading resumes mid-record', () => {
    expect(assemble(['orphan traceback line', NEXT]).skipped).toEqual(['unparsed-line']);
    const resumed = assemble(['rest of an earlier traceback', NEXT], true);
    expect(resumed.skipped).toEqual([]);
    expect(resumed.closed.map((r) => r.message)).toEqual(['Started plug-in']);
  });

  it('keeps blank lines inside a record and ignores blank lines before any', () => {
    expect(assemble(['', NEXT, '', 'x']).closed[0]!.more).toEqual(['', 'x']);
    expect(assemble(['', NEXT]).skipped).toEqual([]);
  });

  it('caps the continuation text of one record and counts the rest as skipped', () => {
    const line = 'z'.repeat(1000);
    const n = Math.ceil(MAX_CONTINUATION_CHARS / 1000) + 5;
    const { closed, skipped } = assemble([NEXT, ...Array.from({ length: n }, () => line)]);
    expect(closed[0]!.more!.length).toBe(Math.floor(MAX_CONTINUATION_CHARS / 1000));
    expect(skipped.length).toBe(n - closed[0]!.more!.length);
    expect(new Set(skipped)).toEqual(new Set(['unparsed-line']));
  });
});
