// `agent-doctor aggregate`: Phase 1 by hand — read the Plex logs, print or write the report.
import { resolve } from 'node:path';
import { UserError } from '../engine/errors.ts';
import { atomicWrite, atomicWriteJson } from '../engine/util/atomic-write.ts';
import { aggregateLogs, defaultLogsDir, renderAggregatedLogs } from '../engine/logs/index.ts';
import { itemSuccessRate, actionableErrors } from '../../shared/metrics.ts';
import { numberOption, stringOption, UsageError, type CliIO, type Command, type OptionValues } from './command.ts';
import { tokensToRedact } from './plex-connection.ts';

export const aggregateCommand: Command = {
  name: 'aggregate',
  summary: 'Read the Plex agent logs and report errors and item outcomes per agent',
  usage: 'aggregate [--logs DIR] [--hours N | --since ISO] [--agent NAME]… [--out FILE] [--json FILE]',
  help: `Reads every agent log in Plex's "PMS Plugin Logs" folder, rotated files included, and reports
per agent: the known error signatures (with the number of items that showed each), the items
and whether they were updated well, and error lines the catalogue does not know yet.

Options:
  --logs DIR     the Plex logs folder (the one holding "PMS Plugin Logs")
                 default on this computer: ${defaultLogsDir()}
  --hours N      only the last N hours
  --since ISO    only from this time on, e.g. 2026-02-01T08:00:00Z
  --agent NAME   only this agent (GEVI, AEBN, …); repeat for more
  --out FILE     write the report to FILE instead of printing it
  --json FILE    also write the metrics as JSON (what the later phases read)

Times in the logs are this computer's local time; the report shows them in UTC.`,
  options: {
    logs: { type: 'string' },
    hours: { type: 'string' },
    since: { type: 'string' },
    agent: { type: 'string', multiple: true },
    out: { type: 'string' },
    json: { type: 'string' },
  },
  run: runAggregate,
};

async function runAggregate(values: OptionValues, _positionals: string[], io: CliIO): Promise<number> {
  const logsDir = resolve(io.cwd, stringOption(values, 'logs') ?? defaultLogsDir(io.env));
  const since = windowStart(values);
  const agents = ((values.agent as string[] | undefined) ?? []).flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  const metrics = await aggregateLogs({ logsDir, since, agents: agents.length ? agents : undefined, secrets: await tokensToRedact(io) }).catch((err: unknown) => {
    if (err instanceof UserError && (err.code === 'logs-missing' || err.code === 'logs-empty')) {
      // one line: where we looked, and how to look elsewhere
      throw new UserError(err.code, `${err.message} Point to the Plex logs folder with --logs DIR.`);
    }
    throw err;
  });
  const report = renderAggregatedLogs(metrics);
  const out = stringOption(values, 'out');
  const json = stringOption(values, 'json');
  if (json) await atomicWriteJson(resolve(io.cwd, json), metrics);
  if (!out) {
    io.out(report.trimEnd());
    return 0;
  }
  await atomicWrite(resolve(io.cwd, out), report);
  const agentsSeen = Object.values(metrics.agents);
  for (const a of agentsSeen) {
    const rate = itemSuccessRate(Object.values(a.items));
    io.out(
      `${a.agent}: ${a.records} records, ${actionableErrors(a)} actionable error lines, ${Object.keys(a.items).length} items${rate === null ? '' : `, ${Math.round(rate * 100)} % updated well`}`,
    );
  }
  io.out(`Report written to ${resolve(io.cwd, out)}${json ? `, metrics to ${resolve(io.cwd, json)}` : ''}.`);
  return 0;
}

function windowStart(values: OptionValues): Date | undefined {
  const hours = numberOption(values, 'hours', { min: 0.01, max: 24 * 366 });
  const sinceText = stringOption(values, 'since');
  if (hours !== undefined && sinceText !== undefined) throw new UsageError('Use --hours or --since, not both.');
  if (hours !== undefined) return new Date(Date.now() - hours * 3_600_000);
  if (sinceText === undefined) return undefined;
  const since = new Date(sinceText);
  if (!/^\d{4}-\d{2}-\d{2}/.test(sinceText) || Number.isNaN(since.getTime())) {
    throw new UsageError(`--since must be a date and time such as 2026-02-01T08:00:00Z (got "${sinceText}")`);
  }
  return since;
}
