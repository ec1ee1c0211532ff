// Numbers and times as the popover writes them.

/** 0.245 → "24.5 %", 1 → "100 %". */
export function percent(share: number): string {
  return points(share * 100);
}

/** 24.53 → "24.5 %", 75 → "75 %". */
export function points(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded : rounded.toFixed(1)} %`;
}

/** The sign test's p-value, or why there is none. */
export function pValue(p: number | null): string {
  if (p === null) return 'no item changed outcome';
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p.toFixed(3)}`;
}

// Made on first use: the first Intl formatter loads the locale data, which costs tens of
// milliseconds (renderer bench); LocalTime.svelte waits for the first paint before that.
let dateTime: Intl.DateTimeFormat | undefined;
let timeOnly: Intl.DateTimeFormat | undefined;

/** Has this page made its date formatter yet (is `when` cheap now)? */
export const formatterLoaded = (): boolean => dateTime !== undefined;

/** An ISO UTC time in the Mac's zone and language. */
export const when = (iso: string): string => (dateTime ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })).format(new Date(iso));
export const clock = (iso: string): string => (timeOnly ??= new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' })).format(new Date(iso));
