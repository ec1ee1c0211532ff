// Paired evidence (design.md, Decisions): the same items refreshed before and after the fix.
// Items that changed between ok and failed are the discordant pairs; under "the fix changes
// nothing" each is equally likely to go either way, so the exact two-sided sign test (binomial,
// p = ½) says how surprising the split is.
import type { Paired, TestOutcome } from '../../../shared/decision.ts';
import type { TestPass } from './pass.ts';

export function pairOutcomes(before: TestPass, after: TestPass): Paired {
  const p = { failToOk: 0, okToFail: 0, okToOk: 0, failToFail: 0, unpaired: 0 };
  for (const [rk, a] of Object.entries(after.items)) {
    const b = before.items[rk]?.outcome;
    if (!decided(b) || !decided(a.outcome)) p.unpaired += 1;
    else if (b === 'ok') p[a.outcome === 'ok' ? 'okToOk' : 'okToFail'] += 1;
    else p[a.outcome === 'ok' ? 'failToOk' : 'failToFail'] += 1;
  }
  return { ...p, pValue: signTest(p.failToOk, p.okToFail) };
}

const decided = (o: TestOutcome | undefined): o is 'ok' | 'failed' => o === 'ok' || o === 'failed';

/** Exact two-sided sign test: P(a split at least as uneven as `a` : `b` | n = a + b, p = ½),
 *  computed with integers (no normal approximation). null without a discordant pair. */
export function signTest(a: number, b: number): number | null {
  const n = a + b;
  if (n === 0) return null;
  const k = Math.min(a, b);
  let tail = 0n;
  let choose = 1n; // C(n, i)
  for (let i = 0; i <= k; i++) {
    tail += choose;
    choose = (choose * BigInt(n - i)) / BigInt(i + 1);
  }
  const numerator = 2n * tail;
  const denominator = 1n << BigInt(n);
  return numerator >= denominator ? 1 : quotient(numerator, denominator);
}

/** num / den as the nearest double, for integers far beyond 2^53. */
function quotient(num: bigint, den: bigint): number {
  const shift = den.toString(2).length - num.toString(2).length + 64;
  return Number((num << BigInt(shift)) / den) * 2 ** -shift;
}
