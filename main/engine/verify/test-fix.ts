// Phase 4 as the loop calls it, in three steps around the change:
//   const plan = await planTest(client, { fix, baseline });     // which items, found in Plex
//   const before = await preTest(ctx, plan);                     // paired baseline, before applying
//   …apply the fix, restart the plug-in…
//   const result = await postTest(ctx, { fix, plan, baseline, before, iteration, dir, changedAt });
// postTest refreshes the same items, decides, writes the report and testing_decisions.json, and
// sends the `testFinished` event the app turns into a notification.
import type { Decision, TestItem, TestRecord } from '../../../shared/decision.ts';
import type { Fix } from '../../../shared/fix.ts';
import type { Metrics } from '../../../shared/metrics.ts';
import { systemClock } from '../ports.ts';
import type { Thresholds } from './decide.ts';
import { judge } from './judge.ts';
import type { TestPass } from './pass.ts';
import type { TestPlan } from './plan.ts';
import { pluginStartedAfterChange } from './plugin-state.ts';
import { writeTestRecords } from './records.ts';
import { runTestPass, type PassOptions, type VerifyContext } from './run-pass.ts';

/** The paired baseline: the plan's items refreshed once before the fix is applied. */
export function preTest(ctx: VerifyContext, plan: TestPlan, options: PassOptions = {}): Promise<TestPass> {
  return runTestPass(ctx, plan, 'baseline', options);
}

export interface PostTestInput {
  fix: Fix;
  plan: TestPlan;
  /** the aggregated metrics the plan was made from */
  baseline: Metrics;
  /** preTest's result; null skips the pairing (--no-pre-test): the report says so */
  before: TestPass | null;
  iteration: number;
  /** the iteration folder: the report and testing_decisions.json are written here */
  dir: string;
  /** when the fix was applied: the plug-in must have started after it */
  changedAt?: Date;
  thresholds?: Thresholds;
}

export interface PostTestResult {
  decision: Decision;
  items: TestItem[];
  after: TestPass;
  record: TestRecord;
  reportPath: string;
  decisionsPath: string;
}

export async function postTest(ctx: VerifyContext, input: PostTestInput, options: PassOptions = {}): Promise<PostTestResult> {
  const clock = ctx.clock ?? systemClock;
  const after = await runTestPass(ctx, input.plan, 'after', options);
  const pluginStarted = await pluginStartedAfterChange({ logsDir: ctx.tailer.logsDir, agents: input.plan.agents, after, changedAt: input.changedAt, secrets: ctx.secrets, timeZone: ctx.timeZone });
  const judgement = judge({ ...input, after, pluginStarted, now: clock.now() });
  const written = await writeTestRecords(input.dir, input.fix, judgement, ctx.secrets);
  const { decision } = written.record;
  ctx.notify?.({
    type: 'testFinished',
    at: clock.now().toISOString(),
    runId: ctx.runId,
    iteration: input.iteration,
    fixId: input.fix.id,
    fixTitle: input.fix.title,
    verdict: decision.verdict,
    why: decision.reasons[0]!,
    reportPath: written.reportPath,
  });
  return { decision, items: written.record.items, after, ...written };
}
