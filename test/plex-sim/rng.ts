// Seeded randomness for the simulated Plex: the same seed gives the same run. Draws are keyed
// (e.g. by scenario seed + ratingKey), so the outcome of one item does not depend on the order
// in which concurrent refreshes happen to arrive.

/** 32-bit FNV-1a of the joined parts */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for a simulation */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const keyedRandom = (...parts: (string | number)[]): (() => number) => seededRandom(hash32(...parts));

export const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
