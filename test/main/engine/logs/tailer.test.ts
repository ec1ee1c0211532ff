import { afterEach, describe, expect, it } from 'vitest';
import { appendFile, mkdir, mkdtemp, rename, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogCheckpointSchema } from '../../../../shared/metrics.ts';
import { Tailer } from '../../../../main/engine/logs/tailer.ts';
import { pluginLoadState } from '../../../../main/engine/logs/plugin-load.ts';
import type { LogRecord } from '../../../../main/engine/logs/record.ts';
import { UserError } from '../../../../main/engine/errors.ts';

let dir = '';
let tailer: Tailer | null = null;
afterEach(async () => {
  await tailer?.close();
  tailer = null;
  if (dir) await rm(dir, { recursive: true, force: true });
});

const LOG = () => join(dir, 'PMS Plugin Logs', 'com.plexapp.agents.GEVI.log');
const line = (n: number) => `2026-02-02 05:46:${String(Math.floor(n / 1000) % 60).padStart(2, '0')},${String(n % 1000).padStart(3, '0')} (17a) :  INFO (sandbox:19) - GEVI  - UTILS :: line ${n}\n`;
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => line(from + i)).join('');
const numbers = (records: LogRecord[]) => records.map((r) => Number(/line (\d+)$/.exec(r.message)?.[1]));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

async function start(initial = lines(0, 3)): Promise<Tailer> {
  dir = await mkdtemp(join(tmpdir(), 'ad-tail-'));
  await mkdir(join(dir, 'PMS Plugin Logs'));
  await writeFile(LOG(), initial);
  tailer = await Tailer.start({ logsDir: dir, timeZone: 'UTC', idleMs: 80 });
  return tailer;
}

/** what Plex's RotatingFileHandler does at a plug-in start: .log.N → .log.N+1, .log → .log.1, new .log */
async function rotate(content: string): Promise<void> {
  for (let n = 4; n >= 1; n--) await rename(`${LOG()}.${n}`, `${LOG()}.${n + 1}`).catch(() => undefined);
  await rename(LOG(), `${LOG()}.1`);
  await writeFile(LOG(), content);
}

function waitForRecord(t: Tailer, n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`record ${n} never came`)), 5000);
    const stop = t.onRecords((rs) => {
      if (numbers(rs).includes(n)) {
        clearTimeout(timer);
        stop();
        resolve();
      }
    });
  });
}

