import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Tailer } from '../../../../main/engine/logs/index.ts';
import { planTest, runTestPass } from '../../../../main/engine/verify/index.ts';
import { fixtureFix, startHarness, type Harness } from './sim-harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('runTestPass', () => {
  it('announces the pass at 0 of N before the first refresh, then each start and end', async () => {
    h = await startHarness();
    const plan = await planTest(h.client, { fix: fixtureFix('iafd-browser-headers'), baseline: h.baseline, maxItems: 3 });
    await runTestPass(h.ctx, plan, 'baseline');
    const progress = h.events.flatMap((e) => (e.type === 'progress' ? [[e.started, e.finished, e.total]] : []));
    expect(progress[0]).toEqual([0, 0, 3]);
    expect(progress.at(-1)).toEqual([3, 3, 3]);
    expect(progress).toHaveLength(7);
  });

  it('refuses to judge from a folder Plex does not write to: refreshes ended and no line appeared', async () => {
    h = await startHarness();
    const plan = await planTest(h.client, { fix: fixtureFix('iafd-browser-headers'), baseline: h.baseline, maxItems: 2 });
    const elsewhere = mkdtempSync(join(tmpdir(), 'not-plex-logs-'));
    mkdirSync(join(elsewhere, 'PMS Plugin Logs'));
    const tailer = await Tailer.start({ logsDir: elsewhere });
    try {
      await expect(runTestPass({ ...h.ctx, tailer }, plan, 'after')).rejects.toThrow(
        `Plex finished 2 refreshes but no log line was written in ${elsewhere} meanwhile: it is not the folder Plex writes its logs to.`,
      );
    } finally {
      await tailer.close();
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
