// Where an iteration's fixes come from: Agent Doctor's own diagnosis of the iteration's metrics,
// or — as the seed describes ("Read diagnostic report") — diagnostic reports given for the run,
// the first for iteration 1 and so on. Either way the iteration folder ends up with its
// diagnostic_report_iteration_N.md, and the fixes are read through the same schema.
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Fix } from '../../../shared/fix.ts';
import type { Metrics } from '../../../shared/metrics.ts';
import { diagnose, readDiagnosticReport, reportFileName, writeDiagnosticReport } from '../diagnose/index.ts';
import { ensureDir } from '../util/atomic-write.ts';
import type { Run } from './context.ts';

export interface IterationFixes {
  fixes: Fix[];
  /** the report in the iteration folder, relative to the run folder */
  report: string;
}

/** The fixes for `iteration`; null when the given reports have none for it. */
export async function fixesFor(run: Run, iteration: number, metrics: Metrics): Promise<IterationFixes | null> {
  const dir = run.iterationDir(iteration);
  await ensureDir(dir);
  const target = join(dir, reportFileName(iteration));
  const { reports } = run.settings;
  if (reports.length > 0) {
    const given = reports[iteration - 1];
    if (given === undefined) return null;
    const fixes = await readDiagnosticReport(given);
    if (given !== target) await copyFile(given, target);
    return { fixes, report: run.relative(iteration, reportFileName(iteration)) };
  }
  const diagnosis = await diagnose({ metrics, pluginsDir: run.settings.pluginsDir, iteration, now: run.clock.now() });
  await writeDiagnosticReport(target, diagnosis);
  return { fixes: diagnosis.fixes, report: run.relative(iteration, reportFileName(iteration)) };
}
