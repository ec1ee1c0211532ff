// A scenario tells the simulated Plex how the world behaves: latencies, faults, and — the heart
// of it — how an item's refresh turns out given the code the agent loaded. Conditions are
// regular expressions over the bundle's files ("do the IAFD requests send a browser
// User-Agent?"); rules map them, per item profile, to weighted outcomes.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const regex = z.string().refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

/** `file` is relative to the bundle folder, e.g. Contents/Code/utils.py */
export const ConditionSchema = z.union([
  /** `regex` matches at least `minCount` times */
  z.object({ file: z.string().min(1), regex, flags: z.string().regex(/^[imsu]*$/).default(''), minCount: z.number().int().positive().default(1) }).strict(),
  /** at least one line matches `everyLine`, and each of those lines also matches `has` */
  z.object({ file: z.string().min(1), everyLine: regex, has: regex }).strict(),
]);
export type Condition = z.infer<typeof ConditionSchema>;

/** found · not-listed · blocked (every IAFD request refused) · cast-blocked (film found, cast and
 *  director look-ups refused) · skipped (IAFD disabled everywhere) · film-skipped (film look-up
 *  disabled, cast and director look-ups still refused) · request-exception (raises before any request) */
export const IafdFacetSchema = z.enum(['found', 'not-listed', 'blocked', 'cast-blocked', 'skipped', 'film-skipped', 'request-exception']);
export const SiteFacetSchema = z.enum(['ok', 'field-error']);
export const UpdateFacetSchema = z.enum(['normal', 'returns-early', 'exception']);
export type IafdFacet = z.infer<typeof IafdFacetSchema>;
export type SiteFacet = z.infer<typeof SiteFacetSchema>;
export type UpdateFacet = z.infer<typeof UpdateFacetSchema>;

/** What happens to one item in one refresh. Missing facets: site from the item's library
 *  entry, IAFD "blocked", update "normal". */
export const OutcomeSchema = z
  .object({
    weight: z.number().positive(),
    iafd: IafdFacetSchema.optional(),
    site: SiteFacetSchema.optional(),
    update: UpdateFacetSchema.optional(),
  })
  .strict();
export type Outcome = z.infer<typeof OutcomeSchema>;

export const ItemProfileSchema = z.enum(['iafd-listed', 'not-on-iafd']);
export type ItemProfile = z.infer<typeof ItemProfileSchema>;

export const RuleSchema = z
  .object({
    /** names of conditions that must all hold; "!name" must not hold; [] always */
    when: z.array(z.string().regex(/^!?[A-Za-z][\w-]*$/)).default([]),
    /** for every profile not listed in `profiles` */
    outcomes: z.array(OutcomeSchema).min(1).optional(),
    profiles: z.partialRecord(ItemProfileSchema, z.array(OutcomeSchema).min(1)).optional(),
    note: z.string().optional(),
  })
  .strict()
  .refine((r) => r.outcomes || r.profiles, 'a rule needs "outcomes" or "profiles"');
export type Rule = z.infer<typeof RuleSchema>;

export const LatencySchema = z
  .object({
    /** one item's refresh from started to ended */
    refreshMs: z.number().nonnegative().default(3_000),
    /** ± uniform jitter on refreshMs */
    jitterMs: z.number().nonnegative().default(0),
    /** a plug-in start (restart endpoint, lazy start, server start) */
    pluginStartMs: z.number().nonnegative().default(8_000),
    /** quit request → port closed */
    serverStopMs: z.number().nonnegative().default(1_000),
    /** open request → answering */
    serverStartMs: z.number().nonnegative().default(2_000),
  })
  .strict();

export const FaultsSchema = z
  .object({
    /** answer `status` to requests whose path matches, `times` times (then normally) */
    serverErrors: z.array(z.object({ path: regex, status: z.number().int().min(500).max(599).default(500), times: z.number().int().positive().default(1) }).strict()).default([]),
    /** delay answers to matching paths */
    slow: z.array(z.object({ path: regex, delayMs: z.number().nonnegative() }).strict()).default([]),
    /** on: notifications flow · off: the upgrade is refused · silent: accepted, nothing sent */
    websocket: z.enum(['on', 'off', 'silent']).default('on'),
    /** extra delay before the server answers after an open/restart */
    slowStartMs: z.number().nonnegative().default(0),
    /** after a quit the server never starts again */
    neverComesBack: z.boolean().default(false),
  })
  .strict();
export type Faults = z.infer<typeof FaultsSchema>;

export const HistorySchema = z
  .object({
    /** past refreshes of each item written before the sim starts */
    refreshesPerItem: z.number().int().positive().default(1),
    /** the past session began this long ago */
    hoursAgo: z.number().positive().default(24),
    /** only the first N items of the library (default: all) */
    items: z.number().int().positive().optional(),
  })
  .strict();

