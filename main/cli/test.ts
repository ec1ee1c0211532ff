// `agent-doctor test`: Phase 4 by hand — refresh the items a fix is meant to repair, read only the
// log lines written meanwhile, and decide KEEP / MONITOR / MODIFY / ROLLBACK. The paired baseline
// must be taken before the fix is applied, so by hand it is its own step (`--before`); the loop
// does both around the change by itself.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { isAdviceOnly, type Fix } from '../../shared/fix.ts';
import { UserError } from '../engine/errors.ts';
import { readDiagnosticReport } from '../engine/diagnose/index.ts';
import { DEFAULT_SERVER_URL } from '../engine/plex/index.ts';
import { atomicWriteJson } from '../engine/util/atomic-write.ts';
import { DEFAULT_ITEM_TIMEOUT_MS, DEFAULT_TEST_ITEMS, planTest, postTest, preTest, TestPassSchema, TestPlanSchema, type VerifyContext } from '../engine/verify/index.ts';
import { numberOption, stringOption, UsageError, type CliIO, type Command, type OptionValues } from './command.ts';
import { folders } from './plex-connection.ts';
import { readMetricsFile } from './inputs.ts';
import { connectPlex, serverUrlOption } from './plex-connection.ts';

export const testCommand: Command = {
  name: 'test',
  summary: 'Test one fix on the items that failed and decide: keep, monitor, modify or roll back',
  usage: 'test --fix ID --diagnostic-report FILE --baseline METRICS [--before | --no-pre-test] [--items N] [--iteration N] [--out DIR] [--server URL] [--logs DIR] [--prefs FILE] [--data DIR] [--timeout SECONDS]',
  help: `Asks Plex to refresh the items that showed the errors the fix addresses (up to 20), waits
for each refresh to end, reads only the log lines written meanwhile and compares them with
before: every success criterion and failure indicator of the fix, then the decision.

Two steps, around the change:
  1. before you implement the fix:   agent-doctor test … --before
     refreshes the items once and saves the result (the paired baseline)
  2. after the fix is applied and Plex (or the plug-in) restarted:   agent-doctor test …
     refreshes the same items again, decides, and writes
     test_report_<fix>_iteration_N.md and testing_decisions.json
With --no-pre-test step 1 is skipped and the comparison is against the aggregated baseline only.

Options:
  --fix ID                   the fix to test, as named in the diagnostic report
  --diagnostic-report FILE   diagnostic_report_iteration_N.md (its fenced json blocks)
  --baseline METRICS         the metrics JSON of the aggregation (agent-doctor aggregate --json)
  --before                   step 1 only: take the paired baseline now, before the fix
  --no-pre-test              compare with the aggregated baseline only
  --items N                  how many items to refresh (default ${DEFAULT_TEST_ITEMS})
  --iteration N              default: the number in the report's file name, else 1
  --out DIR                  where the results go (default: the report's folder)
  --server URL               Plex Media Server address (default ${DEFAULT_SERVER_URL})
  --logs DIR                 the Plex logs folder, the one holding "PMS Plugin Logs"
  --prefs FILE               the preferences file that holds the token (plist or Preferences.xml)
  --data DIR                 Agent Doctor's own data folder
  --timeout SECONDS          longest wait for one item's refresh (default ${DEFAULT_ITEM_TIMEOUT_MS / 1000})

Exit code: 0 the fix is kept or monitored (or the baseline was saved), 1 it should be
modified or rolled back, or the test could not run.`,
  options: {
    fix: { type: 'string' },
    'diagnostic-report': { type: 'string' },
    baseline: { type: 'string' },
    before: { type: 'boolean' },
    'no-pre-test': { type: 'boolean' },
    items: { type: 'string' },
    iteration: { type: 'string' },
    out: { type: 'string' },
    server: { type: 'string' },
    logs: { type: 'string' },
    prefs: { type: 'string' },
    data: { type: 'string' },
    timeout: { type: 'string' },
  },
  run: runTest,
};

/** What step 1 leaves for step 2: the items chosen and how they fared before the fix. */
const PairedBaselineSchema = z.object({ plan: TestPlanSchema, before: TestPassSchema });

