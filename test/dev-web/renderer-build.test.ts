// dev:web builds the popover only when out/renderer is missing or older than its sources.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rendererBuildNeeded } from './renderer-build.ts';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A source tree (a file two folders down) and a build, with the given ages in seconds. */
function tree(ages: { source: number; build: number | null }) {
  root = mkdtempSync(join(tmpdir(), 'renderer-build-'));
  const now = Date.now() / 1000;
  const deep = join(root, 'src', 'views');
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(deep, 'View.svelte'), '<p>view</p>');
  utimesSync(join(deep, 'View.svelte'), now - ages.source, now - ages.source);
  for (const dir of [deep, join(root, 'src')]) utimesSync(dir, now - 1000, now - 1000);
  const out = join(root, 'out');
  if (ages.build !== null) {
    mkdirSync(out);
    writeFileSync(join(out, 'index.html'), '<!doctype html>');
    utimesSync(join(out, 'index.html'), now - ages.build, now - ages.build);
  }
  return { out, sources: [join(root, 'src')] };
}

describe('rendererBuildNeeded', () => {
  it('builds when there is no build', async () => {
    const { out, sources } = tree({ source: 60, build: null });
    expect(await rendererBuildNeeded(out, sources)).toBe('it has not been built yet');
  });

  it('builds when a source deep in the tree is newer than the build', async () => {
    const { out, sources } = tree({ source: 10, build: 60 });
    expect(await rendererBuildNeeded(out, sources)).toBe('its sources changed since the last build');
  });

  it('serves the build as it is when it is newer than every source', async () => {
    const { out, sources } = tree({ source: 60, build: 10 });
    expect(await rendererBuildNeeded(out, sources)).toBeNull();
  });
});