describe('Tailer.readSince: exactly the records written after a checkpoint', () => {
  it('starts at the end: nothing written before is returned', async () => {
    const t = await start();
    expect((await t.readSince(await t.checkpoint())).records).toEqual([]);
  });

  it('follows rename-rotation at a plug-in start', async () => {
    const t = await start();
    const cp = await t.checkpoint();
    await appendFile(LOG(), lines(3, 10));
    await rotate(lines(10, 15));
    expect(numbers((await t.readSince(cp)).records)).toEqual(range(3, 15));
  });

  it('follows several restarts between the checkpoint and the read', async () => {
    const t = await start();
    const cp = await t.checkpoint();
    await appendFile(LOG(), lines(3, 5));
    await rotate(lines(5, 8));
    await rotate(lines(8, 9));
    await rotate(lines(9, 12));
    expect(numbers((await t.readSince(cp)).records)).toEqual(range(3, 12));
  });

  it('keeps what it read before a truncation in place', async () => {
    const t = await start();
    const cp = await t.checkpoint();
    const seen = waitForRecord(t, 9);
    await appendFile(LOG(), lines(3, 10));
    await seen; // the tailer read the lines through its watcher
    await truncate(LOG(), 0);
    await appendFile(LOG(), lines(10, 13));
    expect(numbers((await t.readSince(cp)).records)).toEqual(range(3, 13));
  });

  it('keeps the lines of a file deleted and created again', async () => {
    const t = await start();
    const cp = await t.checkpoint();
    await appendFile(LOG(), lines(3, 8));
    await unlink(LOG());
    await writeFile(LOG(), lines(8, 11));
    expect(numbers((await t.readSince(cp)).records)).toEqual(range(3, 11));
  });

  it('never returns a record twice: each read ends where the next begins', async () => {
    const t = await start();
    const cp = await t.checkpoint();
    await appendFile(LOG(), lines(3, 6));
    const first = await t.readSince(cp);
    expect(numbers((await t.readSince(cp)).records)).toEqual(range(3, 6)); // the same question, the same answer
    expect((await t.readSince(first.checkpoint)).records).toEqual([]);
    await appendFile(LOG(), lines(6, 8));
    await rotate(lines(8, 9));
    expect(numbers((await t.readSince(first.checkpoint)).records)).toEqual(range(6, 9));
  });

  it('loses nothing and repeats nothing while a writer appends, rotates and re-creates at random', async () => {
    const t = await start();
    const cp = await t.checkpoint();
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    let n = 3;
    let unseenRotations = 0;
    for (let step = 0; step < 60; step++) {
      const batch = 1 + Math.floor(rand() * 6);
      const r = rand();
      if (r < 0.15) {
        // Five rotations push a file out of the chain (.log.5 is overwritten): if the tailer has not
        // read it by then, its lines are gone for everyone. On a busy machine it may not have, so
        // every fourth rotation waits for it; up to four still happen unseen.
        if (++unseenRotations === 5) {
          await t.checkpoint();
          unseenRotations = 1;
        }
        await rotate(lines(n, n + batch));
      } else if (r < 0.25) {
        // a file deleted before anyone saw it is gone for everyone; Plex never deletes a log it just made
        await t.checkpoint();
        unseenRotations = 0;
        await unlink(LOG());
        await writeFile(LOG(), lines(n, n + batch));
      } else await appendFile(LOG(), lines(n, n + batch));
      n += batch;
      if (rand() < 0.3) await new Promise((resolve) => setTimeout(resolve, 5)); // let the watcher in
    }
    expect(numbers((await t.readSince(cp)).records)).toEqual(range(3, n));
  });

  it('answers from disk once its memory of old records is used up', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ad-tail-'));
    await mkdir(join(dir, 'PMS Plugin Logs'));
    await writeFile(LOG(), lines(0, 3));
    tailer = await Tailer.start({ logsDir: dir, timeZone: 'UTC', idleMs: 80, maxHistory: 10 });
    const cp = await tailer.checkpoint();
    await appendFile(LOG(), lines(3, 40));
    await rotate(lines(40, 45));
    expect(numbers((await tailer.readSince(cp)).records)).toEqual(range(3, 45));
  });

  it('reads a log that appeared after the checkpoint from its start', async () => {
    const t = await start();
    const cp = await t.checkpoint();
    await writeFile(join(dir, 'PMS Plugin Logs', 'com.plexapp.agents.AEBN.log'), lines(100, 102));
    const read = await t.readSince(cp);
    expect(read.records.map((r) => r.source)).toEqual(['com.plexapp.agents.AEBN', 'com.plexapp.agents.AEBN']);
  });

  it('holds a partial last line until its end is written', async () => {
    const t = await start();
    const cp = await t.checkpoint();
    const l = line(3);
    await appendFile(LOG(), l.slice(0, 40));
    expect((await t.readSince(cp)).records).toEqual([]);
    await appendFile(LOG(), l.slice(40));
    expect(numbers((await t.readSince(cp)).records)).toEqual([3]);
  });

  it('gives a record its continuation lines, even when they come in a later write', async () => {
    const t = await start();
    const cp = await t.checkpoint();
    const closed: LogRecord[] = [];
    t.onRecords((rs) => closed.push(...rs));
    await appendFile(LOG(), '2026-02-02 05:47:00,000 (17a) :  CRITICAL (core:615) - Exception starting plug-in (most recent call last):\n  File "x", line 1\n');
    await appendFile(LOG(), 'SyntaxError: Line 104: "__file__" is an invalid variable name because it starts with "_"\n');
    const [r] = (await t.readSince(cp)).records;
    expect(r!.more).toEqual(['  File "x", line 1', 'SyntaxError: Line 104: "__file__" is an invalid variable name because it starts with "_"']);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => closed.length && (clearInterval(timer), resolve()), 20);
    });
    expect(closed).toHaveLength(1); // emitted once, complete, after the file went quiet
    expect(closed[0]!.more).toHaveLength(2);
  });

  it('tells whether a restarted plug-in came up, from the records after the restart', async () => {
    const t = await start();
    const cp = await t.checkpoint();
    await rotate(
      '2026-02-02 06:00:00,000 (16de8b000) :  INFO (core:349) - Starting framework core - Version: 2.6.3\n' +
        '2026-02-02 06:00:00,300 (16de8b000) :  CRITICAL (core:615) - Exception starting plug-in (most recent call last):\n' +
        'SyntaxError: Line 101: "_add_pgma_stubs_to_path" is an invalid variable name because it starts with "_"\n',
    );
    const { records } = await t.readSince(cp);
    expect(pluginLoadState(records, 'com.plexapp.agents.GEVI')).toEqual({ failed: 'SyntaxError: Line 101: "_add_pgma_stubs_to_path" is an invalid variable name because it starts with "_"' });
  });
});

describe('checkpoints saved and read later (another run)', () => {
  it('are plain JSON the shared schema accepts', async () => {
    const t = await start();
    const cp = await t.checkpoint();
    expect(LogCheckpointSchema.parse(JSON.parse(JSON.stringify(cp)))).toEqual(cp);
    expect(cp.files).toEqual([expect.objectContaining({ path: 'PMS Plugin Logs/com.plexapp.agents.GEVI.log', offset: lines(0, 3).length, size: lines(0, 3).length })]);
  });

  it('are read from disk across rename-rotation', async () => {
    const t = await start();
    const saved = JSON.parse(JSON.stringify(await t.checkpoint()));
    await t.close();
    await appendFile(LOG(), lines(3, 6));
    await rotate(lines(6, 8));
    tailer = await Tailer.start({ logsDir: dir, timeZone: 'UTC' });
    const read = await tailer.readSince(saved);
    expect(numbers(read.records)).toEqual(range(3, 8));
    expect((await tailer.readSince(read.checkpoint)).records).toEqual([]);
  });

  it('say what was lost when a file was deleted while nobody watched', async () => {
    const t = await start();
    const saved = await t.checkpoint();
    await t.close();
    await appendFile(LOG(), lines(3, 6));
    await unlink(LOG());
    await writeFile(LOG(), lines(6, 8));
    tailer = await Tailer.start({ logsDir: dir, timeZone: 'UTC' });
    const read = await tailer.readSince({ ...saved, session: 'an-earlier-run' });
    expect(numbers(read.records)).toEqual(range(6, 8));
    expect(read.skipped).toEqual([expect.objectContaining({ file: 'PMS Plugin Logs/com.plexapp.agents.GEVI.log', reason: 'gone', count: 1 })]);
  });

  it('refuse a damaged checkpoint or one of another folder, saying what to do', async () => {
    const t = await start();
    const cp = await t.checkpoint();
    await expect(t.readSince({ ...cp, files: [{ ...cp.files[0]!, offset: -1 }] })).rejects.toThrow(UserError);
    await expect(t.readSince({ ...cp, logsDir: '/elsewhere' })).rejects.toThrow(/not ".*"\./);
  });
});
