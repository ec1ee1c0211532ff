// The outcome of one request segment for its item (agent-logs.md §9), rule by rule:
//  1. a crit or err signature in the segment → failed ("<signature> seen");
//  2. else a FILMDICT dump count above zero (cast, genres, directors) → ok: the scrape brought
//     data, the best per-item success evidence;
//  3. else cast and genres both logged as 0 (directors too, when logged) → failed: empty scrape;
//  4. else no outcome: bogus indicators (✅ settings rows, EraseMetadata routes, "No file
//     found … Subtitle Contributions", `Response: [200]`, notify success=1) never count.
// An item's outcome is the one of its latest segment that had one; a system-log notify with
// success=0 is such a segment (always a failure).
import type { ItemOutcome, Markers } from '../../../shared/metrics.ts';
import type { Signature } from './signatures.ts';

export interface SegmentOutcome {
  outcome: Exclude<ItemOutcome, 'unknown'>;
  reason: string;
}

const COUNTS = ['cast', 'genres', 'directors'] as const;

export function segmentOutcome(signatures: readonly Signature[], markers: Markers): SegmentOutcome | null {
  const bad = signatures.find((s) => s.severity === 'crit' || s.severity === 'err');
  if (bad) return { outcome: 'failed', reason: `${bad.id} seen` };
  const logged = COUNTS.filter((k) => typeof markers[k] === 'number');
  if (logged.length === 0) return null;
  const said = `dump: ${logged.map((k) => `${k} ${markers[k]}`).join(', ')}`;
  if (logged.some((k) => (markers[k] as number) > 0)) return { outcome: 'ok', reason: said };
  if (logged.includes('cast') && logged.includes('genres')) return { outcome: 'failed', reason: `empty scrape (${said})` };
  return null;
}
