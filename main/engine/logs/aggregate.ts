// Phase 1: a Plex logs folder → Metrics. Streams every selected log (rotated files oldest
// first) through the reader and the metrics core; never holds a whole file in memory.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Metrics } from '../../../shared/metrics.ts';
import { UserError } from '../errors.ts';
import { LocalTime } from './local-time.ts';
import { agentName, BUILTIN_AGENTS, listLogChains, PLUGIN_LOGS_DIR } from './log-files.ts';
import { LogReader } from './log-reader.ts';
import { MetricsBuilder } from './metrics-builder.ts';

export interface AggregateOptions {
  /** the Plex logs folder: the one holding `PMS Plugin Logs/` */
  logsDir: string;
  /** agent names (`GEVI`) or identifiers; default: every agent except Plex's built-in ones */
  agents?: string[];
  since?: Date;
  until?: Date;
  /** IANA zone the logs were written in; default: this computer's */
  timeZone?: string;
  /** secrets we hold (the Plex token): removed wherever they appear */
  secrets?: string[];
  now?: Date;
}

export async function aggregateLogs(opts: AggregateOptions): Promise<Metrics> {
  const time = new LocalTime(opts.timeZone);
  const folder = await stat(opts.logsDir).catch(() => null);
  if (!folder?.isDirectory()) throw new UserError('logs-missing', `There is no folder "${opts.logsDir}".`, 'Choose the Plex logs folder: the one that holds "PMS Plugin Logs".');
  const { chains, pluginDir } = await listLogChains(opts.logsDir);
  const agentLogs = chains.map((c) => c.source).filter((s) => agentName(s) !== null);
  if (!pluginDir || agentLogs.length === 0) {
    throw new UserError('logs-empty', `No Plex agent logs in "${join(opts.logsDir, PLUGIN_LOGS_DIR)}".`, 'Choose the Plex logs folder: the one that holds "PMS Plugin Logs".');
  }
  for (const wanted of opts.agents ?? []) {
    const w = wanted.toLowerCase();
    if (!agentLogs.some((s) => s.toLowerCase() === w || agentName(s)!.toLowerCase() === w)) {
      const names = agentLogs.map((s) => agentName(s)!).filter((n) => !BUILTIN_AGENTS.has(n.toLowerCase()));
      throw new UserError('unknown-agent', `There is no log of an agent called "${wanted}".`, `Agents with logs: ${names.join(', ') || 'none'}.`);
    }
  }
  const builder = new MetricsBuilder({
    logsDir: opts.logsDir,
    since: opts.since,
    until: opts.until,
    agents: opts.agents,
    timeZone: time.timeZone,
    secrets: opts.secrets,
    now: opts.now,
  });
  const reader = new LogReader({
    logsDir: opts.logsDir,
    time,
    reportEmpty: true,
    sink: {
      closed: (r) => builder.add(r),
      skipped: (file, reason, detail) => builder.skip(file, reason, detail),
      read: (file, bytes) => builder.read(file, bytes),
      brief: (source, file, line, time) => builder.brief(source, file, line, time),
    },
  });
  try {
    // a file last written before the window holds nothing inside it
    const notBefore = opts.since?.getTime();
    await reader.pollAll(chains.filter((c) => builder.wants(c.source)), true, notBefore);
  } finally {
    await reader.close();
  }
  return builder.finish();
}
