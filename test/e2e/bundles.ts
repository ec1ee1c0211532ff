// The agents' files, by content: every file under a Plug-ins folder with its sha256, to compare
// the simulated Plex's Plug-ins with the fixture bundles it started from.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { sha256 } from '../../main/engine/util/sha256.ts';

/** The bundles the simulated Plex copies into its Plug-ins folder (test/plex-sim DEFAULT_BUNDLES). */
export const FIXTURE_BUNDLES = join(import.meta.dirname, '..', 'fixtures', 'bundles');

/** "GEVI.bundle/Contents/Code/utils.py" → sha256, for every file under `dir`. */
export async function hashesUnder(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path).split(sep).join('/')] = sha256(await readFile(path));
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** The files whose content differs between two hash maps, or that only one of them has. */
export function changedFiles(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => before[f] !== after[f]).sort();
}
