// A small, fixed judgement for the record and report tests.
import { MetricsSchema, type Metrics } from '../../../../shared/metrics.ts';
import { judge, type Judgement } from '../../../../main/engine/verify/judge.ts';
import type { TestPlan } from '../../../../main/engine/verify/plan.ts';
import { item, pass } from './passes.ts';
import { fixtureFix } from './sim-harness.ts';

export const FIX = fixtureFix('iafd-browser-headers');

export const PLAN: TestPlan = {
  fixId: FIX.id,
  agents: [{ agent: 'GEVI', identifier: 'com.plexapp.agents.GEVI' }],
  items: [
    { agent: 'GEVI', ratingKey: '1', baselineRatingKey: '1', title: 'Freaks | 5', guid: 'com.plexapp.agents.GEVI://58845?lang=en', reason: 'addressed-signature' },
    { agent: 'GEVI', ratingKey: '2', baselineRatingKey: '2', title: 'Café Boys', reason: 'other-failure' },
  ],
  notes: ['Only 1 item showed the signatures this fix addresses; 1 other failed item of GEVI fill the sample.'],
};

export const EMPTY_BASELINE: Metrics = MetricsSchema.parse({ schemaVersion: 1, generatedAt: '2026-02-01T12:00:00.000Z', window: { since: null, until: null }, logsDir: '/logs', files: [], skipped: [], agents: {} });

export function judgement(token = 'abcdefghijklmnop'): Judgement {
  return judge({
    fix: FIX,
    plan: PLAN,
    iteration: 2,
    baseline: EMPTY_BASELINE,
    before: pass('baseline', [item('ok', { 'iafd-url-error': 5 }, { 'found-on-iafd': false, cast: 4 }), item('failed', { 'site-field-error': 4 })], { fixId: FIX.id }),
    after: pass('after', [item('ok', {}, { 'found-on-iafd': true, cast: 4 }), item('timeout')], { fixId: FIX.id }),
    // a start line that carried the token (PGMA logs it) must not reach the files
    pluginStarted: { value: 1, text: `GEVI started at 2026-02-01T10:00:00.000Z with Plex Token ${token}` },
    now: new Date('2026-02-01T12:30:00.000Z'),
  });
}
