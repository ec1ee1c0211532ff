// `agent-doctor rollback`: undo an applied fix — its files restored from the backup and checked
// by sha256. Newer fixes that change the same files are rolled back first; a file edited since
// the fix was applied is left alone unless --force (and then that version is kept).
import { recover, rollbackFix, type RollbackTarget } from '../engine/fixes/index.ts';
import { numberOption, stringOption, UsageError, type CliIO, type Command, type OptionValues } from './command.ts';
import { folders, printRecovery } from './plex-connection.ts';

export const rollbackCommand: Command = {
  name: 'rollback',
  summary: 'Undo an applied fix: restore its files from the backup, verified',
  usage: 'rollback (--fix ID | --last) [--force] [--run ID] [--iteration N] [--plugins DIR] [--data DIR] [--plex-data DIR]',
  help: `Restores the files of an applied fix from its backup and checks each by sha256. Any earlier
fix can be rolled back; newer fixes that change the same files are rolled back first, newest
first, and named. If a file was edited after the fix was applied, nothing is done unless you
add --force; the edited version is then kept in the fix's backup folder.

Options:
  --fix ID          the fix to roll back (its newest application)
  --last            the fix applied last
  --force           restore even files edited since the fix was applied
  --run ID          only an application in this run
  --iteration N     only an application in this iteration
  --plugins DIR     the Plug-ins folder (default: <plex-data>/Plug-ins)
  --data DIR        Agent Doctor's data folder (default ~/Library/Application Support/Agent Doctor)
  --plex-data DIR   Plex's data folder (default: Plex's own location on this computer)

Restart Plex Media Server (or the agent) afterwards: the agent runs the restored code from then on.

Exit code: 0 rolled back, 1 nothing to roll back or refused.`,
  options: {
    fix: { type: 'string' },
    last: { type: 'boolean' },
    force: { type: 'boolean' },
    run: { type: 'string' },
    iteration: { type: 'string' },
    plugins: { type: 'string' },
    data: { type: 'string' },
    'plex-data': { type: 'string' },
  },
  run: runRollback,
};

async function runRollback(values: OptionValues, _positionals: string[], io: CliIO): Promise<number> {
  const fixId = stringOption(values, 'fix');
  const last = values.last === true;
  if ((fixId === undefined) === !last) throw new UsageError('Give either --fix ID or --last.');
  const runId = stringOption(values, 'run');
  const iteration = numberOption(values, 'iteration', { min: 1, integer: true });
  if (last && (runId !== undefined || iteration !== undefined)) throw new UsageError('--run and --iteration go with --fix, not --last.');
  const { paths, dataDir } = folders(values, io);
  const ctx = { pluginsDir: paths.pluginsDir, dataDir, program: 'agent-doctor rollback' };

  printRecovery(io, await recover(ctx));
  const target: RollbackTarget = last ? { last: true } : { fixId: fixId!, ...(runId !== undefined ? { runId } : {}), ...(iteration !== undefined ? { iteration } : {}) };
  const result = await rollbackFix(target, ctx, { force: values.force === true });
  io.out(result.text);
  return 0;
}
