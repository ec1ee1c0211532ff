import { describe, expect, it } from 'vitest';
import { lineOfPath, locateJson } from '../../../../main/engine/diagnose/json-locate.ts';

describe('locateJson', () => {
  const text = JSON.stringify({ a: 1, b: { c: ['x', { d: 'y"z' }] }, e: [] }, null, 2);
  const lines = locateJson(text);
  it.each([
    [['a'], 2],
    [['b'], 3],
    [['b', 'c'], 4],
    [['b', 'c', 0], 5],
    [['b', 'c', 1, 'd'], 7],
    [['e'], 11],
  ])('puts %j on line %i', (path, line) => {
    expect(lineOfPath(lines, path)).toBe(line);
  });
  it('falls back to the nearest existing parent', () => {
    expect(lineOfPath(lines, ['b', 'missing'])).toBe(3);
  });
});
