// The loop's public surface: what the engine service, the CLI and the demo call. Everything else
// in this folder is an implementation detail.
export { createRun, runLoop, loopSettings, type LoopSettingsInput } from './coordinator.ts';
export { type LoopDeps, type LoopPorts, type LoopControl } from './context.ts';
export { readLoopState, loopStatePath, LOOP_STATE_FILE, LoopStateSchema, type LoopState, type LoopSettings, type Attempt, type IterationRecord } from './state.ts';
export { readDecisionLog, DECISION_LOG_FILE, DecisionLogSchema, type DecisionEntry } from './decision-log.ts';
export { progressOf, renderProgress, type LoopProgress } from './progress.ts';
export { finalSummary } from './final-report.ts';
export { EXIT_REASONS, PLATEAU_PCT, PLATEAU_ITERATIONS, MAX_ITERATIONS, type Exit, type ExitReason } from './exit-conditions.ts';
export { RUNS_FOLDER, FINAL_REPORT_FILE, runsDir, runDir, iterationFolder, metricsFileName } from './run-files.ts';
export { PROPAGATION_SAMPLE } from './propagate.ts';
