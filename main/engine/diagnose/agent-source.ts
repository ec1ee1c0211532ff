// The code of an agent as the recipes read it: the `.py` modules of its bundle's
// Contents/Code/, found by the CFBundleIdentifier its log file is named after. Paths are
// relative to the Plug-ins folder, as a Fix names them. Files are read as strict UTF-8 (what
// PGMA's `# -*- coding: utf-8 -*-` promises): a recipe never edits text it had to guess at.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { listAgents, type AgentBundle } from '../plex/index.ts';

export interface SourceFile {
  /** relative to the Plug-ins folder, with "/" (e.g. `GEVI.bundle/Contents/Code/utils.py`) */
  path: string;
  /** file name within Contents/Code/ (`utils.py`) */
  name: string;
  text: string;
}

export interface AgentSource {
  bundle: AgentBundle;
  files: SourceFile[];
  /** files that could not be read, with the reason in plain words */
  unreadable: { path: string; reason: string }[];
}

/** agent modules are well under 0.5 MB; anything bigger is not one we should edit */
const MAX_MODULE_BYTES = 2 * 1024 * 1024;

export class AgentSources {
  private bundles: Promise<AgentBundle[]> | undefined;
  private readonly cache = new Map<string, Promise<AgentSource | null>>();
  readonly pluginsDir: string;

  constructor(pluginsDir: string) {
    this.pluginsDir = pluginsDir;
  }

  /** The agent whose CFBundleIdentifier is `identifier` (case as logged), or null. */
  source(identifier: string): Promise<AgentSource | null> {
    const key = identifier.toLowerCase();
    let found = this.cache.get(key);
    if (!found) {
      found = this.load(key);
      this.cache.set(key, found);
    }
    return found;
  }

  private async load(identifier: string): Promise<AgentSource | null> {
    this.bundles ??= listAgents(this.pluginsDir).then((r) => r.agents);
    const bundle = (await this.bundles).find((b) => b.identifier.toLowerCase() === identifier);
    if (!bundle) return null;
    const files: SourceFile[] = [];
    const unreadable: AgentSource['unreadable'] = [];
    const names = await readdir(bundle.codeDir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.py')).sort()) {
      const full = join(bundle.codeDir, name);
      const path = relative(this.pluginsDir, full).split(sep).join('/');
      const info = await stat(full).catch(() => null);
      if (!info?.isFile()) continue;
      if (info.size > MAX_MODULE_BYTES) {
        unreadable.push({ path, reason: `it is ${(info.size / 1024 / 1024).toFixed(1)} MB, far larger than agent code` });
        continue;
      }
      try {
        const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(await readFile(full));
        files.push({ path, name, text });
      } catch (err) {
        unreadable.push({ path, reason: err instanceof TypeError ? 'it is not UTF-8 text' : (err as Error).message });
      }
    }
    return { bundle, files, unreadable };
  }
}