async function runTest(values: OptionValues, _positionals: string[], io: CliIO): Promise<number> {
  const required = (name: string) => {
    const v = stringOption(values, name);
    if (v === undefined) throw new UsageError(`--${name} is required.`);
    return resolve(io.cwd, v);
  };
  const fixId = stringOption(values, 'fix');
  if (fixId === undefined) throw new UsageError('--fix is required.');
  const reportPath = required('diagnostic-report');
  const baselinePath = required('baseline');
  const beforeOnly = values.before === true;
  const noPreTest = values['no-pre-test'] === true;
  if (beforeOnly && noPreTest) throw new UsageError('Use --before or --no-pre-test, not both.');
  const maxItems = numberOption(values, 'items', { min: 1, max: 100, integer: true }) ?? DEFAULT_TEST_ITEMS;
  const iteration = numberOption(values, 'iteration', { min: 1, integer: true }) ?? iterationOf(reportPath);
  const timeoutMs = (numberOption(values, 'timeout', { min: 1, max: 3600 }) ?? DEFAULT_ITEM_TIMEOUT_MS / 1000) * 1000;
  const dir = resolve(io.cwd, stringOption(values, 'out') ?? dirname(reportPath));
  const pairedPath = join(dir, `pretest_${fixId}_iteration_${iteration}.json`);

  const fix = await fixFromReport(reportPath, fixId);
  const baseline = await readMetricsFile(baselinePath);
  const paired = beforeOnly || noPreTest ? undefined : await readPaired(pairedPath, fix, values);

  const connection = await connectPlex(io, { serverUrl: serverUrlOption(values), ...folders(values, io) });
  const { client, notifications, tailer } = connection;
  const ctx: VerifyContext = {
    client,
    notifications,
    tailer,
    runId: `cli-${iteration}`,
    secrets: connection.secrets,
    notify: (e) => {
      if (e.type === 'progress' && e.finished > 0 && e.started === e.finished) io.out(`  ${e.finished} of ${e.total} refreshed`);
    },
  };
  try {
    const plan = paired?.plan ?? (await planTest(client, { fix, baseline, maxItems }));
    for (const note of paired ? [] : plan.notes) io.out(note);
    if (beforeOnly) {
      io.out(`Refreshing ${plan.items.length} items of ${plan.agents.map((a) => a.agent).join(', ')} before the fix (the paired baseline)…`);
      const before = await preTest(ctx, plan, { timeoutMs });
      await atomicWriteJson(pairedPath, { plan, before });
      const outcomes = Object.values(before.items);
      io.out(
        `Baseline saved to ${pairedPath}: ${outcomes.filter((i) => i.outcome === 'ok').length} ok, ${outcomes.filter((i) => i.outcome === 'failed').length} failed, ${outcomes.filter((i) => i.outcome !== 'ok' && i.outcome !== 'failed').length} without an outcome.`,
      );
      io.out('Now apply the fix and restart Plex (or the plug-in), then run the same command without --before.');
      return 0;
    }
    io.out(`Refreshing ${plan.items.length} items of ${plan.agents.map((a) => a.agent).join(', ')} with the fix in place…`);
    const result = await postTest(ctx, { fix, plan, baseline, before: paired?.before ?? null, iteration, dir }, { timeoutMs });
    const d = result.decision;
    io.out(`DECISION: ${d.verdict}`);
    for (const r of d.reasons) io.out(`- ${r}`);
    io.out(`Report: ${result.reportPath}`);
    return d.verdict === 'KEEP' || d.verdict === 'MONITOR' ? 0 : 1;
  } finally {
    await connection.close();
  }
}

/** diagnostic_report_iteration_3.md → 3 */
function iterationOf(reportPath: string): number {
  const m = /_iteration_(\d+)\.md$/.exec(basename(reportPath));
  return m ? Number(m[1]) : 1;
}

/** The fix as the diagnostic report describes it (its fenced json blocks are the truth). */
async function fixFromReport(path: string, id: string): Promise<Fix> {
  const fixes = await readDiagnosticReport(path);
  const fix = fixes.find((f) => f.id === id);
  if (!fix) throw new UserError('test-unknown-fix', `The diagnostic report ${path} has no fix "${id}".`, fixes.length ? `Fixes in it: ${fixes.map((f) => f.id).join(', ')}.` : 'It proposes no fix at all.');
  if (isAdviceOnly(fix)) throw new UserError('test-advice-only', `Fix "${id}" is advice only: it changes no file, so there is nothing to test.`, 'Follow the advice by hand, or test a fix that changes the agent.');
  return fix;
}

async function readPaired(path: string, fix: Fix, values: OptionValues): Promise<z.infer<typeof PairedBaselineSchema>> {
  const rerun = `agent-doctor test --fix ${fix.id} --diagnostic-report ${stringOption(values, 'diagnostic-report')} --baseline ${stringOption(values, 'baseline')} --before`;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError(
      'test-no-paired-baseline',
      `No paired baseline for fix "${fix.id}": ${path} does not exist.`,
      `Before implementing the fix, run: ${rerun}. If the fix is already applied, add --no-pre-test to compare with the aggregated baseline only.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = PairedBaselineSchema.safeParse(json);
  if (!parsed.success || parsed.data.plan.fixId !== fix.id) {
    throw new UserError('test-paired-baseline-damaged', `The paired baseline ${path} is damaged or belongs to another fix; it was left as it is.`, `Undo the fix, then run: ${rerun}. Or add --no-pre-test.`);
  }
  return parsed.data;
}
