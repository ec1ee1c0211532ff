import { afterEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalTime } from '../../../../main/engine/logs/local-time.ts';
import { listLogChains, PLUGIN_LOGS_DIR } from '../../../../main/engine/logs/log-files.ts';
import { LogReader } from '../../../../main/engine/logs/log-reader.ts';
import type { LogRecord } from '../../../../main/engine/logs/record.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const line = (n: number) => `2026-02-02 05:46:${String(n % 60).padStart(2, '0')},000 (a1) :  INFO (core:1) - line ${n}`;

/** A logs folder with `agents` agents, each with `.log.1` and `.log` of `lines` lines. */
async function folder(agents: number, lines: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ad-reader-'));
  dirs.push(dir);
  await mkdir(join(dir, PLUGIN_LOGS_DIR));
  for (let a = 0; a < agents; a++) {
    for (const [suffix, from] of [['.1', 0], ['', lines]] as const) {
      const text = Array.from({ length: lines }, (_, i) => line(from + i)).join('\n') + '\n';
      await writeFile(join(dir, PLUGIN_LOGS_DIR, `com.plexapp.agents.A${a}.log${suffix}`), text);
    }
  }
  return dir;
}

describe('LogReader: a final read of a whole folder', () => {
  it('reads every file once, oldest first, while the next file is opened ahead', async () => {
    const dir = await folder(4, 30_000); // files of about 1.9 MB: more than one chunk each
    const seen = new Map<string, string[]>();
    const bytes = new Map<string, number>();
    const reader = new LogReader({
      logsDir: dir,
      time: new LocalTime('UTC'),
      sink: {
        closed: (r: LogRecord) => (seen.get(r.source) ?? seen.set(r.source, []).get(r.source)!).push(r.message),
        skipped: () => expect.unreachable(),
        read: (file, n) => bytes.set(file, (bytes.get(file) ?? 0) + n),
      },
    });
    await reader.pollAll((await listLogChains(dir)).chains, true);
    await reader.close();
    expect([...seen.keys()]).toEqual(['com.plexapp.agents.A0', 'com.plexapp.agents.A1', 'com.plexapp.agents.A2', 'com.plexapp.agents.A3']);
    for (const messages of seen.values()) expect(messages).toEqual(Array.from({ length: 60_000 }, (_, i) => `line ${i}`));
    expect(bytes.size).toBe(8);
  });

  it('reports a file that vanished before its turn, and reads the others', async () => {
    const dir = await folder(3, 10);
    const skipped: string[] = [];
    const sources = new Set<string>();
    let removed = false;
    const reader = new LogReader({
      logsDir: dir,
      time: new LocalTime('UTC'),
      sink: {
        closed: (r) => sources.add(r.source),
        skipped: (file, reason) => skipped.push(`${file} ${reason}`),
        read: () => {
          if (removed) return;
          removed = true; // while the first file is read: the third agent's files go
          unlinkSync(join(dir, PLUGIN_LOGS_DIR, 'com.plexapp.agents.A2.log.1'));
          unlinkSync(join(dir, PLUGIN_LOGS_DIR, 'com.plexapp.agents.A2.log'));
        },
      },
    });
    await reader.pollAll((await listLogChains(dir)).chains, true);
    await reader.close();
    expect([...sources]).toEqual(['com.plexapp.agents.A0', 'com.plexapp.agents.A1']);
    expect(skipped).toEqual([`${PLUGIN_LOGS_DIR}/com.plexapp.agents.A2.log.1 unreadable`, `${PLUGIN_LOGS_DIR}/com.plexapp.agents.A2.log unreadable`]);
  });
});
