// The plug-in load check of the plex module (PluginLogProbe) backed by the logs Tailer: a mark
// is a tailer checkpoint, and "since" is the plug-in's records written after it, as raw lines —
// following the rotation a plug-in start causes (.log → .log.1).
import type { LogCheckpoint } from '../../../shared/metrics.ts';
import { recordText, type LogRecord, type Tailer } from '../logs/index.ts';
import type { PluginLogProbe } from '../plex/index.ts';

export interface TailerMark {
  checkpoint: LogCheckpoint;
  identifier: string;
}

export function tailerProbe(tailer: Tailer): PluginLogProbe<TailerMark> {
  return {
    mark: async (identifier) => ({ checkpoint: await tailer.checkpoint(), identifier }),
    since: async ({ checkpoint, identifier }) => recordsOf(await tailer.readSince(checkpoint).then((r) => r.records), identifier).flatMap((r) => recordText(r).split('\n')),
  };
}

/** The records of one plug-in (its identifier, case-insensitive as Plex's guids are). */
export function recordsOf(records: readonly LogRecord[], identifier: string): LogRecord[] {
  const wanted = identifier.toLowerCase();
  return records.filter((r) => r.source.toLowerCase() === wanted);
}
