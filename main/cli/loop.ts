// `agent-doctor loop`: the whole improvement loop in the terminal — aggregate, diagnose, then one
// fix at a time: the card, the question, backup + apply + restart + check, the test on the items
// that failed, KEEP / MONITOR / MODIFY / ROLLBACK carried out, the progress block after every
// iteration, the final report. Ctrl+C once stops at the next safe point (with the final report),
// twice stops at once; `--resume` carries on from the last durable step.
import { dirname, resolve } from 'node:path';
import type { EngineEvent } from '../../shared/events.ts';
import type { Proposal, ProposalAnswer } from '../../shared/proposal.ts';
import { UserError } from '../engine/errors.ts';
import { parseProposalAnswer, PROCEED_QUESTION, renderProposal } from '../engine/fixes/index.ts';
import { createRun, loopStatePath, readLoopState, renderProgress, runLoop, MAX_ITERATIONS, type LoopDeps, type LoopPorts, type LoopState } from '../engine/loop/index.ts';
import { DEFAULT_SERVER_URL } from '../engine/plex/index.ts';
import { execFileRunner } from '../engine/ports.ts';
import type { PlexSession } from '../engine/service/plex-session.ts';
import { DEFAULT_ITEM_TIMEOUT_MS, DEFAULT_TEST_ITEMS } from '../engine/verify/index.ts';
import { numberOption, stringOption, UsageError, type CliIO, type Command, type OptionValues } from './command.ts';
import { folders } from './plex-connection.ts';
import { connectPlex, serverUrlOption } from './plex-connection.ts';

const EXIT_TITLES: Record<NonNullable<LoopState['exit']>['reason'], string> = {
  'all-fixes-attempted': 'all fixes attempted',
  plateau: 'plateau',
  'max-iterations': 'maximum iterations reached',
  regression: 'regression below the starting point',
  'user-stop': 'stopped by you',
};

/** Options that set up a new run; a resumed run keeps its own. */
const NEW_RUN_OPTIONS = ['max-iterations', 'items', 'diagnostic-report', 'hours', 'timeout', 'plugins', 'logs', 'plex-data', 'server', 'prefs', 'data'];

export const loopCommand: Command = {
  name: 'loop',
  summary: 'Run the whole loop: aggregate, diagnose, then apply and test one fix at a time until done',
  usage: 'loop [--yes] [--max-iterations N] [--items N] [--diagnostic-report FILE]… [--hours N] [--resume FILE] [--data DIR] [--plugins DIR] [--logs DIR] [--plex-data DIR] [--server URL] [--prefs FILE] [--timeout SECONDS]',
  help: `Reads the Plex logs, measures how the agents do now (it refreshes up to N items per agent
once), diagnoses the errors, then works through the fixes one at a time: it shows each one and
asks, backs the files up, applies it, restarts the agent's plug-in, tests the fix on the items
that failed and keeps or rolls it back. A fix kept on one agent is offered for the other agents
whose file is byte-identical. After every iteration it measures again and diagnoses the fresh
logs. It stops when every fix was tried, progress levels off (under 5 % twice in a row), the
iteration limit is reached, the agents do worse than at the start (it offers to roll back), or
you stop it. Everything goes to <data>/runs/<run>/, ending with final_improvement_report.md.

Options:
  --yes                       answer yes to every question (fixes, carrying them over, rollback)
  --max-iterations N          stop after N iterations (default ${MAX_ITERATIONS})
  --items N                   items per test, and per agent in each measurement (default ${DEFAULT_TEST_ITEMS})
  --diagnostic-report FILE    take the fixes from this report instead of diagnosing (repeat it:
                              the first for iteration 1, the second for iteration 2 …)
  --hours N                   read only the last N hours of the logs at the start (default: all)
  --resume FILE               carry on with the run of this loop_state.json, with its own settings
  --data DIR                  Agent Doctor's data folder (default: ~/Library/Application Support/Agent Doctor on a Mac)
  --plugins DIR               the Plug-ins folder (default: <plex-data>/Plug-ins)
  --logs DIR                  the Plex logs folder, the one holding "PMS Plugin Logs"
  --plex-data DIR             Plex's data folder (default: Plex's own location on this computer)
  --server URL                Plex Media Server address (default ${DEFAULT_SERVER_URL})
  --prefs FILE                the preferences file that holds the token (plist or Preferences.xml)
  --timeout SECONDS           longest wait for one item's refresh (default ${DEFAULT_ITEM_TIMEOUT_MS / 1000})

Ctrl+C stops at the next safe point and writes the final report; press it again to stop at
once (the run can then be resumed with --resume).

Exit code: 0 the loop ended (any reason but a regression), 1 the agents did worse than at
the start, or the loop could not run.`,
  options: {
    yes: { type: 'boolean' },
    'max-iterations': { type: 'string' },
    items: { type: 'string' },
    'diagnostic-report': { type: 'string', multiple: true },
    hours: { type: 'string' },
    resume: { type: 'string' },
    data: { type: 'string' },
    plugins: { type: 'string' },
    logs: { type: 'string' },
    'plex-data': { type: 'string' },
    server: { type: 'string' },
    prefs: { type: 'string' },
    timeout: { type: 'string' },
  },
  run: runLoopCommand,
};

