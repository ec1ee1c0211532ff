// Phase 4's public surface: what the loop, the CLI and the app call. Everything else in this
// folder is an implementation detail.
export { planTest, locateItems, TestPlanSchema, TestPlanItemSchema, type TestPlan, type TestPlanItem, type PlanOptions } from './plan.ts';
export { chooseTestItems, DEFAULT_TEST_ITEMS, type Choice, type Candidate, type TestAgent } from './choose-items.ts';
export { preTest, postTest, type PostTestInput, type PostTestResult } from './test-fix.ts';
export { runTestPass, type VerifyContext, type PassOptions } from './run-pass.ts';
export { TestPassSchema, passFromBaseline, type TestPass } from './pass.ts';
export { refreshItems, DEFAULT_CONCURRENCY, DEFAULT_ITEM_TIMEOUT_MS, type RefreshOutcome, type RefreshOptions } from './refresh-items.ts';
export { judge, type JudgeInput, type Judgement } from './judge.ts';
export { decide, DEFAULT_THRESHOLDS, KEEP_PCT, MONITOR_PCT, MIN_ITEMS_WITH_OUTCOME, type Thresholds, type DecisionInput } from './decide.ts';
export { signTest, pairOutcomes } from './paired.ts';
export { pluginStartedAfterChange } from './plugin-state.ts';
export { writeTestRecords, readDecisions, DECISIONS_FILE } from './records.ts';
export { renderTestReport } from './report.ts';
