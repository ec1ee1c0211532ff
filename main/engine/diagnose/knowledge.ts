// The knowledge base: one entry per signature family of agent-logs.md §8 — what the user
// sees, the likely cause (never one no log line shows: a 403 is never logged, so it is never
// named as fact), what should happen instead, and the recipes that can change the code.
// Families without a recipe get advice only: shown, never applied.
import type { Recipe } from './recipe.ts';
import { iafdHeadersRecipe } from './recipes/iafd-headers.ts';
import { iafdSkipRecipe } from './recipes/iafd-skip.ts';
import { restrictedNamesRecipe } from './recipes/restricted-names.ts';

export interface KnowledgeEntry {
  id: string;
  title: string;
  /** catalogue signature ids of the family */
  signatures: readonly string[];
  /** what the user sees, in plain words */
  symptom: string;
  /** the likely cause; says "likely" where the logs do not prove it */
  rootCause: string;
  /** what should happen instead */
  expected: string;
  /** what a person can do when no recipe changes the code */
  advice: readonly string[];
  /** first the preferred fix, then its fallbacks */
  recipes: readonly Recipe[];
}

export const KNOWLEDGE: readonly KnowledgeEntry[] = [
  {
    id: 'plugin-load',
    title: 'The plug-in does not start',
    signatures: ['restricted-name', 'plugin-start-failed', 'plugin-load-code-failed'],
    symptom: 'Plex could not start the agent, so none of its items get metadata while it is down.',
    rootCause: 'The agent\'s code does not load. When the log shows "is an invalid variable name because it starts with \\"_\\"", Plex\'s sandbox refused a name such as _helper or __file__.',
    expected: 'The plug-in starts: "Started plug-in" appears in its log after every restart.',
    advice: ['Read the lines after "Exception starting plug-in" in the agent\'s log: they name the file and line that failed.'],
    recipes: [restrictedNamesRecipe],
  },
  {
    id: 'iafd-blocked',
    title: 'IAFD look-ups fail',
    signatures: ['iafd-url-error', 'iafd-film-search', 'iafd-cast-search', 'iafd-director-search', 'iafd-cfscrape-fallback', 'iafd-403-collection', 'iafd-no-more-results'],
    symptom: 'The agent cannot read IAFD, where it gets cast photos, directors and the IAFD film page.',
    rootCause: 'IAFD requests fail; the site is likely blocking non-browser clients (no status code is logged, so this is not proven).',
    expected: 'IAFD pages load, and films listed on IAFD get FoundOnIAFD = Yes.',
    advice: ['If no change helps, IAFD look-ups can be switched off so that the agent carries on with its own site.'],
    recipes: [iafdHeadersRecipe, iafdSkipRecipe],
  },
  {
    id: 'iafd-request-broken',
    title: 'IAFD requests break before they are sent',
    signatures: ['iafd-request-exception', 'requests-session'],
    symptom: '"Request Failed  Try CFScrape" comes without a network error before it: the request failed inside the agent\'s own code.',
    rootCause: 'A code problem, not the website: the IAFD request code raises before any request is made. A change made earlier to that code is the usual cause (Plex\'s Python has no requests.Session, for one).',
    expected: 'IAFD requests are sent; a failure shows as a network error, not an exception.',
    advice: ['If the IAFD request code was changed recently, roll that change back (agent-doctor rollback).', 'Otherwise compare the named function with a fresh copy of the agent.'],
    recipes: [],
  },
  {
    id: 'iafd-disabled',
    title: 'IAFD look-ups are switched off',
    signatures: ['iafd-disabled'],
    symptom: 'This copy of the agent logs "IAFD Lookup Disabled": it does not ask IAFD at all.',
    rootCause: 'An earlier change switched IAFD off in the agent\'s code.',
    expected: 'Switched off on purpose, this is expected; films are then not enriched from IAFD.',
    advice: ['To use IAFD again, undo that change (or turn its switch back on) and watch the IAFD errors.'],
    recipes: [],
  },
  {
    id: 'site-layout',
    title: 'The agent\'s website gives no usable data',
    signatures: ['site-field-error', 'site-field-missing', 'site-optional-absent'],
    symptom: 'Fields of the film page come back empty. "list index out of range" means the page did not have the part the agent looks for.',
    rootCause: 'The website\'s layout probably changed, or the agent read the wrong page: the page paths (XPath) in the named function no longer find the data.',
    expected: 'Synopsis, release date, pictures and cast are read from the film page.',
    advice: [
      'Update the agent from its official source if a newer version exists.',
      'Otherwise a person who can read the page\'s HTML must update the XPath in the named function; Agent Doctor does not guess new page paths.',
    ],
    recipes: [],
  },
  {
    id: 'site-unreachable',
    title: 'The agent\'s website cannot be reached',
    signatures: ['site-url-error', 'ssl-error', 'rate-limited'],
    symptom: 'Requests to the agent\'s own website fail.',
    rootCause: 'The site was down, refused the request, changed its address format, or asked the agent to slow down ("Too Many Requests").',
    expected: 'The site\'s search and film pages load.',
    advice: [
      'Open the address from the example line in a browser on this Mac. If it loads, the site is refusing the agent or its address format changed: update the agent. If it does not, the site is down: try again later.',
      'For "Too Many Requests", raise the agent\'s delay preference.',
    ],
    recipes: [],
  },
  {
    id: 'search-no-match',
    title: 'Search results rejected',
    signatures: ['title-match-failure', 'studio-match-failure'],
    symptom: 'Search results were rejected because the title or studio did not match. The agent logs one line per rejected result, so many lines are normal.',
    rootCause: 'Only a problem when a search ends without any match: then the title or studio in the file name differs from the site\'s.',
    expected: 'Each search ends with one matching result.',
    advice: ['For a film that finds no match, name the file "(Studio) - Title (Year)" exactly as the site writes them.'],
    recipes: [],
  },
  {
    id: 'agent-crash',
    title: 'The agent crashes while updating items',
    signatures: ['agent-update-exception', 'agent-media-object', 'system-update-failed'],
    symptom: 'Updates of some items fail with an error the agent does not handle; Plex may still report them as done.',
    rootCause: 'An error in the agent\'s code or in what it was given (a file name it cannot read, an item Plex could not hand over). The traceback names the file, line and function.',
    expected: 'Every update finishes, with metadata written.',
    advice: ['Read the traceback of the example: its last line says what failed (for example IndexError), the frame above it where.', 'A file name that does not follow the agent\'s pattern is a common cause.'],
    recipes: [],
  },
  {
    id: 'item-gone',
    title: 'The agent could not read an item from Plex',
    signatures: ['local-url-error'],
    symptom: 'A request from the agent to Plex itself (127.0.0.1) failed.',
    rootCause: 'Usually the item was removed or added again while it was being updated, which gives it a new ratingKey.',
    expected: 'The agent reads each item it updates.',
    advice: ['Refresh the item again. If it was added again, Plex knows it under a new ratingKey.'],
    recipes: [],
  },
  {
    id: 'model-read-repeat',
    title: 'Saved data for an item could not be read back',
    signatures: ['model-read-repeat'],
    symptom: '"Cannot read model from …" (model:205) for data Plex had saved ("Serializing to …") earlier.',
    rootCause: 'Plex wrote the item\'s data and could not read it again: a damaged file, or the disk or folder permissions changed.',
    expected: 'Plex reads back what it saved.',
    advice: [
      'Refresh the item once more (Refresh Metadata). If the same items keep showing this, run Settings → Troubleshooting → Optimize Database in Plex and check that the Plex data folder\'s disk is not full.',
      'Never delete Plex\'s data folders by hand because of this line.',
    ],
    recipes: [],
  },
  {
    id: 'first-read',
    title: 'No saved data yet for an item',
    signatures: ['model-read-first'],
    symptom: '"Cannot read model from …" (model:205): Plex had no saved data for the item.',
    rootCause: 'Most likely the first read of a new item; nothing in the logs shows corruption.',
    expected: 'Harmless: Plex saves the data right after.',
    advice: ['Nothing to do. Never delete Plex\'s data folders because of this line.'],
    recipes: [],
  },
];

/** Catalogue signatures that are left out of every figure (agent-logs.md §8, severity noise). */
export const NOISE_SIGNATURES: readonly string[] = ['startup-resource-hashes', 'startup-no-start-function', 'pgma-info-as-error'];

export const UNKNOWN_PATTERNS = {
  id: 'unknown',
  title: 'Errors the catalogue does not know',
  symptom: 'Error lines that match no known signature.',
  rootCause: 'Not known: nothing in the catalogue explains these lines, and Agent Doctor does not guess.',
  expected: 'No unexplained error lines.',
  advice: ['Read the example lines. If one keeps coming back, report it so it can be added to the catalogue.'],
} as const;

export const knowledgeById: ReadonlyMap<string, KnowledgeEntry> = new Map(KNOWLEDGE.map((k) => [k.id, k]));
