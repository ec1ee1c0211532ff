// The test plan: the items a fix is tested on, fixed once and used for the paired baseline and
// for the test after the fix alike. Each chosen item is looked up in Plex first: ratingKeys
// change when an item is removed and re-added (431 → 463, lessons #14), so an item Plex no longer
// knows by its key is found again by guid, else by its exact title, else dropped (and said so).
import { z } from 'zod';
import { FIX_ID, type Fix } from '../../../shared/fix.ts';
import { RATING_KEY, type Metrics } from '../../../shared/metrics.ts';
import { UserError } from '../errors.ts';
import { isPlexError, type Item, type PlexClient } from '../plex/index.ts';
import { chooseTestItems, DEFAULT_TEST_ITEMS, type Candidate } from './choose-items.ts';

export const TestPlanItemSchema = z.object({
  agent: z.string().min(1),
  ratingKey: z.string().regex(RATING_KEY),
  /** the key the baseline knew the item by; differs when the item was re-added since */
  baselineRatingKey: z.string().regex(RATING_KEY),
  title: z.string(),
  guid: z.string().optional(),
  reason: z.enum(['addressed-signature', 'other-failure']),
});
export type TestPlanItem = z.infer<typeof TestPlanItemSchema>;

export const TestPlanSchema = z.object({
  fixId: z.string().regex(FIX_ID),
  agents: z.array(z.object({ agent: z.string().min(1), identifier: z.string().min(1) })).min(1),
  items: z.array(TestPlanItemSchema).min(1),
  /** how the sample was made, in plain words (fill-ups, re-found and dropped items) */
  notes: z.array(z.string()),
});
export type TestPlan = z.infer<typeof TestPlanSchema>;

export interface PlanOptions {
  fix: Pick<Fix, 'id' | 'agents' | 'signatures'>;
  baseline: Metrics;
  /** default 20 */
  maxItems?: number;
  signal?: AbortSignal;
}

/** Chooses the items from the baseline and confirms each one in Plex. */
export async function planTest(client: PlexClient, { fix, baseline, maxItems = DEFAULT_TEST_ITEMS, signal }: PlanOptions): Promise<TestPlan> {
  const choice = chooseTestItems(baseline, fix, maxItems);
  const { items, notes } = await locateItems(client, choice.candidates, signal);
  if (items.length === 0) {
    throw new UserError(
      'test-items-gone',
      choice.candidates.length === 1 ? `The item chosen to test fix "${fix.id}" is not in Plex any more.` : `None of the ${choice.candidates.length} items chosen to test fix "${fix.id}" is in Plex any more.`,
      'Aggregate the logs again so the baseline names items the library still has, then run the test again.',
    );
  }
  return { fixId: fix.id, agents: choice.agents, items, notes: [...choice.notes, ...notes] };
}

export async function locateItems(client: PlexClient, candidates: readonly Candidate[], signal?: AbortSignal): Promise<{ items: TestPlanItem[]; notes: string[] }> {
  const items: TestPlanItem[] = [];
  const notes: string[] = [];
  const taken = new Set<string>();
  let movieSections: string[] | undefined;
  const byTitle = async (title: string) => {
    movieSections ??= (await client.sections({ signal })).filter((s) => s.type === 'movie').map((s) => s.key);
    return client.findItemsByTitle(title, movieSections, { signal });
  };
  for (const c of candidates) {
    const name = c.title ? `"${c.title}" (ratingKey ${c.ratingKey})` : `ratingKey ${c.ratingKey}`;
    let found: Item | undefined;
    let moved = false;
    try {
      const item = await client.item(c.ratingKey, { signal });
      if (c.guid === undefined || item.guid === undefined || sameGuid(item.guid, c.guid)) found = item;
      else moved = true;
    } catch (err) {
      if (!isPlexError(err, 'notFound')) throw err;
      moved = true;
    }
    if (moved) {
      found = c.title === undefined ? undefined : pickMatch(await byTitle(c.title), c);
      if (!found) {
        notes.push(`Left out ${name}: Plex no longer has it${c.title ? ' under that key, and no item with the same guid or title was found' : ''}.`);
        continue;
      }
      notes.push(`"${found.title}" is now ratingKey ${found.ratingKey} (was ${c.ratingKey}): it was re-added to the library.`);
    }
    if (taken.has(found!.ratingKey)) continue;
    taken.add(found!.ratingKey);
    items.push({
      agent: c.agent,
      ratingKey: found!.ratingKey,
      baselineRatingKey: c.ratingKey,
      title: found!.title,
      ...((found!.guid ?? c.guid) ? { guid: found!.guid ?? c.guid } : {}),
      reason: c.reason,
    });
  }
  return { items, notes };
}

/** Legacy guids keep the agent identifier's case in some places and not in others (plex-facts.md §4.4). */
const sameGuid = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The same guid wins; without a guid, one item with exactly this title (else it is ambiguous). */
function pickMatch(found: readonly Item[], c: Candidate): Item | undefined {
  if (c.guid !== undefined) return found.find((i) => i.guid !== undefined && sameGuid(i.guid, c.guid!));
  const exact = found.filter((i) => i.title.toLowerCase() === c.title!.toLowerCase());
  return exact.length === 1 ? exact[0] : undefined;
}
