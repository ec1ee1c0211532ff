// Where a run keeps its files (design.md, Files a run writes): `<data>/runs/<run-id>/` with one
// `iteration_<N>/` folder per iteration. Names here, nowhere else.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export const RUNS_FOLDER = 'runs';
export const FINAL_REPORT_FILE = 'final_improvement_report.md';

export const runsDir = (dataDir: string): string => join(dataDir, RUNS_FOLDER);
export const runDir = (dataDir: string, runId: string): string => join(runsDir(dataDir), runId);
export const iterationFolder = (iteration: number): string => `iteration_${iteration}`;
export const metricsFileName = (iteration: number): string => `metrics_iteration_${iteration}.json`;
export const aggregatedLogsFileName = (iteration: number): string => `aggregated_logs_iteration_${iteration}.txt`;
/** the measurement taken before any change, beside the iterations */
export const BASELINE_MEASUREMENT_FILE = 'baseline_measurement.json';

/** `20260201-120000-3fa9`: sorts by start time (UTC), unique enough for one person's runs. */
export function newRunId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}-${randomBytes(2).toString('hex')}`;
}
