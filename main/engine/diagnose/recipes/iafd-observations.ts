// What the metrics say about an agent's IAFD look-ups, in the words and numbers both IAFD
// recipes show the user ("expected vs observed"). Counts are distinct items first, per item
// where a rate is given (lessons #3, #4).
import type { RecipeInput } from '../recipe.ts';

/** The IAFD signatures a fix can address (the others are informational). */
export const IAFD_ADDRESSED = ['iafd-url-error', 'iafd-film-search', 'iafd-cast-search', 'iafd-director-search'] as const;

const WHAT: Record<(typeof IAFD_ADDRESSED)[number], string> = {
  'iafd-url-error': "IAFD requests fail (\"Error opening URL 'https://www.iafd.com/…'\")",
  'iafd-film-search': 'The IAFD film search fails',
  'iafd-cast-search': 'IAFD cast look-ups fail',
  'iafd-director-search': 'IAFD director look-ups fail',
};

export interface IafdObservations {
  /** addressed signatures the agent showed */
  signatures: string[];
  before: string[];
  /** e.g. "4 lines on 2 of 5 items" */
  urlErrorsText: string;
  /** IAFD URL errors per item with an outcome; null without such items */
  urlErrorsPerItem: number | null;
  /** e.g. "1 of 5 items" */
  foundText: string;
}

export function iafdObservations(input: RecipeInput): IafdObservations {
  const { agent, evidence } = input;
  const base = evidence.itemsWithOutcome || evidence.itemsSeen;
  const of = (n: number) => `${n} of ${base} item${base === 1 ? '' : 's'}`;
  const before: string[] = [];
  const signatures: string[] = [];
  for (const id of IAFD_ADDRESSED) {
    const s = agent.signatures[id];
    if (!s || s.count === 0) continue;
    signatures.push(id);
    before.push(`${WHAT[id]}: ${s.count} line${s.count === 1 ? '' : 's'} on ${of(s.items)}`);
  }
  const url = agent.signatures['iafd-url-error'];
  const items = Object.values(agent.items);
  const withMarker = items.filter((i) => typeof i.markers['found-on-iafd'] === 'boolean');
  const found = withMarker.filter((i) => i.markers['found-on-iafd'] === true).length;
  const foundText = withMarker.length === 0 ? 'not logged for any item' : `${found} of ${withMarker.length} item${withMarker.length === 1 ? '' : 's'}`;
  before.push(`FoundOnIAFD = Yes for ${foundText}`);
  const collection = agent.signatures['iafd-403-collection'];
  if (collection && collection.items > 0) before.push(`${collection.items} item${collection.items === 1 ? ' was' : 's were'} filed in the agent's own "IAFD 403 Error" collection (its label; no status code is logged)`);
  return {
    signatures,
    before,
    urlErrorsText: url ? `${url.count} line${url.count === 1 ? '' : 's'} on ${of(url.items)}` : 'no URL errors logged, but the look-ups fail',
    urlErrorsPerItem: url && evidence.itemsWithOutcome > 0 ? url.count / evidence.itemsWithOutcome : null,
    foundText,
  };
}
