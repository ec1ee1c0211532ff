// A PluginLogProbe (main/engine/plex/plugin-load.ts) for tests: marks a plug-in log by inode and
// size, and reads back the lines written since — following a rotation to .log.1…5 the way the
// engine's Tailer does. Test-only; the app uses the logs Tailer.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginLogProbe } from '../../main/engine/plex/plugin-load.ts';
import { BACKUP_COUNT } from './rotating-log.ts';

interface Mark {
  path: string;
  ino: number;
  size: number;
}

export function fileLogProbe(pluginLogsDir: string): PluginLogProbe<Mark> {
  return {
    async mark(identifier) {
      const path = join(pluginLogsDir, `${identifier}.log`);
      const st = existsSync(path) ? statSync(path) : undefined;
      return { path, ino: st?.ino ?? -1, size: st?.size ?? 0 };
    },
    async since(mark) {
      // newest last: .log.5 … .log.1, .log
      const files = [...Array.from({ length: BACKUP_COUNT }, (_, i) => `${mark.path}.${BACKUP_COUNT - i}`), mark.path].filter((f) => existsSync(f));
      const markedAt = files.findIndex((f) => statSync(f).ino === mark.ino);
      const text = files
        .slice(markedAt < 0 ? 0 : markedAt)
        .map((f, i) => readFileSync(f).subarray(i === 0 && markedAt >= 0 ? mark.size : 0).toString('utf8'))
        .join('');
      return text.split('\n').filter((l) => l.length > 0);
    },
  };
}
