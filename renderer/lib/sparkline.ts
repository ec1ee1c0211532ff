// The error-rate sparkline: failed items / items with an outcome, one point per scan or
// iteration, on a fixed 0–100 % scale so agents can be compared at a glance. A scan in which
// no item had an outcome has no rate: the line breaks there instead of inventing a value.
import type { AgentStatus } from '../../shared/ipc.ts';
import { percent } from './format.ts';

type Rate = number | null;

/** An SVG path through `rates` (0..1, oldest first) inside a width × height box. */
export function sparklinePath(rates: readonly Rate[], width: number, height: number, pad = 2): string {
  const n = rates.length;
  const x = (i: number) => (n === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (n - 1));
  const y = (rate: number) => pad + (1 - Math.min(1, Math.max(0, rate))) * (height - 2 * pad);
  const parts: string[] = [];
  let drawing = false;
  rates.forEach((rate, i) => {
    if (rate === null) {
      drawing = false;
      return;
    }
    const next = rates[i + 1];
    const point = `${round(x(i))} ${round(y(rate))}`;
    if (drawing) parts.push(`L${point}`);
    // a point with no neighbour is drawn as a dot (zero-length segment, round cap)
    else parts.push(next === null || next === undefined ? `M${point}h0` : `M${point}`);
    drawing = true;
  });
  return parts.join(' ');
}

const round = (v: number) => Math.round(v * 100) / 100;

/** In words, for the label and for screen readers. */
export function describeErrorRate(points: AgentStatus['errorRate']): string {
  const rated = points.filter((p): p is typeof p & { rate: number } => p.rate !== null);
  const last = rated.at(-1);
  const first = rated[0];
  if (!first || !last) return points.length ? 'No item had an outcome yet' : 'Not scanned yet';
  if (rated.length === 1) return `${percent(last.rate)} of items failed`;
  return `${percent(last.rate)} of items failed (was ${percent(first.rate)}, ${rated.length} scans)`;
}