async function runLoopCommand(values: OptionValues, _positionals: string[], io: CliIO): Promise<number> {
  const yes = values.yes === true;
  if (!yes && !io.interactive) throw new UserError('loop-not-asked', 'Nothing was changed: there is no one to answer the questions here (not a terminal).', 'Run it in a terminal, or add --yes to answer yes to every question.');
  const resumeFile = stringOption(values, 'resume');
  if (resumeFile !== undefined) {
    const given = NEW_RUN_OPTIONS.filter((o) => values[o] !== undefined);
    if (given.length) throw new UsageError(`--resume carries on with the run's own settings; leave out ${given.map((o) => `--${o}`).join(', ')}.`);
    const path = resolve(io.cwd, resumeFile);
    const state = await readLoopState(path);
    if (state.status === 'ended') throw new UserError('loop-already-ended', `The run ${state.runId} has already ended (${EXIT_TITLES[state.exit!.reason]}).`, 'Start a new run with agent-doctor loop.');
    const runDir = dirname(path);
    // <data>/runs/<run>/loop_state.json
    const dataDir = dirname(dirname(runDir));
    const { settings } = state;
    return withSession(io, { serverUrl: settings.serverUrl, paths: { logsDir: settings.logsDir, preferencesPath: settings.preferencesPath ?? undefined }, dataDir }, async (session) => {
      io.out(`Resuming run ${state.runId} (${runDir}).`);
      return drive(io, { runDir, dataDir, session, yes });
    });
  }
  const where = folders(values, io);
  const settings = {
    pluginsDir: where.paths.pluginsDir,
    logsDir: where.paths.logsDir,
    serverUrl: serverUrlOption(values),
    preferencesPath: where.paths.preferencesPath ?? null,
    maxIterations: numberOption(values, 'max-iterations', { min: 1, max: 50, integer: true }) ?? MAX_ITERATIONS,
    items: numberOption(values, 'items', { min: 1, max: 100, integer: true }) ?? DEFAULT_TEST_ITEMS,
    reports: ((values['diagnostic-report'] as string[] | undefined) ?? []).map((r) => resolve(io.cwd, r)),
    historyHours: numberOption(values, 'hours', { min: 0.1, max: 24 * 365 }) ?? null,
    itemTimeoutMs: (numberOption(values, 'timeout', { min: 1, max: 3600 }) ?? DEFAULT_ITEM_TIMEOUT_MS / 1000) * 1000,
  };
  // Plex and its logs are reached before the run folder exists: a wrong folder leaves nothing behind
  return withSession(io, { serverUrl: settings.serverUrl, paths: where.paths, dataDir: where.dataDir }, async (session) => {
    const { runId, runDir } = await createRun(where.dataDir, settings, new Date());
    io.out(`Run ${runId}: its files go to ${runDir}.`);
    return drive(io, { runDir, dataDir: where.dataDir, session, yes });
  });
}

async function withSession(io: CliIO, where: Parameters<typeof connectPlex>[1], use: (session: PlexSession) => Promise<number>): Promise<number> {
  const session = await connectPlex(io, where);
  try {
    return await use(session);
  } finally {
    await session.close();
  }
}

