// The agents installed in the Plug-ins folder: every `<Name>.bundle` whose Contents/Info.plist
// names a CFBundleIdentifier. Plex's own bundles are never agents we may touch.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { parsePlist } from './plist.ts';

export interface AgentBundle {
  /** bundle name without ".bundle", e.g. "GEVI" */
  name: string;
  /** CFBundleIdentifier, e.g. "com.plexapp.agents.GEVI"; names the plug-in's log file */
  identifier: string;
  bundleDir: string;
  codeDir: string;
}

export interface SkippedBundle {
  bundleDir: string;
  reason: string;
}

/** Bundles that belong to Plex itself. They normally live inside the app; if one turns up in
 *  Plug-ins we still leave it alone. */
const PLEX_OWN = /^com\.plexapp\.(system|framework)(\..*)?$/i;
const PLEX_OWN_NAMES = new Set(['Framework.bundle', 'System.bundle']);

export async function listAgents(pluginsDir: string): Promise<{ agents: AgentBundle[]; skipped: SkippedBundle[] }> {
  let entries;
  try {
    entries = await readdir(pluginsDir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      'plex-plugins-missing',
      code === 'ENOENT' ? `The Plug-ins folder ${pluginsDir} does not exist.` : `Cannot read the Plug-ins folder ${pluginsDir} (${code}).`,
      'Pass the folder that holds your agent bundles with --plugins (it is inside the Plex Media Server data folder).',
    );
  }
  const agents: AgentBundle[] = [];
  const skipped: SkippedBundle[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.name.endsWith('.bundle') || !(entry.isDirectory() || entry.isSymbolicLink())) continue;
    const bundleDir = join(pluginsDir, entry.name);
    if (PLEX_OWN_NAMES.has(entry.name)) {
      skipped.push({ bundleDir, reason: "Plex's own bundle" });
      continue;
    }
    const identifier = await readBundleIdentifier(bundleDir).catch((err: unknown) => err as Error);
    if (identifier instanceof Error) {
      skipped.push({ bundleDir, reason: identifier.message });
    } else if (PLEX_OWN.test(identifier)) {
      skipped.push({ bundleDir, reason: `Plex's own bundle (${identifier})` });
    } else {
      agents.push({ name: entry.name.slice(0, -'.bundle'.length), identifier, bundleDir, codeDir: join(bundleDir, 'Contents', 'Code') });
    }
  }
  return { agents, skipped };
}

export async function readBundleIdentifier(bundleDir: string): Promise<string> {
  const infoPath = join(bundleDir, 'Contents', 'Info.plist');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(infoPath);
  } catch (err) {
    throw new Error(`no Contents/Info.plist (${(err as NodeJS.ErrnoException).code})`, { cause: err });
  }
  const plist = parsePlist(bytes, infoPath);
  const id = typeof plist === 'object' && plist !== null && !Array.isArray(plist) ? (plist as Record<string, unknown>).CFBundleIdentifier : undefined;
  if (typeof id !== 'string' || !id.trim()) throw new Error('Contents/Info.plist has no CFBundleIdentifier');
  return id.trim();
}