export const ScenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    seed: z.number().int().default(1),
    /** draw outcomes per refresh instead of once per item (items then flip between refreshes) */
    perRefresh: z.boolean().default(false),
    latency: LatencySchema.default(LatencySchema.parse({})),
    /** refreshes Plex works on at the same time */
    refreshConcurrency: z.number().int().positive().default(1),
    conditions: z.record(z.string().regex(/^[A-Za-z][\w-]*$/), ConditionSchema).default({}),
    rules: z.array(RuleSchema).min(1),
    history: HistorySchema.optional(),
    process: z
      .object({
        /** a launchd job label managing Plex, or null for a plain app */
        launchdLabel: z.string().nullable().default(null),
        /** plug-ins start on first use instead of at server start */
        lazyPlugins: z.boolean().default(false),
      })
      .strict()
      .default({ launchdLabel: null, lazyPlugins: false }),
    faults: FaultsSchema.default(FaultsSchema.parse({})),
  })
  .strict()
  .superRefine((s, ctx) => {
    s.rules.forEach((r, i) =>
      r.when.forEach((name, j) => {
        if (!(name.replace(/^!/, '') in s.conditions)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'when', j], message: `unknown condition "${name}"` });
      }),
    );
  });
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

/** Deep-partial changes applied over a scenario (tests shorten latencies, add faults). */
export type ScenarioOverrides = Omit<Partial<ScenarioInput>, 'latency' | 'faults' | 'process'> & {
  latency?: Partial<z.input<typeof LatencySchema>>;
  faults?: Partial<z.input<typeof FaultsSchema>>;
  process?: Partial<NonNullable<ScenarioInput['process']>>;
};

type RawScenario = Record<string, unknown> & { extends?: string };

/** Merges `over` onto `base`: nested objects (latency, faults, process, conditions) field by
 *  field, everything else replaced. */
export function mergeScenario(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = base[k];
    const nested = ['latency', 'faults', 'process', 'conditions'].includes(k);
    out[k] = nested && b && typeof b === 'object' && v && typeof v === 'object' ? { ...b, ...v } : v;
  }
  return out;
}

function readRaw(path: string, seen: Set<string>): Record<string, unknown> {
  const full = resolve(path);
  if (seen.has(full)) throw new Error(`Scenario ${path} extends itself`);
  seen.add(full);
  let raw: RawScenario;
  try {
    raw = JSON.parse(readFileSync(full, 'utf8')) as RawScenario;
  } catch (err) {
    throw new Error(`Scenario ${path} is not readable JSON: ${(err as Error).message}`, { cause: err });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`Scenario ${path} is not a JSON object`);
  const { extends: parent, ...own } = raw;
  return parent === undefined ? own : mergeScenario(readRaw(resolve(dirname(full), parent), seen), own);
}

export function parseScenario(raw: unknown, source: string): Scenario {
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`Scenario ${source} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Reads a scenario file, following "extends" (a path relative to the file). */
export function loadScenario(path: string, overrides: ScenarioOverrides = {}): Scenario {
  return parseScenario(mergeScenario(readRaw(path, new Set()), overrides as Record<string, unknown>), path);
}

export const SCENARIOS_DIR = fileURLToPath(new URL('../fixtures/plex/scenarios/', import.meta.url));

/** Evaluates one condition against the code a plug-in loaded (file → source). */
export function holds(condition: Condition, code: ReadonlyMap<string, string>): boolean {
  const source = code.get(condition.file);
  if (source === undefined) return false;
  if ('regex' in condition) return (source.match(new RegExp(condition.regex, condition.flags.replace('g', '') + 'g'))?.length ?? 0) >= condition.minCount;
  const every = new RegExp(condition.everyLine);
  const has = new RegExp(condition.has);
  const lines = source.split('\n').filter((l) => every.test(l));
  return lines.length > 0 && lines.every((l) => has.test(l));
}

/** The outcome list that applies: first rule whose conditions hold and that covers the profile. */
export function applicableOutcomes(scenario: Scenario, code: ReadonlyMap<string, string>, profile: ItemProfile): Outcome[] {
  for (const rule of scenario.rules) {
    const ok = rule.when.every((name) => {
      const negated = name.startsWith('!');
      const result = holds(scenario.conditions[name.replace(/^!/, '')]!, code);
      return negated ? !result : result;
    });
    if (!ok) continue;
    const outcomes = rule.profiles?.[profile] ?? rule.outcomes;
    if (outcomes) return outcomes;
  }
  return [{ weight: 1 }];
}

/** Picks by weight with a uniform draw u ∈ [0, 1). */
export function chooseOutcome(outcomes: readonly Outcome[], u: number): Outcome {
  const total = outcomes.reduce((s, o) => s + o.weight, 0);
  let acc = 0;
  for (const o of outcomes) {
    acc += o.weight / total;
    if (u < acc) return o;
  }
  return outcomes[outcomes.length - 1]!;
}
