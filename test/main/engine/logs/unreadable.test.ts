// A log the system refuses to open (no read permission): skipped with the reason in plain
// words, the other logs read. Root reads every file, so the refusal is played by open().
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import type * as FsPromises from 'node:fs/promises';

vi.mock('node:fs/promises', async (original) => {
  const real = await original<typeof FsPromises>();
  const open: typeof real.open = async (path, ...rest) => {
    if (String(path).endsWith('Locked.log')) throw Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), { code: 'EACCES' });
    return real.open(path, ...rest);
  };
  return { ...real, open, default: { ...real, open } };
});

const { aggregateLogs } = await import('../../../../main/engine/logs/aggregate.ts');

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('skips a log it may not read, says why, and reads the others', async () => {
  dir = mkdtempSync(join(tmpdir(), 'ad-locked-'));
  mkdirSync(join(dir, 'PMS Plugin Logs'));
  const line = "2026-02-02 05:46:31,058 (171f73000) :  ERROR (networking:197) - Error opening URL 'https://www.cduniverse.com/x'\n";
  for (const agent of ['Locked', 'Good']) writeFileSync(join(dir, 'PMS Plugin Logs', `com.plexapp.agents.${agent}.log`), line);
  const m = await aggregateLogs({ logsDir: dir, timeZone: 'UTC' });
  expect(m.skipped).toEqual([{ file: 'PMS Plugin Logs/com.plexapp.agents.Locked.log', reason: 'unreadable', count: 1, detail: 'permission denied (EACCES)' }]);
  expect(m.agents.Good!.records).toBe(1);
  expect(m.agents.Locked).toBeUndefined();
});
