// dev:web serves the popover as the app ships it: the Vite build in out/renderer. It builds it
// first when it is missing or older than any of its sources, so a browser never shows a popover
// that lags behind the code.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'vite';

export const REPO = join(import.meta.dirname, '..', '..');
export const RENDERER_OUT = join(REPO, 'out', 'renderer');
/** what the build reads: the popover, the contract it shares with main, and the build config */
const SOURCES = [join(REPO, 'renderer'), join(REPO, 'shared'), join(REPO, 'vite.renderer.config.ts')];

/** The newest modification time under `paths` (files and folders, recursively). */
async function newest(paths: readonly string[]): Promise<number> {
  let latest = 0;
  for (const path of paths) {
    const info = await stat(path);
    latest = Math.max(latest, info.mtimeMs);
    if (!info.isDirectory()) continue;
    const entries = await readdir(path, { recursive: true, withFileTypes: true });
    for (const entry of entries) if (entry.isFile()) latest = Math.max(latest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return latest;
}

/** Why the build must run, in plain words; null when the build in `outDir` is current. */
export async function rendererBuildNeeded(outDir = RENDERER_OUT, sources: readonly string[] = SOURCES): Promise<string | null> {
  const built = await stat(join(outDir, 'index.html')).then((s) => s.mtimeMs, () => null);
  if (built === null) return 'it has not been built yet';
  return (await newest(sources)) > built ? 'its sources changed since the last build' : null;
}

/** Builds out/renderer when needed; returns why it built, or null. */
export async function ensureRendererBuilt(say: (line: string) => void): Promise<string | null> {
  const why = await rendererBuildNeeded();
  if (!why) return null;
  say(`Building the popover into out/renderer (${why})…`);
  await build({ configFile: join(REPO, 'vite.renderer.config.ts'), root: join(REPO, 'renderer'), logLevel: 'warn' });
  return why;
}
