import { describe, expect, it } from 'vitest';
import type { Operator } from '../../../../shared/fix.ts';
import { check, evaluateCriterion, targetText } from '../../../../main/engine/verify/criteria.ts';
import { comparison, criterion, item, pass } from './passes.ts';

describe('check: each operator as shared/fix.ts documents it', () => {
  it.each<[Operator, number | undefined, number | null, number | null, boolean | null]>([
    // the after value against the target
    ['atLeast', 0.5, null, 0.5, true],
    ['atLeast', 0.5, null, 0.49, false],
    ['atMost', 0, 3, 0, true],
    ['atMost', 0, 0, 0.01, false],
    ['above', 0.2, null, 0.25, true],
    ['above', 0.2, null, 0.2, false],
    ['below', 0.2, null, 0.15, true],
    ['below', 0.2, null, 0.2, false],
    ['equals', 1, null, 1, true],
    ['equals', 0, null, 1, false],
    ['equals', 0.3, null, 0.1 + 0.2, true],
    // after against before
    ['belowBefore', undefined, 2, 1, true],
    ['belowBefore', undefined, 2, 2, false],
    ['aboveBefore', undefined, 0, 1, true],
    ['aboveBefore', undefined, 1, 1, false],
    ['notBelowBefore', undefined, 0.75, 0.75, true],
    ['notBelowBefore', undefined, 0.75, 0.7, false],
    ['notAboveBefore', undefined, 3, 3, true],
    ['notAboveBefore', undefined, 3, 4, false],
    // relative change from before to after, target in percent
    ['reduceBy', 20, 5, 4, true],
    ['reduceBy', 20, 5, 4.01, false],
    ['reduceBy', 20, 4.15, 0.55, true],
    ['reduceBy', 20, 2, 3, false],
    ['increaseBy', 50, 2, 3, true],
    ['increaseBy', 50, 2, 2.9, false],
    // from zero
    ['reduceBy', 20, 0, 0, null],
    ['reduceBy', 20, 0, 1, false],
    ['increaseBy', 50, 0, 1, true],
    ['increaseBy', 50, 0, 0, false],
    // missing values
    ['atLeast', 0.5, 0.4, null, null],
    ['belowBefore', undefined, null, 1, null],
    ['reduceBy', 20, null, 1, null],
  ])('%s target %s: %s → %s gives %s', (op, target, before, after, holds) => {
    expect(check(op, target, before, after)).toBe(holds);
  });
});

describe('evaluateCriterion', () => {
  const before = pass('baseline', [item('ok', { 'iafd-url-error': 5 }), item('ok', { 'iafd-url-error': 3 }), item('failed', { 'iafd-url-error': 1 }), item('failed')]);
  const after = pass('after', [item('ok'), item('ok', { 'iafd-url-error': 2 }), item('ok'), item('failed')]);

  it('says what it measured, before and after, the change and what was wanted', () => {
    const r = evaluateCriterion(criterion({ description: 'IAFD URL errors down', metric: 'signature:iafd-url-error', op: 'reduceBy', target: 20 }), 'success', comparison(before, after));
    expect(r).toMatchObject({ before: 2.25, after: 0.5, holds: true });
    expect(r.text).toBe('iafd-url-error per item: 2.25 → 0.50 (−78 %); wanted: down by at least 20 %');
  });

  it('words a failure indicator as the condition that fires it', () => {
    const r = evaluateCriterion(criterion({ metric: 'itemSuccessRate', op: 'belowBefore', severity: 'critical' }), 'indicator', comparison(before, after));
    expect(r).toMatchObject({ before: 0.5, after: 0.75, holds: false });
    expect(r.text).toBe('items updated well: 50 % → 75 % (+50 %); fires when: lower than before');
  });

  it('explains a value it could not measure', () => {
    const silent = pass('after', [item('unknown'), item('timeout')]);
    const r = evaluateCriterion(criterion({ metric: 'itemSuccessRate', op: 'atLeast', target: 0.5 }), 'success', comparison(before, silent));
    expect(r.holds).toBeNull();
    expect(r.text).toBe('items updated well: 50 % → n/a; wanted: at least 50 % — not measurable after the fix (no item had an outcome)');
    const none = pass('baseline', [item('ok'), item('ok')]);
    expect(evaluateCriterion(criterion({ metric: 'signature:iafd-url-error', op: 'reduceBy', target: 20 }), 'success', comparison(none, none)).text).toMatch(/it was already 0 before, nothing to reduce$/);
  });

  it('names the plug-in start behind pluginStarted, and the new error kinds behind newSignatures', () => {
    const c = comparison(before, { ...after, signatures: ['iafd-request-exception', 'iafd-url-error'] }, { seenBefore: new Set(['iafd-url-error']) });
    expect(evaluateCriterion(criterion({ metric: 'pluginStarted', op: 'equals', target: 0, severity: 'critical' }), 'indicator', c).text).toBe(
      'plug-in started after the change: yes (GEVI started at 2026-02-01T09:59:00.000Z); fires when: no',
    );
    expect(evaluateCriterion(criterion({ metric: 'newSignatures', op: 'atLeast', target: 1, severity: 'critical' }), 'indicator', c)).toMatchObject({
      after: 1,
      holds: true,
      text: 'new error kinds: 1 (iafd-request-exception); fires when: at least 1',
    });
  });

  it.each([
    [{ metric: 'itemSuccessRate', op: 'atLeast', target: 0.5 }, 'at least 50 %'],
    [{ metric: 'marker:found-on-iafd', op: 'atLeast', target: 1 }, 'at least 1'],
    [{ metric: 'signature:iafd-url-error', op: 'atMost', target: 0 }, 'at most 0'],
    [{ metric: 'pluginStarted', op: 'equals', target: 1 }, 'yes'],
    [{ metric: 'actionableErrorsPerItem', op: 'increaseBy', target: 10 }, 'up by at least 10 %'],
    [{ metric: 'timeoutRate', op: 'notAboveBefore' }, 'not higher than before'],
  ] as const)('targetText(%o) = "%s"', (c, text) => {
    expect(targetText(criterion(c))).toBe(text);
  });
});
