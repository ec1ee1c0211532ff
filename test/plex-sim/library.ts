// The simulated library: sections bound to legacy agents and the items in them, read from a
// JSON fixture (test/fixtures/plex/library.json) and kept in memory while the sim runs.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ItemProfileSchema, SiteFacetSchema } from './scenario.ts';

export const LibrarySchema = z
  .object({
    server: z.object({
      machineIdentifier: z.string(),
      version: z.string(),
      friendlyName: z.string(),
      platform: z.string(),
      platformVersion: z.string(),
      myPlexUsername: z.string(),
    }),
    sections: z
      .array(
        z.object({
          key: z.string().regex(/^\d+$/),
          title: z.string(),
          agent: z.string(),
          language: z.string().default('en'),
          location: z.string(),
          uuid: z.string(),
        }),
      )
      .min(1),
    items: z
      .array(
        z.object({
          ratingKey: z.string().regex(/^\d+$/),
          section: z.string(),
          title: z.string(),
          year: z.number().int().optional(),
          studio: z.string(),
          /** the agent's own id inside the legacy guid */
          agentId: z.string(),
          file: z.string(),
          durationMs: z.number().int().positive(),
          cast: z.array(z.string()),
          directors: z.array(z.string()),
          genres: z.array(z.string()),
          /** is the film on IAFD? */
          profile: ItemProfileSchema,
          /** does the site's page have every field the parser reads? */
          site: SiteFacetSchema,
          /** unmatched items go through search before update */
          matched: z.boolean(),
          addedAt: z.number().int(),
          updatedAt: z.number().int(),
        }),
      )
      .min(1),
  })
  .superRefine((lib, ctx) => {
    const keys = new Set(lib.sections.map((s) => s.key));
    const seen = new Set<string>();
    lib.items.forEach((item, i) => {
      if (!keys.has(item.section)) ctx.addIssue({ code: 'custom', path: ['items', i, 'section'], message: `no section ${item.section}` });
      if (seen.has(item.ratingKey)) ctx.addIssue({ code: 'custom', path: ['items', i, 'ratingKey'], message: `duplicate ratingKey ${item.ratingKey}` });
      seen.add(item.ratingKey);
    });
  });
export type Library = z.infer<typeof LibrarySchema>;
export type LibraryItem = Library['items'][number];
export type LibrarySection = Library['sections'][number];

export const DEFAULT_LIBRARY = new URL('../fixtures/plex/library.json', import.meta.url);

export function loadLibrary(path: string | URL = DEFAULT_LIBRARY): Library {
  return LibrarySchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** guid of a legacy item: <CFBundleIdentifier>://<agent id>?lang=<lang> (plex-facts.md §4.4) */
export function legacyGuid(agent: string, item: Pick<LibraryItem, 'agentId'>, lang = 'en'): string {
  return `${agent}://${item.agentId}?lang=${lang}`;
}
