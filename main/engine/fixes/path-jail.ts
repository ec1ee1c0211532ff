// Where a fix may write: existing regular files inside an agent bundle of the Plug-ins folder,
// nowhere else (design.md, Safety). A path from a fix is checked as text first (relative, no
// "..", no "."), then on disk: its real path — symlinks resolved — must still lie inside the
// real Plug-ins folder and inside an agent bundle, never one of Plex's own bundles.
import { lstat, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import { UserError } from '../errors.ts';
import { listAgents, type AgentBundle } from '../plex/index.ts';

export interface PluginsFolder {
  /** the folder as given */
  given: string;
  /** its real path */
  real: string;
  agents: AgentBundle[];
  /** Plex's own bundles and bundles without an identifier, by lower-case name → why */
  notAgents: Map<string, string>;
}

export interface ResolvedFile {
  /** as the fix names it, relative to the Plug-ins folder */
  rel: string;
  /** real path of the file */
  path: string;
  /** the real path relative to the real Plug-ins folder (differs from rel behind a symlink) */
  realRel: string;
  bundle: AgentBundle;
}

const refuse = (code: string, message: string, hint: string) => new UserError(code, message, hint);
const ESCAPE_HINT = 'A fix may only change files inside an agent bundle of the Plug-ins folder. Check the diagnostic report: this change was not written by Agent Doctor or was edited.';

export async function openPluginsFolder(pluginsDir: string): Promise<PluginsFolder> {
  let real: string;
  try {
    real = await realpath(pluginsDir);
    if (!(await stat(real)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw refuse(
      'plex-plugins-missing',
      code === 'ENOENT' ? `The Plug-ins folder ${pluginsDir} does not exist.` : `The Plug-ins folder ${pluginsDir} cannot be used (${code ?? (err as Error).message}).`,
      'Pass the folder that holds your agent bundles with --plugins (it is inside the Plex Media Server data folder).',
    );
  }
  if (real.split(sep).some((part) => /\.app$/i.test(part) || /^Plug-ins-[0-9a-f]+$/i.test(part))) {
    throw refuse('plex-own-folder', `${pluginsDir} is inside the Plex app, where Plex keeps its own plug-ins. Agent Doctor never changes those.`, 'Pass the Plug-ins folder of the Plex Media Server data folder, which holds the agents you installed.');
  }
  const { agents, skipped } = await listAgents(real);
  const notAgents = new Map(skipped.map((s) => [s.bundleDir.slice(real.length + 1).toLowerCase(), s.reason]));
  return { given: pluginsDir, real, agents, notAgents };
}

/** Checks `rel` as text, then resolves it on disk; every refusal is a UserError naming the path. */
export async function resolvePluginFile(folder: PluginsFolder, rel: string): Promise<ResolvedFile> {
  const shapeProblem = pathShapeProblem(rel);
  if (shapeProblem) throw refuse('path-escape', `The fix names the file "${rel}", which ${shapeProblem}. Nothing was changed.`, ESCAPE_HINT);
  const bundle = agentBundleOf(folder, rel);
  const joined = folder.real + sep + rel.split('/').join(sep);
  let path: string;
  try {
    await lstat(joined);
    path = await realpath(joined);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw refuse(
      'file-missing',
      code === 'ENOENT' ? `The fix changes "${rel}", but that file does not exist in ${folder.given}. Nothing was changed.` : `The fix changes "${rel}", but that file cannot be read (${code}). Nothing was changed.`,
      'The agent is installed differently from what the fix was written for. Re-run the diagnosis on this Plug-ins folder.',
    );
  }
  const realRel = relative(folder.real, path);
  if (realRel === '' || realRel === '..' || realRel.startsWith('..' + sep) || isAbsolute(realRel)) {
    throw refuse('path-escape', `The fix names "${rel}", which is a link to ${path}, outside the Plug-ins folder. Nothing was changed.`, ESCAPE_HINT);
  }
  // behind a symlink the file may belong to another bundle: that one must be an agent too
  const realBundle = realRel === rel.split('/').join(sep) ? bundle : agentBundleOf(folder, realRel.split(sep).join('/'));
  if (!(await stat(path)).isFile()) throw refuse('not-a-file', `The fix names "${rel}", which is not a regular file. Nothing was changed.`, ESCAPE_HINT);
  return { rel, path, realRel: realRel.split(sep).join('/'), bundle: realBundle };
}

/** Why `rel` cannot name a file inside the Plug-ins folder, or undefined when its shape is fine. */
export function pathShapeProblem(rel: string): string | undefined {
  if (rel === '') return 'is empty';
  if (rel.includes('\0')) return 'contains a NUL character';
  if (rel.startsWith('/') || /^[A-Za-z]:/.test(rel) || rel.startsWith('~')) return 'is an absolute path';
  if (rel.includes('\\')) return 'contains a backslash';
  const parts = rel.split('/');
  if (parts.includes('..')) return 'climbs out with ".."';
  if (parts.includes('.') || parts.includes('')) return 'has an empty or "." part';
  if (parts.some((p) => p.toLowerCase() === '_backups')) return 'points into a backup folder';
  return undefined;
}

function agentBundleOf(folder: PluginsFolder, rel: string): AgentBundle {
  const [first = '', second] = rel.split('/');
  const key = first.toLowerCase();
  const plexOwn = folder.notAgents.get(key);
  if (plexOwn !== undefined) {
    throw refuse('plex-bundle', `The fix changes "${rel}", in ${first}: ${/plex/i.test(plexOwn) ? `${plexOwn}.` : `not an agent (${plexOwn}).`} Agent Doctor never changes it. Nothing was changed.`, ESCAPE_HINT);
  }
  const bundle = folder.agents.find((a) => `${a.name}.bundle`.toLowerCase() === key);
  if (!bundle || second?.toLowerCase() !== 'contents' || rel.split('/').length < 3) {
    throw refuse('not-agent-file', `The fix changes "${rel}", which is not inside an agent bundle ("<Name>.bundle/Contents/…") of the Plug-ins folder. Nothing was changed.`, ESCAPE_HINT);
  }
  return bundle;
}
