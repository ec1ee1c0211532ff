// The knowledge base covers the catalogue: every signature belongs to exactly one family, or
// is noise; no family names a cause no log line shows.
import { describe, expect, it } from 'vitest';
import { SIGNATURES } from '../../../../main/engine/logs/index.ts';
import { KNOWLEDGE, NOISE_SIGNATURES } from '../../../../main/engine/diagnose/knowledge.ts';

describe('knowledge base', () => {
  it('puts every catalogue signature in exactly one family, or among the noise', () => {
    const owners = new Map<string, string[]>();
    for (const k of KNOWLEDGE) for (const id of k.signatures) owners.set(id, [...(owners.get(id) ?? []), k.id]);
    for (const id of NOISE_SIGNATURES) owners.set(id, [...(owners.get(id) ?? []), 'noise']);
    for (const s of SIGNATURES) expect(owners.get(s.id), s.id).toHaveLength(1);
    expect([...owners.keys()].sort()).toEqual(SIGNATURES.map((s) => s.id).sort());
  });

  it('marks exactly the catalogue\'s noise rows as noise', () => {
    expect([...NOISE_SIGNATURES].sort()).toEqual(SIGNATURES.filter((s) => s.severity === 'noise').map((s) => s.id).sort());
  });

  it('never states a 403 (no log line shows a status code)', () => {
    for (const k of KNOWLEDGE) for (const text of [k.symptom, k.rootCause, k.expected, ...k.advice]) expect(text, k.id).not.toMatch(/\b403\b/);
  });

  it('has recipes for the IAFD family (headers first, skipping as the fallback) and the sandbox names', () => {
    const recipes = (id: string) => KNOWLEDGE.find((k) => k.id === id)!.recipes.map((r) => r.id);
    expect(recipes('iafd-blocked')).toEqual(['iafd-browser-headers', 'iafd-skip']);
    expect(recipes('plugin-load')).toEqual(['rename-restricted-names']);
    for (const advice of ['site-layout', 'search-no-match', 'first-read']) expect(recipes(advice)).toEqual([]);
  });
});
