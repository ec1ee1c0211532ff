// Failure indicators Agent Doctor checks on every test, whatever the fix says (issue 7):
//  - the plug-in failed to start, crashed or restarted during the test → critical (lessons #7);
//  - error kinds appeared that neither the baseline nor the pre-test had → critical;
//  - more than 20 % of the items timed out → minor (the evidence is thin, not wrong);
//  - the agent stopped reporting scraped data for most items that had it before → critical: a
//    change that silences errors by skipping the work (e.g. an early `return` in update()) leaves
//    a clean log and no metadata, and must not pass for a fix (seed: "regressions").
import type { BuiltinCheck, CriterionResult } from '../../../shared/decision.ts';
import { newSignatures, timeoutRate, type Comparison } from './metric-values.ts';
import { plural } from './choose-items.ts';

export const MAX_TIMEOUT_SHARE = 0.2;
export const MAX_LOST_OUTCOME_SHARE = 0.5;

const check = (id: string, description: string, severity: BuiltinCheck['severity']): BuiltinCheck => ({ id, description, builtin: true, severity });

export const PLUGIN_CRASHED = check('builtin-plugin-crashed', 'The plug-in failed to start, crashed or restarted during the test', 'critical');
export const NEW_ERROR_KINDS = check('builtin-new-error-kinds', 'Error kinds appeared that were not seen before the change', 'critical');
export const MANY_TIMEOUTS = check('builtin-many-timeouts', `More than ${MAX_TIMEOUT_SHARE * 100} % of the items timed out`, 'minor');
export const OUTCOMES_LOST = check('builtin-outcomes-lost', 'The agent stopped reporting scraped data for items that had it before', 'critical');

export const BUILTIN_CHECKS: readonly BuiltinCheck[] = [PLUGIN_CRASHED, NEW_ERROR_KINDS, OUTCOMES_LOST, MANY_TIMEOUTS];

export function builtinIndicators(c: Comparison): CriterionResult[] {
  return [pluginCrashed(c), newErrorKinds(c), manyTimeouts(c), outcomesLost(c)];
}

function pluginCrashed(c: Comparison): CriterionResult {
  const events = c.after.pluginStarts.filter((s) => !s.ok || s.midTest);
  const failure = c.pluginStarted.value === 0 && c.pluginStarted.failure !== undefined;
  const said = events.map((s) => (s.ok ? `${s.agent} restarted at ${s.at}` : `${s.agent} failed to start at ${s.at}${s.reason ? `: ${s.reason}` : ''}`));
  if (failure && events.every((s) => s.ok)) said.unshift(c.pluginStarted.text);
  return {
    criterion: PLUGIN_CRASHED,
    before: null,
    after: events.length + (failure ? 1 : 0),
    holds: said.length > 0,
    text: said.length ? said.join('; ') : 'no failed start, crash or restart of the plug-in',
  };
}

function newErrorKinds(c: Comparison): CriterionResult {
  const fresh = newSignatures(c);
  return { criterion: NEW_ERROR_KINDS, before: null, after: fresh.length, holds: fresh.length > 0, text: fresh.length ? `new: ${fresh.join(', ')}` : 'no error kind that was not there before' };
}

function manyTimeouts(c: Comparison): CriterionResult {
  const rate = timeoutRate(c.after);
  const timedOut = Object.values(c.after.items).filter((i) => i.outcome === 'timeout').length;
  return {
    criterion: MANY_TIMEOUTS,
    before: timeoutRate(c.before),
    after: rate,
    holds: rate === null ? null : rate > MAX_TIMEOUT_SHARE,
    text: rate === null ? 'no item was refreshed' : `${plural(timedOut, 'item')} of ${Object.values(c.after.items).filter((i) => i.outcome !== 'missing').length} timed out (${Math.round(rate * 100)} %)`,
  };
}

function outcomesLost(c: Comparison): CriterionResult {
  let had = 0;
  let lost = 0;
  for (const [rk, after] of Object.entries(c.after.items)) {
    const before = c.before.items[rk];
    if (!before || (before.outcome !== 'ok' && before.outcome !== 'failed')) continue;
    if (after.outcome === 'timeout' || after.outcome === 'missing') continue;
    had += 1;
    if (after.outcome === 'unknown') lost += 1;
  }
  return {
    criterion: OUTCOMES_LOST,
    before: had,
    after: had - lost,
    holds: had === 0 ? null : lost / had > MAX_LOST_OUTCOME_SHARE,
    text:
      had === 0
        ? 'no refreshed item had an outcome before'
        : `items with scraped data (or a clear failure): ${had} before → ${had - lost} after, for the same refreshed items${lost ? `; ${plural(lost, 'item')} logged no result at all` : ''}`,
  };
}
