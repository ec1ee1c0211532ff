// The settings form checks a value with the same schemas main applies (shared/ipc.ts) before
// sending it, and words the first problem for a person. Number limits come from the schemas
// too, so the inputs' min/max and the messages cannot drift from what main accepts.
import type { z } from 'zod';
import { PlexTokenSchema, SettingsSchema, SettingsUpdateSchema, ThresholdsSchema, type SettingsUpdate, type SettingsView } from '../../shared/ipc.ts';

interface NumberField {
  /** the input's label */
  label: string;
  /** how a message names it */
  name: string;
  unit: string;
  schema: z.ZodNumber;
}

const thresholds = ThresholdsSchema.shape;
export const NUMBER_FIELDS = {
  itemsPerTest: { label: 'Items per test', name: 'Items per test', unit: '', schema: SettingsSchema.shape.itemsPerTest },
  keepPct: { label: 'Keep a fix when criteria met reach', name: 'The KEEP threshold', unit: '%', schema: thresholds.keepPct },
  monitorPct: { label: 'Monitor it when they reach', name: 'The MONITOR threshold', unit: '%', schema: thresholds.monitorPct },
  plateauPct: { label: 'Stop when improvement stays below', name: 'The plateau threshold', unit: '%', schema: thresholds.plateauPct },
  maxIterations: { label: 'Most iterations per run', name: 'The most iterations', unit: '', schema: thresholds.maxIterations },
} as const satisfies Record<string, NumberField>;
export type NumberFieldKey = keyof typeof NUMBER_FIELDS;

export const limits = (key: NumberFieldKey) => {
  const { schema } = NUMBER_FIELDS[key];
  return { min: schema.minValue ?? undefined, max: schema.maxValue ?? undefined, step: schema.isInt ? 1 : 'any' } as const;
};

/** The fields the form edits, from what main sent. */
export function draftOf(view: SettingsView): SettingsUpdate {
  return {
    serverUrl: view.serverUrl,
    restartOrder: [...view.restartOrder],
    itemsPerTest: view.itemsPerTest,
    thresholds: { ...view.thresholds },
    launchAtLogin: view.launchAtLogin,
  };
}

/** The first reason main would refuse `draft`, in plain words; null when it would accept it. */
export function settingsProblem(draft: unknown): string | null {
  const parsed = SettingsUpdateSchema.safeParse(draft);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  const key = issue.path.at(-1);
  if (issue.code !== 'custom' && typeof key === 'string' && key in NUMBER_FIELDS) {
    const { name, schema } = NUMBER_FIELDS[key as NumberFieldKey];
    return `${name} must be ${schema.isInt ? 'a whole number' : 'a number'} from ${schema.minValue} to ${schema.maxValue}.`;
  }
  return sentence(issue.message);
}

/** The pasted token, trimmed, or what is wrong with it. */
export function checkToken(raw: string): { token: string } | { problem: string } {
  const parsed = PlexTokenSchema.safeParse(raw);
  return parsed.success ? { token: parsed.data } : { problem: sentence(parsed.error.issues[0]!.message) };
}

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
