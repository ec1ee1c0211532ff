import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metrics } from '../../../../shared/metrics.ts';
import type { PlexClient } from '../../../../main/engine/plex/index.ts';
import { locateItems, planTest, TestPlanSchema } from '../../../../main/engine/verify/plan.ts';
import type { Candidate } from '../../../../main/engine/verify/choose-items.ts';
import { aggregateLogs } from '../../../../main/engine/logs/index.ts';
import type { SimHandle } from '../../../plex-sim/sim.ts';
import { clientFor, startTestSim } from '../../../plex-sim/testing.ts';

let sim: SimHandle;
let client: PlexClient;
let baseline: Metrics;
beforeAll(async () => {
  sim = await startTestSim();
  client = clientFor(sim);
  baseline = await aggregateLogs({ logsDir: sim.sim.logsDir });
});
afterAll(async () => {
  await client.close();
  await sim.stop();
});

const guidOf = (rk: string) => sim.sim.items.get(rk)!.guid;
const candidate = (c: Partial<Candidate>): Candidate => ({ agent: 'GEVI', ratingKey: '431', title: 'Freaks 5', guid: undefined, reason: 'addressed-signature', ...c });

describe('locateItems: each chosen item confirmed in Plex (ratingKeys change on re-add)', () => {
  it('keeps an item Plex still has under its key', async () => {
    const { items, notes } = await locateItems(client, [candidate({ guid: guidOf('431') })]);
    expect(items).toEqual([{ agent: 'GEVI', ratingKey: '431', baselineRatingKey: '431', title: 'Freaks 5', guid: guidOf('431'), reason: 'addressed-signature' }]);
    expect(notes).toEqual([]);
  });

  it('finds an item again by its guid when its old key is gone (404), and says so', async () => {
    const { items, notes } = await locateItems(client, [candidate({ ratingKey: '999', guid: guidOf('431') })]);
    expect(items.map((i) => [i.ratingKey, i.baselineRatingKey])).toEqual([['431', '999']]);
    expect(notes).toEqual(['"Freaks 5" is now ratingKey 431 (was 999): it was re-added to the library.']);
  });

  it('finds it by its exact title when no guid was recorded, but only when one item has that title', async () => {
    expect((await locateItems(client, [candidate({ ratingKey: '998', title: 'freaks 4' })])).items.map((i) => i.ratingKey)).toEqual(['432']);
    // "Freaks" alone matches several films partly and none exactly
    const { items, notes } = await locateItems(client, [candidate({ ratingKey: '997', title: 'Freaks' })]);
    expect(items).toEqual([]);
    expect(notes).toEqual(['Left out "Freaks" (ratingKey 997): Plex no longer has it under that key, and no item with the same guid or title was found.']);
  });

  it('treats a key that now names another item (another guid) as moved', async () => {
    const { items } = await locateItems(client, [candidate({ ratingKey: '432', title: 'Freaks 5', guid: guidOf('431') })]);
    expect(items.map((i) => [i.ratingKey, i.title])).toEqual([['431', 'Freaks 5']]);
  });

  it('compares guids without regard to case (GEVI or gevi)', async () => {
    expect((await locateItems(client, [candidate({ guid: guidOf('431').toLowerCase() })])).items).toHaveLength(1);
  });

  it('drops an item found twice', async () => {
    const { items } = await locateItems(client, [candidate({ guid: guidOf('431') }), candidate({ ratingKey: '999', guid: guidOf('431') })]);
    expect(items).toHaveLength(1);
  });

  it('drops an item without a title it cannot find', async () => {
    const { notes } = await locateItems(client, [candidate({ ratingKey: '996', title: undefined })]);
    expect(notes).toEqual(['Left out ratingKey 996: Plex no longer has it.']);
  });
});

describe('planTest', () => {
  it('chooses from the baseline and confirms in Plex: a plan the loop can store', async () => {
    const plan = await planTest(client, { fix: { id: 'iafd-headers', agents: ['GEVI'], signatures: ['iafd-url-error'] }, baseline, maxItems: 5 });
    expect(TestPlanSchema.parse(plan)).toEqual(plan);
    expect(plan.items).toHaveLength(5);
    expect(plan.agents).toEqual([{ agent: 'GEVI', identifier: 'com.plexapp.agents.GEVI' }]);
  });

  it('refuses when none of the chosen items is in Plex any more', async () => {
    const gone = structuredClone(baseline);
    const gevi = gone.agents.GEVI!;
    gevi.items = { '990': { ...gevi.items['431']!, ratingKey: '990', title: 'Long Gone', guid: 'com.plexapp.agents.GEVI://1?lang=en' } };
    await expect(planTest(client, { fix: { id: 'iafd-headers', agents: ['GEVI'], signatures: ['iafd-url-error'] }, baseline: gone })).rejects.toThrow(
      'The item chosen to test fix "iafd-headers" is not in Plex any more.',
    );
  });

  it('passes on a Plex that does not answer', async () => {
    const down = clientFor(sim, { serverUrl: 'http://127.0.0.1:9', retries: 0, timeoutMs: 500 });
    await expect(locateItems(down, [candidate({})])).rejects.toMatchObject({ name: 'PlexError', kind: 'unavailable' });
    await down.close();
  });
});
