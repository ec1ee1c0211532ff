import { describe, expect, it } from 'vitest';
import { builtinIndicators, MANY_TIMEOUTS, NEW_ERROR_KINDS, OUTCOMES_LOST, PLUGIN_CRASHED } from '../../../../main/engine/verify/builtin-checks.ts';
import type { Comparison } from '../../../../main/engine/verify/metric-values.ts';
import type { PluginStartSeen } from '../../../../main/engine/verify/pass.ts';
import { comparison, item, pass } from './passes.ts';

const okItems = (n: number) => Array.from({ length: n }, () => item('ok'));
const check = (c: Comparison, id: string) => builtinIndicators(c).find((r) => r.criterion.id === id)!;

describe('built-in failure indicators, checked on every test', () => {
  it('are four, worded as the bad thing they detect, with their severity', () => {
    expect(builtinIndicators(comparison(pass('baseline', okItems(5)), pass('after', okItems(5)))).map((r) => [r.criterion.description, r.criterion.severity, r.holds])).toEqual([
      ['The plug-in failed to start, crashed or restarted during the test', 'critical', false],
      ['Error kinds appeared that were not seen before the change', 'critical', false],
      ['More than 20 % of the items timed out', 'minor', false],
      ['The agent stopped reporting scraped data for items that had it before', 'critical', false],
    ]);
  });

  describe('the plug-in failed to start, crashed or restarted (critical)', () => {
    const start = (s: Partial<PluginStartSeen>): PluginStartSeen => ({ agent: 'GEVI', at: '2026-02-01T10:00:30.000Z', ok: true, midTest: false, ...s });
    const withStarts = (...starts: PluginStartSeen[]) => comparison(pass('baseline', okItems(5)), pass('after', okItems(5), { pluginStarts: starts }), {});

    it('does not fire for the lazy first start of an agent used for the first time since the reload', () => {
      expect(check(withStarts(start({ midTest: false })), PLUGIN_CRASHED.id).holds).toBe(false);
    });

    it('fires for a restart after the agent had worked on items', () => {
      expect(check(withStarts(start({ midTest: true })), PLUGIN_CRASHED.id)).toMatchObject({ holds: true, after: 1, text: 'GEVI restarted at 2026-02-01T10:00:30.000Z' });
    });

    it('fires for a failed start during the test, with the line that says why', () => {
      const r = check(withStarts(start({ ok: false, reason: 'SyntaxError: Line 101: "_x" is an invalid variable name because it starts with "_"' })), PLUGIN_CRASHED.id);
      expect(r.holds).toBe(true);
      expect(r.text).toBe('GEVI failed to start at 2026-02-01T10:00:30.000Z: SyntaxError: Line 101: "_x" is an invalid variable name because it starts with "_"');
    });

    it('fires when the start after the change failed before the test began', () => {
      const c = comparison(pass('baseline', okItems(5)), pass('after', okItems(5)), { pluginStarted: { value: 0, text: 'GEVI failed to start at 10:00: SyntaxError', failure: 'SyntaxError' } });
      expect(check(c, PLUGIN_CRASHED.id)).toMatchObject({ holds: true, text: 'GEVI failed to start at 10:00: SyntaxError' });
    });

    it('does not fire for a plug-in that simply has not restarted since the change (the fix\'s own pluginStarted indicator covers it)', () => {
      const c = comparison(pass('baseline', okItems(5)), pass('after', okItems(5)), { pluginStarted: { value: 0, text: 'GEVI has not started since the change' } });
      expect(check(c, PLUGIN_CRASHED.id).holds).toBe(false);
    });
  });

  it('error kinds not seen before (critical): names them', () => {
    const c = comparison(pass('baseline', okItems(5), { signatures: ['iafd-url-error'] }), pass('after', okItems(5), { signatures: ['iafd-request-exception', 'iafd-url-error'] }));
    expect(check(c, NEW_ERROR_KINDS.id)).toMatchObject({ holds: true, after: 1, text: 'new: iafd-request-exception' });
  });

  describe('more than 20 % of the items timed out (minor)', () => {
    const timedOut = (n: number) => comparison(pass('baseline', okItems(20)), pass('after', [...Array.from({ length: n }, () => item('timeout')), ...okItems(20 - n)]));
    it('does not fire at 4 of 20 (20 %)', () => {
      expect(check(timedOut(4), MANY_TIMEOUTS.id)).toMatchObject({ holds: false, after: 0.2, text: '4 items of 20 timed out (20 %)' });
    });
    it('fires at 5 of 20 (25 %)', () => {
      expect(check(timedOut(5), MANY_TIMEOUTS.id).holds).toBe(true);
    });
    it('leaves out items Plex no longer has', () => {
      const c = comparison(pass('baseline', okItems(3)), pass('after', [item('timeout'), item('missing'), item('missing'), item('ok'), item('ok')]));
      expect(check(c, MANY_TIMEOUTS.id)).toMatchObject({ holds: true, text: '1 item of 3 timed out (33 %)' });
    });
  });

  describe('the agent stopped reporting scraped data (critical)', () => {
    const lost = (n: number) => comparison(pass('baseline', okItems(20)), pass('after', [...Array.from({ length: n }, () => item('unknown')), ...okItems(20 - n)]));
    it('fires when every item that had an outcome has none after the refresh', () => {
      expect(check(lost(20), OUTCOMES_LOST.id)).toMatchObject({
        holds: true,
        before: 20,
        after: 0,
        text: 'items with scraped data (or a clear failure): 20 before → 0 after, for the same refreshed items; 20 items logged no result at all',
      });
    });
    it('fires above half (11 of 20), not at half (10 of 20)', () => {
      expect(check(lost(11), OUTCOMES_LOST.id).holds).toBe(true);
      expect(check(lost(10), OUTCOMES_LOST.id).holds).toBe(false);
    });
    it('counts only items with an outcome before whose refresh ended after', () => {
      const c = comparison(pass('baseline', [item('unknown'), item('ok'), item('failed')]), pass('after', [item('unknown'), item('timeout'), item('unknown')]));
      expect(check(c, OUTCOMES_LOST.id)).toMatchObject({ holds: true, before: 1, after: 0 });
    });
    it('cannot tell for an agent that never reports an outcome', () => {
      const c = comparison(pass('baseline', [item('unknown')]), pass('after', [item('unknown')]));
      expect(check(c, OUTCOMES_LOST.id)).toMatchObject({ holds: null, text: 'no refreshed item had an outcome before' });
    });
  });
});
