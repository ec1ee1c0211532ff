// How the loop writes its numbers for people, the same in the CLI, the progress block and the
// final report: per-item averages with two decimals, percentages with one, nothing unknown made up.

/** 9.55 → "9.55", 4 → "4" */
export const perItemText = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** a percentage: 12.345 → "12.3 %", −4 → "−4 %" */
export function pctText(n: number): string {
  const r = Math.round(n * 10) / 10;
  return `${r < 0 ? '−' : ''}${Math.abs(r)} %`;
}

/** a difference of two percentages: 21.23 → "+21.2 points" */
export function pointsText(diff: number): string {
  const r = Math.round(diff * 10) / 10;
  return `${r < 0 ? '−' : '+'}${Math.abs(r)} points`;
}

/** a share 0..1 as a percentage; null → "n/a" */
export const shareText = (share: number | null): string => (share === null ? 'n/a' : pctText(share * 100));

/** an improvement; null → "not measurable" */
export const improvementText = (i: number | null): string => (i === null ? 'not measurable' : pctText(i));

export const plural = (n: number, word: string, words = `${word}s`): string => `${n} ${n === 1 ? word : words}`;

/** 2026-02-01T12:00:00.000Z → "2026-02-01 12:00 UTC" */
export const utcText = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
