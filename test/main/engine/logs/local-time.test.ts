import { describe, expect, it } from 'vitest';
import { LocalTime } from '../../../../main/engine/logs/local-time.ts';
import { UserError } from '../../../../main/engine/errors.ts';

type Wall = readonly [number, number, number, number, number, number, number];
const iso = (t: LocalTime, w: Wall) => new Date(t.toEpoch(w[0], w[1], w[2], w[3], w[4], w[5], w[6])).toISOString();

describe('LocalTime: the logs carry wall-clock time without a zone', () => {
  it.each([
    ['Europe/Berlin', [2026, 2, 1, 11, 3, 2, 629], '2026-02-01T10:03:02.629Z'],
    ['Europe/Berlin', [2026, 7, 1, 11, 3, 2, 0], '2026-07-01T09:03:02.000Z'],
    ['America/Los_Angeles', [2026, 1, 30, 14, 39, 6, 711], '2026-01-30T22:39:06.711Z'],
    ['America/Los_Angeles', [2026, 3, 8, 3, 30, 0, 0], '2026-03-08T10:30:00.000Z'], // just after the spring change
    ['Asia/Kolkata', [2026, 1, 1, 0, 0, 0, 0], '2025-12-31T18:30:00.000Z'],
    ['UTC', [2026, 12, 31, 23, 59, 59, 999], '2026-12-31T23:59:59.999Z'],
  ] as const)('%s %j → %s', (zone, wall, want) => {
    expect(iso(new LocalTime(zone), wall)).toBe(want);
  });

  it('converts a plug-in stamp and reuses the converted second', () => {
    const t = new LocalTime('Europe/Berlin');
    expect(t.pluginStamp('2026-02-01 11:03:02', '629')).toBe('2026-02-01T10:03:02.629Z');
    expect(t.pluginStamp('2026-02-01 11:03:02', '001')).toBe('2026-02-01T10:03:02.001Z');
    expect(t.pluginStamp('2026-02-01 23:59:59', '999')).toBe('2026-02-01T22:59:59.999Z');
  });

  it('rejects a zone it does not know, saying what to use', () => {
    expect(() => new LocalTime('Mars/Olympus')).toThrow(UserError);
    expect(() => new LocalTime('Mars/Olympus')).toThrow(/not a time zone/);
  });

  it('defaults to the zone of this process', () => {
    expect(new LocalTime().timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});
