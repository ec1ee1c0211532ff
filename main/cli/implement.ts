// `agent-doctor implement`: Phase 3 by hand — one fix from a diagnostic report, shown as the
// proposal card and applied only when the person says yes: backed up, written in a journaled
// transaction, the plug-in restarted and its log checked; a plug-in that does not start gets the
// fix rolled back at once.
import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Metrics } from '../../shared/metrics.ts';
import type { ProposalAnswer } from '../../shared/proposal.ts';
import { UserError } from '../engine/errors.ts';
import { readDiagnosticReport } from '../engine/diagnose/index.ts';
import { applyPlan, PROCEED_QUESTION, parseProposalAnswer, planFix, proposalFor, recover, renderProposal, restartAndValidate, type IterationContext, type Validation } from '../engine/fixes/index.ts';
import { DEFAULT_SERVER_URL } from '../engine/plex/index.ts';
import type { PlexSession } from '../engine/service/plex-session.ts';
import { execFileRunner } from '../engine/ports.ts';
import { stringOption, UsageError, type CliIO, type Command, type OptionValues } from './command.ts';
import { readMetricsFile } from './inputs.ts';
import { connectPlex, folders, printRecovery, serverUrlOption, tokenFinder } from './plex-connection.ts';

export const implementCommand: Command = {
  name: 'implement',
  summary: 'Apply one fix from a diagnostic report: show it, ask, back up, apply, restart and check',
  usage: 'implement --fix ID --diagnostic-report FILE [--yes] [--metrics FILE] [--plugins DIR] [--data DIR] [--plex-data DIR] [--logs DIR] [--server URL] [--prefs FILE] [--no-restart]',
  help: `Shows what the fix changes — what happens now (with the numbers of the last aggregation),
what should happen, how the test will judge it, and the exact change — and asks before it
touches anything. Then it backs up the files, writes the change, restarts the agent's plug-in
(or Plex) and reads the agent's log: if the plug-in does not start, the fix is rolled back
at once and Plex restarted again.

Nothing is changed when the fix is refused: a path outside an agent bundle, sudo or a program
call added, code Plex would not load, text that is not found exactly as often as the fix says,
too little disk space, or another Agent Doctor working on the same Plug-ins folder.

Options:
  --fix ID                   the fix to apply, as named in the diagnostic report
  --diagnostic-report FILE   diagnostic_report_iteration_N.md (its fenced json blocks)
  --yes                      apply without asking
  --metrics FILE             the aggregation's metrics, for the numbers on the card
                             (default: metrics_iteration_N.json beside the report, if there)
  --plugins DIR              the Plug-ins folder (default: <plex-data>/Plug-ins)
  --data DIR                 Agent Doctor's data folder (default ~/Library/Application Support/Agent Doctor)
  --plex-data DIR            Plex's data folder (default: Plex's own location on this computer)
  --logs DIR                 the Plex logs folder, the one holding "PMS Plugin Logs"
  --server URL               Plex Media Server address (default ${DEFAULT_SERVER_URL})
  --prefs FILE               the preferences file that holds the token (plist or Preferences.xml)
  --no-restart               apply only; restart Plex and check the agent yourself (not recommended)

The backup goes to <data>/runs/<run>/iteration_N/_BACKUPS/ (the report's run and iteration
when the report lies in one), with implementation_log.json and implementation_report_<fix>.md.
Undo with: agent-doctor rollback --fix ID

Exit code: 0 applied and the plug-in started (or you said no or skip), 1 refused, rolled back
or not possible.`,
  options: {
    fix: { type: 'string' },
    'diagnostic-report': { type: 'string' },
    yes: { type: 'boolean' },
    metrics: { type: 'string' },
    plugins: { type: 'string' },
    data: { type: 'string' },
    'plex-data': { type: 'string' },
    logs: { type: 'string' },
    server: { type: 'string' },
    prefs: { type: 'string' },
    'no-restart': { type: 'boolean' },
  },
  run: runImplement,
};

