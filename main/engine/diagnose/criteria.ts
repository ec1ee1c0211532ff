// The default success criteria and failure indicators of each recipe (design.md, Criterion).
// Every count compares per refreshed item, never raw counts over windows of different length;
// the operators and metric references are those of shared/fix.ts.
import type { CriterionInput } from '../../../shared/fix.ts';

/** A fix must never stop the plug-in, bring new kinds of error, or make items fail that
 *  worked; a test where many items time out is weak evidence. */
export const COMMON_FAILURE_INDICATORS: readonly CriterionInput[] = [
  { id: 'plugin-fails-to-start', description: 'The plug-in does not start after the change', metric: 'pluginStarted', op: 'equals', target: 0, severity: 'critical' },
  { id: 'new-error-kinds', description: 'Kinds of error appear that were not there before', metric: 'newSignatures', op: 'atLeast', target: 1, severity: 'critical' },
  { id: 'fewer-items-ok', description: 'Fewer of the refreshed items are updated well than before', metric: 'itemSuccessRate', op: 'belowBefore', severity: 'critical' },
  { id: 'many-timeouts', description: 'More than 20 % of the refreshed items time out', metric: 'timeoutRate', op: 'above', target: 0.2, severity: 'minor' },
];

const NO_NEW_ERRORS: CriterionInput = { id: 'no-new-error-kinds', description: 'No new kinds of error', metric: 'newSignatures', op: 'equals', target: 0 };

/** The share by which a fix must cut the errors it addresses (per refreshed item). */
export const REDUCE_BY_PERCENT = 20;

export const IAFD_HEADERS_CRITERIA: readonly CriterionInput[] = [
  { id: 'iafd-url-errors-down', description: `IAFD URL errors per item down by at least ${REDUCE_BY_PERCENT} %`, metric: 'signature:iafd-url-error', op: 'reduceBy', target: REDUCE_BY_PERCENT },
  { id: 'found-on-iafd', description: 'At least one item is found on IAFD (FoundOnIAFD = Yes)', metric: 'marker:found-on-iafd', op: 'atLeast', target: 1 },
  NO_NEW_ERRORS,
];

export const IAFD_SKIP_CRITERIA: readonly CriterionInput[] = [
  { id: 'iafd-url-errors-gone', description: 'No IAFD URL errors', metric: 'signature:iafd-url-error', op: 'atMost', target: 0 },
  { id: 'iafd-cast-errors-gone', description: 'No IAFD cast look-up errors', metric: 'signature:iafd-cast-search', op: 'atMost', target: 0 },
  { id: 'items-ok-kept', description: 'At least as many items are updated well as before', metric: 'itemSuccessRate', op: 'notBelowBefore' },
  NO_NEW_ERRORS,
];

/** Skipping IAFD must keep the cast the agent's own site gives (an early `return {}` would not). */
export const IAFD_SKIP_INDICATORS: readonly CriterionInput[] = [
  ...COMMON_FAILURE_INDICATORS,
  { id: 'cast-lost', description: 'Fewer items get a cast than before', metric: 'marker:cast', op: 'belowBefore', severity: 'critical' },
];

export const RENAME_CRITERIA: readonly CriterionInput[] = [
  { id: 'plugin-starts', description: 'The plug-in starts', metric: 'pluginStarted', op: 'equals', target: 1 },
  { id: 'no-restricted-names', description: 'Plex no longer refuses a name that starts with "_"', metric: 'signature:restricted-name', op: 'atMost', target: 0 },
  NO_NEW_ERRORS,
];
