// `agent-doctor diagnose`: Phase 2 by hand — metrics (from `aggregate --json`) and the agents'
// code in, diagnostic_report_iteration_N.md out, with the fixes in the order they would be tried.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { isAdviceOnly, filesOf } from '../../shared/fix.ts';
import { UserError } from '../engine/errors.ts';
import { diagnose, reportFileName, writeDiagnosticReport } from '../engine/diagnose/index.ts';
import { plexPaths } from '../engine/plex/index.ts';
import { numberOption, stringOption, UsageError, type CliIO, type Command, type OptionValues } from './command.ts';
import { readMetricsFile } from './inputs.ts';

export const diagnoseCommand: Command = {
  name: 'diagnose',
  summary: 'Turn aggregated metrics into a prioritized list of fixes and a diagnostic report',
  usage: 'diagnose --metrics FILE [--plugins DIR] [--out FILE] [--iteration N]',
  help: `Reads the metrics written by "agent-doctor aggregate --json FILE" and the code of the agents
in the Plug-ins folder, explains each kind of error in plain words, prepares code changes where
a known recipe fits (every change is checked as Python 2.7 for Plex before it is proposed), and
writes diagnostic_report_iteration_N.md. Nothing is changed: the report only proposes.

Options:
  --metrics FILE   the metrics JSON from "agent-doctor aggregate --json FILE" (required)
  --plugins DIR    Plex's Plug-ins folder (default on this computer: ${defaultPluginsDir(process.env)})
  --out FILE       where to write the report (default: diagnostic_report_iteration_N.md here)
  --iteration N    the iteration number the report is for (default 1)`,
  options: {
    metrics: { type: 'string' },
    plugins: { type: 'string' },
    out: { type: 'string' },
    iteration: { type: 'string' },
  },
  run: runDiagnose,
};

async function runDiagnose(values: OptionValues, _positionals: string[], io: CliIO): Promise<number> {
  const metricsFile = stringOption(values, 'metrics');
  if (!metricsFile) throw new UsageError('Name the metrics file with --metrics FILE (write one with "agent-doctor aggregate --json FILE").');
  const iteration = numberOption(values, 'iteration', { min: 1, max: 10_000, integer: true }) ?? 1;
  const metrics = await readMetricsFile(resolve(io.cwd, metricsFile));
  const pluginsOption = stringOption(values, 'plugins');
  let pluginsDir: string | undefined = resolve(io.cwd, pluginsOption ?? defaultPluginsDir(io.env));
  if (!existsSync(pluginsDir)) {
    if (pluginsOption !== undefined) throw new UserError('plugins-missing', `There is no folder "${pluginsDir}".`, 'Pass Plex\'s Plug-ins folder with --plugins DIR.');
    io.err(`No Plug-ins folder at ${pluginsDir}: the agents' code is not read, so every fix will be advice only. Pass --plugins DIR to read it.`);
    pluginsDir = undefined;
  }
  const diagnosis = await diagnose({ metrics, pluginsDir, iteration });
  const out = resolve(io.cwd, stringOption(values, 'out') ?? reportFileName(iteration));
  await writeDiagnosticReport(out, diagnosis);

  const changing = diagnosis.fixes.filter((f) => !isAdviceOnly(f));
  if (diagnosis.findings.length === 0) io.out('No errors in the metrics: nothing to fix.');
  for (const f of changing) io.out(`${f.priority}. [${f.agents.join(', ')}] ${f.title} (${f.id}) — changes ${filesOf(f).join(', ')}${f.alternativeOf ? `; fallback of ${f.alternativeOf}` : ''}`);
  const advice = diagnosis.fixes.length - changing.length;
  if (advice > 0) io.out(`${advice} more ${advice === 1 ? 'problem has' : 'problems have'} advice only (no change is made for ${advice === 1 ? 'it' : 'them'}).`);
  io.out(`Report written to ${out}.`);
  return 0;
}

function defaultPluginsDir(env: NodeJS.ProcessEnv): string {
  return plexPaths({ platform: process.platform, home: homedir(), env }).pluginsDir;
}
