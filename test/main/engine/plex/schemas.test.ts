import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ActivitiesSchema,
  AgentsSchema,
  IdentitySchema,
  ItemsSchema,
  parseNotification,
  SectionsSchema,
  SectionTimelineSchema,
  ServerInfoSchema,
} from '../../../../main/engine/plex/schemas.ts';

const json = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../fixtures/plex/responses/${name}.json`, import.meta.url), 'utf8'));

describe('Plex answers (shaped as plex-facts.md §2)', () => {
  it('identity: full and minimal', () => {
    expect(IdentitySchema.parse(json('identity'))).toEqual({ machineIdentifier: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', version: '1.40.1.8227-c0dd5a73e', claimed: true });
    expect(IdentitySchema.parse(json('identity-minimal'))).toEqual({ machineIdentifier: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', version: '1.40.1.8227-c0dd5a73e' });
  });

  it('server root: keeps what we use, drops the dozens of other fields', () => {
    expect(ServerInfoSchema.parse(json('server'))).toEqual({
      machineIdentifier: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      version: '1.40.1.8227-c0dd5a73e',
      platform: 'MacOSX',
      platformVersion: '14.5',
      friendlyName: 'Mac mini',
      myPlexUsername: 'plexfan',
    });
  });

  it('sections: agent, locations, and a missing Directory when there are none', () => {
    const sections = SectionsSchema.parse(json('sections'));
    expect(sections[0]).toEqual({
      key: '1',
      title: 'Gay Movies (GEVI)',
      type: 'movie',
      agent: 'com.plexapp.agents.GEVI',
      scanner: 'Plex Movie Scanner',
      language: 'en',
      uuid: '6513270e-269e-0d37-f2a7-4de452e6b438',
      refreshing: false,
      locations: ['/Users/plex/Movies/Adult/GEVI', '/Volumes/Archive/GEVI'],
    });
    expect(sections[1]!.refreshing).toBe(true);
    expect(SectionsSchema.parse(json('sections-empty'))).toEqual([]);
  });

  it('section items: guid, updatedAt, every Part file; an item without optional fields; an empty section', () => {
    const c = ItemsSchema.parse(json('section-all'));
    expect(c.totalSize).toBe(2);
    expect(c.librarySectionID).toBe('1');
    expect(c.Metadata[0]).toMatchObject({ ratingKey: '431', guid: 'com.plexapp.agents.GEVI://58845?lang=en', title: 'Freaks 5', year: 2009, updatedAt: 1706000123, files: ['/Users/plex/Movies/Adult/GEVI/(Falcon Studios) - Freaks 5 (2009).mp4'] });
    expect(c.Metadata[1]).toMatchObject({ ratingKey: '463', guid: 'local://463', title: 'Café Boys' });
    expect(c.Metadata[1]).not.toHaveProperty('year');
    expect(c.Metadata[1]).not.toHaveProperty('updatedAt');
    expect(c.Metadata[1]!.files).toHaveLength(2);
    expect(ItemsSchema.parse(json('section-all-empty')).Metadata).toEqual([]);
  });

  it('item metadata: librarySectionID on the item; a numeric ratingKey and a string section id are normalised', () => {
    expect(ItemsSchema.parse(json('metadata')).Metadata[0]).toMatchObject({ ratingKey: '431', librarySectionID: '1', librarySectionTitle: 'Gay Movies (GEVI)' });
    const minimal = ItemsSchema.parse(json('metadata-minimal'));
    expect(minimal.librarySectionID).toBe('3');
    expect(minimal.Metadata[0]).toEqual({ ratingKey: '512', title: 'Road Trip', files: [] });
  });

  it('activities: Context.key kept as contextKey; an activity without a key; none at all', () => {
    const a = ActivitiesSchema.parse(json('activities'));
    expect(a[0]).toEqual({
      uuid: 'cd1c28d5-6b5c-4c9f-9d8e-1f2a3b4c5d6e',
      type: 'library.refresh.items',
      cancellable: false,
      title: 'Refreshing',
      subtitle: 'Refreshing local metadata',
      progress: 33,
      contextKey: '/library/metadata/181164/children',
    });
    expect(a[1]!.contextKey).toBeUndefined();
    expect(ActivitiesSchema.parse(json('activities-empty'))).toEqual([]);
  });

  it('section timeline: updateQueueSize', () => {
    expect(SectionTimelineSchema.parse(json('section-timeline'))).toEqual({ updateQueueSize: 2 });
  });

  it('agents: identifiers and media types, with optional fields missing', () => {
    const agents = AgentsSchema.parse(json('agents'));
    expect(agents.map((a) => a.identifier)).toEqual(['com.plexapp.agents.GEVI', 'com.plexapp.agents.none', 'com.plexapp.agents.localmedia']);
    expect(agents[1]!.mediaTypes).toEqual([1, 2]);
    expect(agents[2]).toEqual({ identifier: 'com.plexapp.agents.localmedia', mediaTypes: [] });
  });

  it('refuses an answer without its required fields', () => {
    expect(IdentitySchema.safeParse({ MediaContainer: { version: '1' } }).success).toBe(false);
    expect(ItemsSchema.safeParse({ MediaContainer: { Metadata: [{ title: 'no key' }] } }).success).toBe(false);
  });
});

describe('parseNotification (plex-facts.md §3)', () => {
  it('turns the real activity payload into a typed event', () => {
    expect(parseNotification(json('notification-activity'))).toEqual([
      {
        type: 'activity',
        event: 'updated',
        activity: expect.objectContaining({ uuid: 'cd1c28d5-6b5c-4c9f-9d8e-1f2a3b4c5d6e', type: 'library.refresh.items', progress: 33, contextKey: '/library/metadata/181164/children' }),
      },
    ]);
  });

  it('reads every timeline entry (not only the first), ids as strings, optional states kept', () => {
    const events = parseNotification(json('notification-timeline'));
    expect(events.map((e) => (e.type === 'timeline' ? [e.entry.itemID, e.entry.state, e.entry.mediaState, e.entry.metadataState] : e))).toEqual([
      ['582', 5, undefined, undefined],
      ['583', 5, 'analyzing', undefined],
      ['584', 0, undefined, 'created'],
    ]);
  });

  it('ignores types we do not use, and unknown activity events', () => {
    expect(parseNotification(json('notification-status'))).toEqual([]);
    const odd = { NotificationContainer: { type: 'activity', size: 1, ActivityNotification: [{ event: 'paused', uuid: 'u', Activity: { uuid: 'u', type: 't' } }] } };
    expect(parseNotification(odd)).toEqual([]);
  });

  it('throws on a message that is not a notification container', () => {
    expect(() => parseNotification({ hello: 'world' })).toThrow();
  });
});
