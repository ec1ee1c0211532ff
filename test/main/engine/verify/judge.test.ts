import { describe, expect, it } from 'vitest';
import { DecisionSchema } from '../../../../shared/decision.ts';
import { judge } from '../../../../main/engine/verify/judge.ts';
import { EMPTY_BASELINE, FIX, judgement, PLAN } from './judgement.ts';
import { item, pass, started } from './passes.ts';

describe('judge', () => {
  it('gives a decision the shared schema accepts, with the fix\'s criteria and then the built-in indicators', () => {
    const { decision } = judgement();
    expect(DecisionSchema.parse(decision)).toEqual(decision);
    expect(decision.criteria.map((c) => c.criterion.id)).toEqual(['iafd-url-errors-down', 'found-on-iafd-up']);
    expect(decision.indicators.map((c) => c.criterion.id)).toEqual([
      'plugin-fails-to-start',
      'new-error-kinds',
      'fewer-items-ok',
      'builtin-plugin-crashed',
      'builtin-new-error-kinds',
      'builtin-many-timeouts',
      'builtin-outcomes-lost',
    ]);
    expect(decision).toMatchObject({ fixId: FIX.id, iteration: 2, itemsWithOutcome: 1, pairedBaseline: true, decidedAt: '2026-02-01T12:30:00.000Z' });
  });

  it('lists every planned item with its result before and after', () => {
    expect(judgement().items.map((i) => [i.ratingKey, i.title, i.reason, i.before?.outcome, i.after?.outcome])).toEqual([
      ['1', 'Freaks | 5', 'addressed-signature', 'ok', 'ok'],
      ['2', 'Café Boys', 'other-failure', 'failed', 'timeout'],
    ]);
  });

  it('refuses results that belong to another fix', () => {
    expect(() =>
      judge({ fix: FIX, plan: PLAN, iteration: 1, baseline: EMPTY_BASELINE, before: pass('baseline', [item('ok')]), after: pass('after', [item('ok')], { fixId: FIX.id }), pluginStarted: started }),
    ).toThrow('The test results given are for fix "the-fix", not "iafd-browser-headers".');
  });

  it('notes lost log input in the sample notes', () => {
    const after = pass('after', [item('ok')], { fixId: FIX.id, lostInput: [{ file: 'PMS Plugin Logs/com.plexapp.agents.GEVI.log.5', reason: 'gone', count: 1 }] });
    const { notes } = judge({ fix: FIX, plan: PLAN, iteration: 1, baseline: EMPTY_BASELINE, before: null, after, pluginStarted: started });
    expect(notes).toContain('Some log lines of the test could not be read: PMS Plugin Logs/com.plexapp.agents.GEVI.log.5 (deleted before it was read to the end).');
    expect(notes).toContain('No paired pre-test was run: "before" is the aggregated baseline, which may count several refreshes per item.');
  });
});