async function runImplement(values: OptionValues, _positionals: string[], io: CliIO): Promise<number> {
  const fixId = stringOption(values, 'fix');
  if (fixId === undefined) throw new UsageError('--fix is required.');
  const report = stringOption(values, 'diagnostic-report');
  if (report === undefined) throw new UsageError('--diagnostic-report is required.');
  const reportPath = resolve(io.cwd, report);
  const { paths, dataDir } = folders(values, io);
  const restart = values['no-restart'] !== true;
  const serverUrl = serverUrlOption(values);

  const credentials = await tokenFinder(io, paths)();
  const ctx: IterationContext = {
    pluginsDir: paths.pluginsDir,
    dataDir,
    iterationDir: iterationDirFor(reportPath, dataDir, new Date()),
    program: 'agent-doctor implement',
    secrets: credentials.token ? [credentials.token] : [],
  };
  printRecovery(io, await recover(ctx));

  const fixes = await readDiagnosticReport(reportPath);
  const fix = fixes.find((f) => f.id === fixId);
  if (!fix) throw new UserError('implement-unknown-fix', `The diagnostic report ${reportPath} has no fix "${fixId}".`, fixes.length ? `Fixes in it: ${fixes.map((f) => f.id).join(', ')}.` : 'It proposes no fix at all.');
  const planned = await planFix(fix, ctx);
  if (!planned.ok) throw planned.refusal;

  for (const line of renderProposal(proposalFor(planned.plan, await metricsFor(values, io, reportPath)))) io.out(line);
  const answer = await ask(values, io);
  if (answer !== 'proceed') {
    io.out(answer === 'skip' ? 'Skipped: nothing was changed.' : 'Stopped: nothing was changed.');
    return 0;
  }

  // reach Plex before anything changes: a fix that cannot be checked is not applied
  const plex = restart ? await connect(io, { serverUrl, paths, dataDir }) : undefined;
  try {
    const applied = await applyPlan(planned.plan, ctx);
    io.out(`Applied "${applied.title}": ${applied.files.length} ${applied.files.length === 1 ? 'file' : 'files'} changed; the originals are in ${applied.backupDir}.`);
    if (!plex) {
      io.out('Not restarted (--no-restart): restart Plex Media Server yourself; the agent runs the new code from then on.');
      io.out(`Undo with: agent-doctor rollback --fix ${applied.fixId}`);
      return 0;
    }
    io.out('Restarting the plug-in and reading its log…');
    const outcome = await restartAndValidate(applied, ctx, { plex: { client: plex.client, runner: execFileRunner, notifications: plex.notifications }, tailer: plex.tailer });
    printValidation(io, outcome.validation);
    if (outcome.rollback) {
      io.out(`The fix was rolled back automatically. ${outcome.rollback.text}`);
      if (outcome.afterRollback) printValidation(io, outcome.afterRollback);
      io.out(`Details: ${join(ctx.iterationDir, 'implementation_report_' + applied.fixId + '.md')}`);
      return 1;
    }
    io.out(`Next: test it with agent-doctor test --fix ${applied.fixId} --diagnostic-report ${report} --baseline METRICS. Undo with: agent-doctor rollback --fix ${applied.fixId}`);
    return 0;
  } finally {
    await plex?.close();
  }
}

/** The report's own iteration folder when it lies in `<data>/runs/<run>/iteration_N/`, else a new manual run. */
export function iterationDirFor(reportPath: string, dataDir: string, now: Date): string {
  const dir = dirname(reportPath);
  if (/^iteration_[1-9]\d{0,3}$/.test(basename(dir)) && basename(dirname(dirname(dir))) === 'runs') return dir;
  const iteration = /_iteration_([1-9]\d{0,3})\.md$/.exec(basename(reportPath))?.[1] ?? '1';
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return join(dataDir, 'runs', `manual-${stamp}`, `iteration_${iteration}`);
}

async function metricsFor(values: OptionValues, io: CliIO, reportPath: string): Promise<Metrics | null> {
  const given = stringOption(values, 'metrics');
  const path = given ? resolve(io.cwd, given) : join(dirname(reportPath), basename(reportPath).replace(/^diagnostic_report_(iteration_\d+)\.md$/, 'metrics_$1.json'));
  if (!given && (path === reportPath || !(await stat(path).then((s) => s.isFile(), () => false)))) return null;
  return readMetricsFile(path);
}

async function ask(values: OptionValues, io: CliIO): Promise<ProposalAnswer> {
  if (values.yes === true) {
    io.out(`${PROCEED_QUESTION}yes (--yes)`);
    return 'proceed';
  }
  if (!io.interactive) throw new UserError('implement-not-asked', 'Nothing was changed: there is no one to ask here (not a terminal).', 'Run it in a terminal, or add --yes to apply without asking.');
  for (let tries = 0; tries < 3; tries++) {
    const answer = parseProposalAnswer(await io.ask(PROCEED_QUESTION));
    if (answer) return answer;
    io.out('Please answer yes, no or skip.');
  }
  return 'no';
}

function printValidation(io: CliIO, v: Validation): void {
  io.out(`Check after the restart: ${v.verdict}. ${v.reason}`);
  for (const p of v.plugins) for (const c of p.criticals) io.out(`  CRITICAL in ${p.identifier}: ${c}`);
}

/** Reaches Plex before anything changes: a fix that cannot be checked is not applied. */
async function connect(io: CliIO, where: Parameters<typeof connectPlex>[1]): Promise<PlexSession> {
  try {
    return await connectPlex(io, where);
  } catch (err) {
    if (err instanceof UserError) throw new UserError(err.code, `Nothing was changed: ${err.message}`, `${err.hint ?? 'Start Plex Media Server.'} (Or add --no-restart to apply without the check.)`, { cause: err });
    throw err;
  }
}
