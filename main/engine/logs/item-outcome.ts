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

/** `signatures` and `markers` of the segment; null when it had none. */
export function segmentOutcome(signatures: readonly Signature[] | null, markers: Markers | null): SegmentOutcome | null {
  if (signatures) for (const s of signatures) if (s.severity === 'crit' || s.severity === 'err') return { outcome: 'failed', reason: `${s.id} seen` };
  if (!markers) return null;
  // written out with plain loops: it runs once per request segment
  let said = '';
  let someAboveZero = false;
  for (const k of COUNTS) {
    const n = markers[k];
    if (typeof n !== 'number') continue;
    said += `${said ? ', ' : 'dump: '}${k} ${n}`;
    if (n > 0) someAboveZero = true;
  }
  if (said === '') return null;
  if (someAboveZero) return { outcome: 'ok', reason: said };
  if (typeof markers.cast === 'number' && typeof markers.genres === 'number') return { outcome: 'failed', reason: `empty scrape (${said})` };
  return null;
}
