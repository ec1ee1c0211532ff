// `agent-doctor demo` (interim): aggregates the sample Plex logs shipped in test/fixtures/logs
// and prints the report, so anyone can see Phase 1 work without a Plex server. A later issue
// replaces it with the whole loop against the simulated Plex.
import { fileURLToPath } from 'node:url';
import { aggregateLogs, renderAggregatedLogs } from '../engine/logs/index.ts';
import type { Command } from './command.ts';

export const SAMPLE_LOGS = fileURLToPath(new URL('../../test/fixtures/logs/', import.meta.url));

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Aggregate the sample Plex logs that come with Agent Doctor and print the report',
  usage: 'demo',
  help: `Runs "aggregate" on the sample logs in test/fixtures/logs (GEVI, AEBN and GayAdult agents,
a rotated log, the system log). Nothing on this computer is read or changed.`,
  options: {},
  run: async (_values, _positionals, io) => {
    const metrics = await aggregateLogs({ logsDir: SAMPLE_LOGS });
    io.out(renderAggregatedLogs(metrics).trimEnd());
    return 0;
  },
};
