// zod schemas for the JSON Plex Media Server answers (plex-facts.md §2–3). Tolerant by design:
// optional fields may be missing, unknown fields are dropped, arrays Plex omits when empty
// default to [], and ids Plex sends sometimes as numbers, sometimes as strings, become strings.
import { z } from 'zod';

const id = z.union([z.string(), z.number()]).transform(String);
const num = z.union([z.number(), z.string().regex(/^-?\d+(?:\.\d+)?$/).transform(Number)]);
const flag = z.union([z.boolean(), z.number(), z.string()]).transform((v) => v === true || v === 1 || v === '1' || v === 'true');
const list = <T extends z.ZodType>(item: T) => z.array(item).optional().transform((a) => a ?? []);
const container = <T extends z.ZodRawShape>(shape: T) => z.object({ MediaContainer: z.object(shape) }).transform((c) => c.MediaContainer);

export const IdentitySchema = container({
  machineIdentifier: z.string(),
  version: z.string(),
  claimed: flag.optional(),
});
export type Identity = z.infer<typeof IdentitySchema>;

export const ServerInfoSchema = container({
  machineIdentifier: z.string(),
  version: z.string(),
  platform: z.string().optional(),
  platformVersion: z.string().optional(),
  friendlyName: z.string().optional(),
  myPlexUsername: z.string().optional(),
});
export type ServerInfo = z.infer<typeof ServerInfoSchema>;

const SectionSchema = z
  .object({
    key: id,
    title: z.string(),
    type: z.string(),
    agent: z.string().optional(),
    scanner: z.string().optional(),
    language: z.string().optional(),
    uuid: z.string().optional(),
    refreshing: flag.optional(),
    Location: list(z.object({ path: z.string() })),
  })
  .transform(({ Location, ...s }) => ({ ...s, locations: Location.map((l) => l.path) }));
export type Section = z.infer<typeof SectionSchema>;
export const SectionsSchema = container({ Directory: list(SectionSchema) }).transform((c) => c.Directory);

const ItemSchema = z
  .object({
    ratingKey: id,
    key: z.string().optional(),
    guid: z.string().optional(),
    type: z.string().optional(),
    title: z.string(),
    year: num.optional(),
    updatedAt: num.optional(),
    librarySectionID: id.optional(),
    librarySectionTitle: z.string().optional(),
    Media: list(z.object({ Part: list(z.object({ file: z.string().optional() })) })),
  })
  .transform(({ Media, ...item }) => ({
    ...item,
    files: Media.flatMap((m) => m.Part.flatMap((p) => (p.file === undefined ? [] : [p.file]))),
  }));
export type Item = z.infer<typeof ItemSchema>;
export const ItemsSchema = container({
  size: num.optional(),
  totalSize: num.optional(),
  librarySectionID: id.optional(),
  Metadata: list(ItemSchema),
});

const ActivitySchema = z
  .object({
    uuid: z.string(),
    type: z.string(),
    title: z.string().optional(),
    subtitle: z.string().optional(),
    progress: num.optional(),
    cancellable: flag.optional(),
    Context: z.object({ key: z.string().optional() }).optional(),
  })
  .transform(({ Context, ...a }) => ({ ...a, contextKey: Context?.key }));
export type Activity = z.infer<typeof ActivitySchema>;
export const ActivitiesSchema = container({ Activity: list(ActivitySchema) }).transform((c) => c.Activity);

export const SectionTimelineSchema = container({
  updateQueueSize: num.optional(),
});
export type SectionTimeline = z.infer<typeof SectionTimelineSchema>;

const AgentSchema = z
  .object({
    identifier: z.string(),
    name: z.string().optional(),
    primary: flag.optional(),
    hasPrefs: flag.optional(),
    MediaType: list(z.object({ mediaType: num.optional(), name: z.string().optional() })),
  })
  .transform(({ MediaType, ...a }) => ({ ...a, mediaTypes: MediaType.flatMap((m) => (m.mediaType === undefined ? [] : [m.mediaType])) }));
export type AgentInfo = z.infer<typeof AgentSchema>;
export const AgentsSchema = container({ Agent: list(AgentSchema) }).transform((c) => c.Agent);

// --- notifications (plex-facts.md §3) ---

const TimelineEntrySchema = z.object({
  identifier: z.string().optional(),
  sectionID: id.optional(),
  itemID: id,
  type: num.optional(),
  title: z.string().optional(),
  state: num,
  metadataState: z.string().optional(),
  mediaState: z.string().optional(),
  updatedAt: num.optional(),
  queueSize: num.optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

const ActivityNotificationSchema = z.object({
  event: z.string(),
  uuid: z.string(),
  Activity: ActivitySchema,
});

/** One WebSocket message. Types we do not use are kept as `other` so nothing throws on them. */
export const NotificationMessageSchema = z.object({
  NotificationContainer: z.looseObject({
    type: z.string(),
    ActivityNotification: list(ActivityNotificationSchema),
    TimelineEntry: list(TimelineEntrySchema),
  }),
});

export type NotificationPayload =
  | { type: 'activity'; event: 'started' | 'updated' | 'ended'; activity: Activity }
  | { type: 'timeline'; entry: TimelineEntry };

/** Parses one message into the events we act on; messages of other types give []. Throws a
 *  ZodError for a message that is not a notification container at all. */
export function parseNotification(data: unknown): NotificationPayload[] {
  const { NotificationContainer: c } = NotificationMessageSchema.parse(data);
  if (c.type === 'activity') {
    return c.ActivityNotification.flatMap((n) =>
      n.event === 'started' || n.event === 'updated' || n.event === 'ended' ? [{ type: 'activity' as const, event: n.event, activity: n.Activity }] : [],
    );
  }
  if (c.type === 'timeline') return c.TimelineEntry.map((entry) => ({ type: 'timeline' as const, entry }));
  return [];
}