interface Drive {
  runDir: string;
  dataDir: string;
  session: PlexSession;
  yes: boolean;
  /** the demo: what to print instead of "(--yes)" */
  autoWhy?: string;
}

/** Runs the loop in the terminal; also the demo's. Returns the exit code. */
export async function drive(io: CliIO, d: Drive): Promise<number> {
  const stop = new AbortController();
  const abort = new AbortController();
  const onSigint = () => {
    if (!stop.signal.aborted) {
      io.err('Stopping at the next safe point (press Ctrl+C again to stop at once; the run can then be resumed).');
      stop.abort();
    } else abort.abort(new UserError('loop-interrupted', 'Stopped at once.', `Resume with: agent-doctor loop --resume ${loopStatePath(d.runDir)}`));
  };
  process.on('SIGINT', onSigint);
  const deps: LoopDeps = { dataDir: d.dataDir, session: d.session, ports: terminalPorts(io, d), control: { stop: stop.signal, abort: abort.signal }, program: 'agent-doctor loop' };
  let state: LoopState;
  try {
    state = await runLoop(d.runDir, deps);
  } catch (err) {
    // stopped at once: the reason carries the resume command already
    if (abort.signal.aborted) throw abort.signal.reason;
    io.err(`The run was not finished; resume it with: agent-doctor loop --resume ${loopStatePath(d.runDir)}`);
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (state.exit) io.out(`  ${state.exit.text}${state.exit.rollback ? ` ${state.exit.rollback.text}` : ''}`);
  return state.exit?.reason === 'regression' ? 1 : 0;
}

/** Questions on the terminal (or answered by --yes), events as plain lines. */
export function terminalPorts(io: CliIO, d: Pick<Drive, 'yes' | 'autoWhy'>): LoopPorts {
  return {
    runner: execFileRunner,
    notify: (e) => printEvent(io, e),
    confirm: (p) => ask(io, p, d),
    ...(io.interactive ? { askRestart: async (text: string) => void (await io.ask(`${text}\nPress Enter when Plex is running again. `)) } : {}),
    afterIteration: async (iteration, progress, ending) => {
      for (const line of ['', ...renderProgress(iteration, progress, true), '']) io.out(line);
      if (ending || d.yes || !io.interactive) return true;
      const answer = (await io.ask('Continue? (Enter/no): ')).trim().toLowerCase();
      return answer !== 'no' && answer !== 'n';
    },
  };
}

async function ask(io: CliIO, p: Proposal, d: Pick<Drive, 'yes' | 'autoWhy'>): Promise<ProposalAnswer> {
  for (const line of renderProposal(p)) io.out(line);
  if (d.yes) {
    io.out(`${PROCEED_QUESTION}yes (${d.autoWhy ?? '--yes'})`);
    return 'proceed';
  }
  for (let tries = 0; tries < 3; tries++) {
    const answer = parseProposalAnswer(await io.ask(PROCEED_QUESTION));
    if (answer) return answer;
    io.out('Please answer yes, no or skip.');
  }
  return 'no';
}

export function printEvent(io: CliIO, e: EngineEvent): void {
  switch (e.type) {
    case 'phase':
      if (e.phase === 'aggregate' || e.phase === 'diagnose') io.out(`[iteration ${e.iteration}] ${e.phase === 'aggregate' ? 'Aggregating the logs' : 'Diagnosing'}…`);
      return;
    case 'message':
      (e.level === 'info' ? io.out : io.err)(`  ${e.text}`);
      return;
    case 'progress':
      if (e.total > 0 && e.finished === e.total) io.out(`  ${e.finished} of ${e.total} refreshed`);
      return;
    case 'testFinished':
      io.out(`DECISION on "${e.fixTitle}": ${e.verdict} — ${e.why}`);
      io.out(`  Report: ${e.reportPath}`);
      return;
    case 'loopEnded':
      io.out(`LOOP ENDED (${EXIT_TITLES[e.exitReason as keyof typeof EXIT_TITLES] ?? e.exitReason}). ${e.summary}`);
      io.out(`Final report: ${e.reportPath}`);
      return;
    default:
      return;
  }
}
