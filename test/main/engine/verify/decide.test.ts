import { describe, expect, it } from 'vitest';
import type { Paired } from '../../../../shared/decision.ts';
import { decide, KEEP_PCT, MIN_ITEMS_WITH_OUTCOME, MONITOR_PCT, type DecisionInput } from '../../../../main/engine/verify/decide.ts';
import { result, results } from './passes.ts';

const noPairs: Paired = { failToOk: 0, okToFail: 0, okToOk: 10, failToFail: 0, unpaired: 0, pValue: null };
const input = (more: Partial<DecisionInput>): DecisionInput => ({ criteria: results(1, 0), indicators: [], itemsWithOutcome: 20, paired: noPairs, pairedBaseline: true, ...more });

describe('decide: the verdict rules of design.md', () => {
  it('uses the thresholds the design names', () => {
    expect([KEEP_PCT, MONITOR_PCT, MIN_ITEMS_WITH_OUTCOME]).toEqual([75, 50, 5]);
  });

  describe('share of success criteria met, at every boundary', () => {
    it.each([
      [100, 'KEEP'],
      [75, 'KEEP'],
      [74, 'MONITOR'],
      [50, 'MONITOR'],
      [49, 'ROLLBACK'],
      [0, 'ROLLBACK'],
    ])('%i %% met and no failure indicator → %s', (met, verdict) => {
      const d = decide(input({ criteria: results(met, 100 - met) }));
      expect(d.verdict).toBe(verdict);
      expect(d.criteriaMetPct).toBe(met);
    });

    it('compares unrounded shares: 2 of 3 (66.7 %) monitors, 3 of 4 (75 %) keeps, 74.99 % does not', () => {
      expect(decide(input({ criteria: results(2, 1) })).verdict).toBe('MONITOR');
      expect(decide(input({ criteria: results(3, 1) })).verdict).toBe('KEEP');
      const d = decide(input({ criteria: results(7499, 2501) }));
      expect(d.verdict).toBe('MONITOR');
      expect(d.reasons[0]).toContain('(74.9 %)');
    });

    it.each([
      [75, 'MODIFY'],
      [74, 'MODIFY'],
      [50, 'MODIFY'],
      [49, 'ROLLBACK'],
    ])('%i %% met with only a minor indicator fired → %s', (met, verdict) => {
      expect(decide(input({ criteria: results(met, 100 - met), indicators: [result(true, 'minor'), result(false, 'critical')] })).verdict).toBe(verdict);
    });

    it.each([100, 75, 50, 0])('%i %% met with a critical indicator fired → ROLLBACK, the indicator first among the reasons', (met) => {
      const d = decide(input({ criteria: results(met, 100 - met), indicators: [result(true, 'minor', 'Timeouts'), result(true, 'critical', 'The plug-in does not start')] }));
      expect(d.verdict).toBe('ROLLBACK');
      expect(d.reasons[0]).toBe('Roll back: a critical failure indicator fired — The plug-in does not start (measured).');
    });

    it('counts only criteria that could be measured, and says how many could not', () => {
      const d = decide(input({ criteria: results(3, 1, 2) }));
      expect(d.verdict).toBe('KEEP');
      expect(d.criteriaMetPct).toBe(75);
      expect(d.reasons[0]).toBe('Met 3 of 4 success criteria (75 %; 2 more could not be measured), at least 75 %, and no failure indicator fired: keep the fix.');
    });

    it('lets the person move both thresholds', () => {
      const thresholds = { keepPct: 90, monitorPct: 60 };
      expect(decide(input({ criteria: results(89, 11), thresholds })).verdict).toBe('MONITOR');
      expect(decide(input({ criteria: results(90, 10), thresholds })).verdict).toBe('KEEP');
      expect(decide(input({ criteria: results(59, 41), thresholds })).verdict).toBe('ROLLBACK');
    });
  });

  describe('indicators that did not fire or could not be measured', () => {
    it('ignores indicators that did not fire (false) or could not tell (null)', () => {
      expect(decide(input({ indicators: [result(false, 'critical'), result(null, 'critical'), result(null, 'minor')] })).verdict).toBe('KEEP');
    });
  });

  describe('evidence: items with an outcome after the fix', () => {
    it(`keeps with ${MIN_ITEMS_WITH_OUTCOME} items`, () => {
      expect(decide(input({ itemsWithOutcome: 5 })).verdict).toBe('KEEP');
    });

    it('turns KEEP into MONITOR with 4 items, and says so first', () => {
      const d = decide(input({ itemsWithOutcome: 4 }));
      expect(d.verdict).toBe('MONITOR');
      expect(d.reasons[0]).toBe('Only 4 items had an outcome after the fix (fewer than 5): too little evidence to keep it for good, so MONITOR: test it again later.');
    });

    it('says "no item" when none had an outcome', () => {
      expect(decide(input({ itemsWithOutcome: 0 })).reasons[0]).toMatch(/^No item had an outcome after the fix/);
    });

    it.each([
      [results(0, 1), [], 'ROLLBACK'],
      [results(1, 1), [result(true, 'minor')], 'MODIFY'],
      [results(1, 1), [], 'MONITOR'],
    ] as const)('never raises a weaker verdict (%#): it stays, and the thin evidence is said', (criteria, indicators, verdict) => {
      const d = decide(input({ criteria: [...criteria], indicators: [...indicators], itemsWithOutcome: 4 }));
      expect(d.verdict).toBe(verdict);
      expect(d.reasons).toContain('Only 4 items had an outcome after the fix (fewer than 5): too little evidence for a firm verdict.');
    });
  });

  describe('no evaluable success criterion (the conservative rule)', () => {
    it('a fix without success criteria is never kept for good: MONITOR', () => {
      const d = decide(input({ criteria: [] }));
      expect(d).toMatchObject({ verdict: 'MONITOR', criteriaMetPct: null });
      expect(d.reasons[0]).toBe('The fix has no success criteria: the fix is not proven, so it is not kept for good; nothing shows harm either, so it stays for now and is tested again later.');
    });

    it('nor is one whose criteria could not be measured', () => {
      expect(decide(input({ criteria: results(0, 0, 1) })).reasons[0]).toMatch(/^Its one success criterion could not be measured: the fix is not proven/);
      expect(decide(input({ criteria: results(0, 0, 3) })).reasons[0]).toMatch(/^None of its 3 success criteria could be measured/);
    });

    it('MODIFY with a minor indicator, ROLLBACK with a critical one', () => {
      expect(decide(input({ criteria: [], indicators: [result(true, 'minor')] })).verdict).toBe('MODIFY');
      expect(decide(input({ criteria: [], indicators: [result(true, 'critical')] })).verdict).toBe('ROLLBACK');
    });
  });

  describe('reasons', () => {
    it('writes out every unmet criterion and every minor indicator that fired', () => {
      const d = decide(input({ criteria: [result(true), result(false, 'minor', 'Fewer IAFD errors')], indicators: [result(true, 'minor', 'Many timeouts')] }));
      expect(d.reasons).toContain('Minor failure indicator: Many timeouts (measured).');
      expect(d.reasons).toContain('Not met: Fewer IAFD errors (measured).');
    });

    it('ends with the paired counts and the sign test, read in plain words', () => {
      const paired: Paired = { failToOk: 10, okToFail: 0, okToOk: 5, failToFail: 5, unpaired: 0, pValue: 0.001953125 };
      expect(decide(input({ paired })).reasons.at(-1)).toBe('Paired test on the same items, before and after the fix: 10 items went from failed to ok, 0 from ok to failed (sign test p = 0.002: unlikely to be chance).');
      expect(decide(input({ paired: { ...paired, failToOk: 2, okToFail: 1, pValue: 1 } })).reasons.at(-1)).toContain('(sign test p = 1.000: could be chance)');
      expect(decide(input({ paired: noPairs })).reasons.at(-1)).toContain('(no item changed between ok and failed)');
    });

    it('says when there was no paired pre-test', () => {
      expect(decide(input({ pairedBaseline: false })).reasons.at(-1)).toMatch(/^No paired pre-test: compared with the aggregated baseline only/);
    });
  });
});
