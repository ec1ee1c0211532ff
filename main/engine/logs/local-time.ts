// Plex writes the Mac's local wall-clock time without a zone (plex-facts.md §7). We store
// UTC (lessons #22), so every timestamp goes through the zone the logs were written in.
import { UserError } from '../errors.ts';

const HOUR = 3_600_000;

/** The time zone this process runs in: on the Mac that hosts Plex, the zone of its logs. */
export function processTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export class LocalTime {
  readonly timeZone: string;
  private readonly format: Intl.DateTimeFormat;
  // UTC offset per local hour: a zone's offset changes at most once within an hour in
  // practice, and looking it up through Intl for every line would dominate parsing.
  private readonly offsets = new Map<number, number>();
  /** the last `YYYY-MM-DD HH:MM:SS` converted (none yet: matches no line), and its UTC ISO
   *  prefix up to the milliseconds */
  private second = '\0';
  private isoSecond = '';

  constructor(timeZone: string = processTimeZone()) {
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new UserError('bad-time-zone', `"${timeZone}" is not a time zone this computer knows.`, 'Use an IANA name such as "Europe/Berlin" or "America/New_York".');
    }
    this.timeZone = this.format.resolvedOptions().timeZone;
  }

  /** Wall-clock time in this zone → epoch milliseconds. In the hour skipped or repeated
   *  by a daylight-saving change the result may be an hour off; Plex's own lines are
   *  ambiguous there too. */
  toEpoch(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
    const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
    const key = Math.floor(wall / HOUR);
    let offset = this.offsets.get(key);
    if (offset === undefined) {
      offset = this.offsetForWall(key * HOUR);
      this.offsets.set(key, offset);
    }
    return wall - offset;
  }

  /** A plug-in timestamp (`YYYY-MM-DD HH:MM:SS` and `mmm`) → UTC ISO. */
  pluginStamp(second: string, millis: string): string {
    return this.pluginLineStamp(`${second},${millis}`);
  }

  /** The UTC ISO time of a line that opens with a plug-in timestamp (`YYYY-MM-DD HH:MM:SS,mmm`).
   *  Lines come many to a second: the second is converted once. The result is the converted
   *  second joined to a shared `mmmZ`, so a time that is kept costs one small string. */
  pluginLineStamp(line: string): string {
    if (!sameSecond(line, this.second)) {
      const second = line.slice(0, 19);
      const epoch = this.toEpoch(num(second, 0, 4), num(second, 5, 7), num(second, 8, 10), num(second, 11, 13), num(second, 14, 16), num(second, 17, 19), 0);
      this.second = second;
      this.isoSecond = new Date(epoch).toISOString().slice(0, 20);
    }
    return this.isoSecond + MILLIS_Z[num(line, 20, 23)]!;
  }

  private offsetForWall(wall: number): number {
    const first = this.offsetAt(wall);
    const second = this.offsetAt(wall - first);
    return first === second ? first : this.offsetAt(wall - second) === second ? second : first;
  }

  private offsetAt(epoch: number): number {
    const p: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(epoch))) if (part.type !== 'literal') p[part.type] = Number(part.value);
    const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
    return asUtc - Math.floor(epoch / 1000) * 1000;
  }
}

/** Does `line` open with `second` (19 characters)? Compared from the end, where seconds
 *  differ; a loop, because startsWith costs more than the comparison on lines cut from a
 *  larger string. */
function sameSecond(line: string, second: string): boolean {
  if (second.length !== 19) return false;
  for (let i = 18; i >= 0; i--) if (line.charCodeAt(i) !== second.charCodeAt(i)) return false;
  return true;
}

/** `000Z` … `999Z` */
const MILLIS_Z = Array.from({ length: 1000 }, (_, ms) => `${String(ms).padStart(3, '0')}Z`);

function num(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}
