// Which files in a Plex logs folder are logs, which log each belongs to, and their order
// (plex-facts.md §6–7). A plug-in log rotates `X.log` → `X.log.1` … `.log.5`; the main
// server log rotates `Plex Media Server.log` → `Plex Media Server.1.log` … `.5.log`.
import { readdir } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { parsePluginLine, parsePmsLine, type HeadParser } from './parse-line.ts';

export const PLUGIN_LOGS_DIR = 'PMS Plugin Logs';
export const PMS_SOURCE = 'Plex Media Server';
export const SYSTEM_SOURCE = 'com.plexapp.system';
export const AGENT_PREFIX = 'com.plexapp.agents.';

/** Agents that ship with Plex: not legacy PGMA-style agents, left out unless asked for. */
export const BUILTIN_AGENTS: ReadonlySet<string> = new Set(
  ['none', 'localmedia', 'imdb', 'themoviedb', 'thetvdb', 'lastfm', 'plexmusic', 'plexthememusic', 'htbackdrops', 'movieposterdb', 'opensubtitles', 'fanarttv', 'lyricfind'],
);

export interface LogFile {
  /** relative to the logs folder, e.g. `PMS Plugin Logs/com.plexapp.agents.GEVI.log.1` */
  rel: string;
  path: string;
  /** 0 = the live file, N = `.N` (older as N grows) */
  generation: number;
}

export interface LogChain {
  source: string;
  /** oldest first: `.5` … `.1`, then the live file */
  files: LogFile[];
}

/** `com.plexapp.agents.GEVI` → `GEVI`; null for anything that is not an agent. */
export function agentName(source: string): string | null {
  return source.startsWith(AGENT_PREFIX) && source.length > AGENT_PREFIX.length ? source.slice(AGENT_PREFIX.length) : null;
}

const PLUGIN_FILE = /^(.+?)\.log(?:\.(\d{1,2}))?$/;
const PMS_FILE = /^Plex Media Server(?:\.(\d{1,2}))?\.log$/;

/** The log a file name belongs to, or null when it is not one we read. */
export function logFileOf(name: string, inPluginDir: boolean): { source: string; generation: number } | null {
  const m = inPluginDir ? PLUGIN_FILE.exec(name) : PMS_FILE.exec(name);
  if (!m) return null;
  if (inPluginDir) return m[1]!.startsWith('.') ? null : { source: m[1]!, generation: m[2] ? Number(m[2]) : 0 };
  return { source: PMS_SOURCE, generation: m[1] ? Number(m[1]) : 0 };
}

export function grammarOf(source: string): HeadParser {
  return source === PMS_SOURCE ? parsePmsLine : parsePluginLine;
}

/** Path of generation `n` of a log, relative to the logs folder. */
export function relPathOf(source: string, generation: number): string {
  if (source === PMS_SOURCE) return generation === 0 ? `${PMS_SOURCE}.log` : `${PMS_SOURCE}.${generation}.log`;
  return `${PLUGIN_LOGS_DIR}/${source}.log${generation === 0 ? '' : `.${generation}`}`;
}

/** Every log in the folder, each with its files oldest first. `pluginDir` says whether the
 *  `PMS Plugin Logs` folder exists at all. */
export async function listLogChains(logsDir: string): Promise<{ chains: LogChain[]; pluginDir: boolean }> {
  const chains = new Map<string, LogChain>();
  const base = resolve(logsDir) + sep; // joined by hand: path.join per file costs more than the listing
  const add = (name: string, inPluginDir: boolean) => {
    const f = logFileOf(name, inPluginDir);
    if (!f) return;
    let chain = chains.get(f.source);
    if (!chain) chains.set(f.source, (chain = { source: f.source, files: [] }));
    const rel = relPathOf(f.source, f.generation);
    chain.files.push({ rel, path: base + rel, generation: f.generation });
  };
  let pluginDir = true;
  try {
    for (const name of await readdir(join(logsDir, PLUGIN_LOGS_DIR))) add(name, true);
  } catch {
    pluginDir = false;
  }
  try {
    for (const name of await readdir(logsDir)) add(name, false);
  } catch {
    // a missing folder is reported by the caller, which knows what the user asked for
  }
  for (const chain of chains.values()) chain.files.sort((a, b) => b.generation - a.generation);
  return { chains: [...chains.values()].sort((a, b) => a.source.localeCompare(b.source)), pluginDir };
}
