// The words the popover uses for the engine's values. Short, plain, for people who run Plex
// at home rather than people who read Python.
import type { TestOutcome, Verdict } from '../../shared/decision.ts';
import type { Phase } from '../../shared/events.ts';
import type { RestartStrategy } from '../../shared/ipc.ts';

export const PHASE_TEXT: Record<Phase, string> = {
  idle: 'Idle',
  aggregate: 'Reading the agents’ logs',
  diagnose: 'Looking for fixes',
  propose: 'Waiting for your answer',
  implement: 'Applying the fix',
  restart: 'Restarting the plug-in',
  test: 'Refreshing test items',
  decide: 'Comparing with before',
  propagate: 'Applying the fix to more agents',
  report: 'Writing the report',
};

export const VERDICT_TEXT: Record<Verdict, string> = {
  KEEP: 'It worked. The change stays.',
  MONITOR: 'Looks better, but needs another test.',
  MODIFY: 'Partly worked. The fix needs changing.',
  ROLLBACK: 'It did not work. The change should be undone.',
};

export const OUTCOME_TEXT: Record<TestOutcome, string> = {
  ok: 'OK',
  failed: 'Failed',
  unknown: 'Unknown',
  timeout: 'Timed out',
  missing: 'Not found',
};

export const RESTART_TEXT: Record<RestartStrategy, string> = {
  'plugin-reload': 'Reload the plug-in',
  launchctl: 'Restart Plex with launchctl',
  'app-quit': 'Quit and reopen Plex',
  sigterm: 'Stop Plex and reopen it',
  manual: 'Ask me to restart Plex',
};

export const UNDO_THIS_FIX = 'Undo this fix and put the files back as they were?';
/** Said before the rollback question while a loop runs: the engine stops it first. */
export const STOP_LOOP_FIRST = 'The loop stops first (after its current step).';
