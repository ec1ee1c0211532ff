// The value of a criterion's metric in one pass, per refreshed item, exactly as shared/fix.ts
// documents each reference (design.md: counts compare per refreshed item, never raw counts over
// windows of different length). null = cannot be measured (e.g. no item had an outcome), never 0.
import type { ItemPass } from '../../../shared/decision.ts';
import { itemSuccessRate, type ItemOutcome } from '../../../shared/metrics.ts';
import { signatureById } from '../logs/index.ts';
import type { TestPass } from './pass.ts';

/** What the value of `pluginStarted` rests on, decided once per test (plugin-state.ts). */
export interface PluginStarted {
  value: 0 | 1 | null;
  /** plain words: which start, when, or why it is unknown */
  text: string;
  /** why the latest start failed, when it did */
  failure?: string;
}

export interface Comparison {
  before: TestPass;
  after: TestPass;
  /** actionable signature ids known before the change: the pre-test's and the aggregated baseline's */
  seenBefore: ReadonlySet<string>;
  pluginStarted: PluginStarted;
}

export type ValueKind = 'rate' | 'perItem' | 'count' | 'flag';

export interface MetricPair {
  before: number | null;
  after: number | null;
  kind: ValueKind;
  /** what is measured, in plain words */
  label: string;
  /** extra facts behind the after value (which new error kinds, which plug-in start) */
  detail?: string;
}

const items = (p: TestPass): ItemPass[] => Object.values(p.items);
type Finished = ItemPass & { outcome: ItemOutcome };
/** refreshes Plex finished (ok, failed or no outcome) — not timed out, not vanished */
const finished = (p: TestPass) => items(p).filter((i): i is Finished => i.outcome === 'ok' || i.outcome === 'failed' || i.outcome === 'unknown');
const withOutcome = (p: TestPass) => items(p).filter((i) => i.outcome === 'ok' || i.outcome === 'failed');
const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

export function newSignatures(c: Pick<Comparison, 'after' | 'seenBefore'>): string[] {
  return c.after.signatures.filter((id) => !c.seenBefore.has(id));
}

export function timeoutRate(p: TestPass): number | null {
  if (p.kind === 'aggregated') return null;
  const attempted = items(p).filter((i) => i.outcome !== 'missing');
  return ratio(attempted.filter((i) => i.outcome === 'timeout').length, attempted.length);
}

function perPass(ref: string, p: TestPass): number | null {
  if (ref === 'itemSuccessRate') return itemSuccessRate(finished(p));
  if (ref === 'timeoutRate') return timeoutRate(p);
  if (ref === 'actionableErrorsPerItem') {
    const done = finished(p);
    let n = 0;
    for (const i of done) for (const [id, count] of Object.entries(i.signatures)) if (signatureById.get(id)?.actionable) n += count;
    return ratio(n, done.length);
  }
  const [family, id] = ref.split(':') as [string, string];
  if (family === 'signature') {
    const done = withOutcome(p);
    return ratio(
      done.reduce((n, i) => n + (i.signatures[id] ?? 0), 0),
      done.length,
    );
  }
  if (family === 'items') {
    const done = withOutcome(p);
    return ratio(done.filter((i) => (i.signatures[id] ?? 0) > 0).length, done.length);
  }
  if (family === 'marker') {
    return items(p).filter((i) => i.markers[id] === true || (typeof i.markers[id] === 'number' && (i.markers[id] as number) > 0)).length;
  }
  throw new Error(`unknown metric reference "${ref}"`);
}

export function metricPair(ref: string, c: Comparison): MetricPair {
  if (ref === 'newSignatures') {
    const fresh = newSignatures(c);
    return { before: null, after: fresh.length, ...describeMetric(ref), ...(fresh.length ? { detail: fresh.join(', ') } : {}) };
  }
  if (ref === 'pluginStarted') return { before: null, after: c.pluginStarted.value, ...describeMetric(ref), detail: c.pluginStarted.text };
  return { before: perPass(ref, c.before), after: perPass(ref, c.after), ...describeMetric(ref) };
}

/** How a metric's values read: a share, a per-item average, a count or yes/no, and its name. */
export function describeMetric(ref: string): { kind: ValueKind; label: string } {
  switch (ref) {
    case 'itemSuccessRate':
      return { kind: 'rate', label: 'items updated well' };
    case 'timeoutRate':
      return { kind: 'rate', label: 'items timed out' };
    case 'actionableErrorsPerItem':
      return { kind: 'perItem', label: 'actionable errors per item' };
    case 'newSignatures':
      return { kind: 'count', label: 'new error kinds' };
    case 'pluginStarted':
      return { kind: 'flag', label: 'plug-in started after the change' };
  }
  const [family, id] = ref.split(':') as [string, string];
  if (family === 'signature') return { kind: 'perItem', label: `${id} per item` };
  if (family === 'items') return { kind: 'rate', label: `items with ${id}` };
  return { kind: 'count', label: `items with ${id}` };
}

export function formatValue(kind: ValueKind, v: number | null): string {
  if (v === null) return 'n/a';
  switch (kind) {
    case 'rate':
      return `${Math.round(v * 1000) / 10} %`;
    case 'perItem':
      return Number.isInteger(v) ? String(v) : v.toFixed(2);
    case 'count':
      return String(v);
    case 'flag':
      return v ? 'yes' : 'no';
  }
}
