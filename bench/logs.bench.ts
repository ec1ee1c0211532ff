// Log engine benchmark (`npm run bench logs`). Prints figures with their targets:
//  - aggregation throughput over a deterministic synthetic corpus (≥ 200 MB, 30 agents, each
//    with `.log` and `.log.1`…`.log.5`), and its ratio to `grep -c ERROR` over the same files;
//  - peak RSS of the aggregating process;
//  - the time of Tailer.readSince after appending 1 MB to a 1 GB logs folder.
// The corpus is generated into .bench/ (git-ignored) and reused while its recipe is unchanged.
import { spawnSync, execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aggregateLogs } from '../main/engine/logs/aggregate.ts';
import { Tailer } from '../main/engine/logs/tailer.ts';

const ROOT = join(import.meta.dirname, '..', '.bench', 'logs');
const CORPUS = join(ROOT, 'corpus');
const LARGE = join(ROOT, 'folder-1gb');
const RECIPE = 'logs-corpus-v1';
const AGENTS = 30;
const GENERATIONS = 6; // .log + .log.1 … .log.5
const FILE_BYTES = 1_180_000; // Plex rotates at 1 MiB; a line or two past it, like the real handler
const TZ = 'Europe/Berlin';

// ---------------------------------------------------------------- child: one measured run
if (process.argv[2] === '--aggregate') {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const metrics = await aggregateLogs({ logsDir: process.argv[3]!, timeZone: TZ });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const items = Object.values(metrics.agents).reduce((n, a) => n + Object.keys(a.items).length, 0);
  const records = Object.values(metrics.agents).reduce((n, a) => n + a.records, 0);
  process.stdout.write(JSON.stringify({ seconds, cpuSeconds, maxRssMb: process.resourceUsage().maxRSS / 1024, items, records }) + '\n');
  process.exit(0);
}

// ---------------------------------------------------------------- corpus
function rng(seed: number): () => number {
  // mulberry32: small, fast, the same numbers on every machine
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
function stamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())},${pad(d.getUTCMilliseconds(), 3)}`;
}

const KWARGS = 'Y2VyZWFsMQoxCmRpY3QKMTAKczIKeG5zNApsYW5nYjFzNQpmb3JjZWIwczgKcGVyaW9kaWNzMwo0MzFzNApkYmlkaTAKczcKdmVyc2lvbm5zMTAKcGFyZW50R1VJRG5zOApwYXJlbnRJRHM2Ck1vdmllc3MxMAptZWRpYV90eXBlczM3CmNvbS5wbGV4YXBwLmFnZW50cy5HRVZJOi8vNDMxP2xhbmc9eG5zNApndWlkczMKNDMxczIKaWRyMAo_';

/** One agent's log chain: requests of many items on pooled threads, the way PGMA logs them. */
function writeChain(dir: string, agent: string, seed: number): void {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const threads = Array.from({ length: 6 }, (_, i) => (0x16de8b000 + i * 0x1000 + seed).toString(16));
  let t = Date.UTC(2026, 0, 1) + seed * 1000;
  let rk = 1000 + seed * 100_000;
  const line = (thread: string, level: string, module: string, msg: string) => `${stamp((t += Math.floor(rand() * 40)))} (${thread}) :  ${level} (${module}) - ${msg}\n`;
  for (let gen = GENERATIONS - 1; gen >= 0; gen--) {
    const parts: string[] = [line(threads[0]!, 'INFO', 'core:349', 'Starting framework core - Version: 2.6.3, Build: 7fb6fa3'), line(threads[0]!, 'INFO', 'core:611', 'Started plug-in')];
    let bytes = 0;
    while (bytes < FILE_BYTES) {
      const th = pick(threads);
      const item = String(++rk);
      const block: string[] = [
        line(th, 'DEBUG', 'runtime:717', `Handling request GET /:/plugins/com.plexapp.agents.${agent}/messaging/function/X0FnZW50S2l0OlVwZGF0ZU1ldGFkYXRh/Y2VyZWFsMQoxCmxpc3QKMApyMAo_/${KWARGS}`),
        line(th, 'DEBUG', 'model:32', `Loading model with GUID com.plexapp.agents.${agent}://${item}?lang=xn`),
        line(th, 'DEBUG', 'networking:172', `Requesting 'http://127.0.0.1:32400/library/metadata/${item}/tree'`),
        line(th, 'INFO', 'sandbox:19', `${agent}  - UPDATE CALLED`),
        line(th, 'INFO', 'sandbox:19', `${agent}  - UTILS :: \t\t 1. matchiafdduration       Default = false           Set As = false           ✅`),
      ];
      for (let k = 0; k < 6; k++) block.push(line(th, 'DEBUG', 'networking:143', `Requesting 'https://www.example-site.com/film/${item}/page${k}.html'`));
      if (rand() < 0.35) {
        block.push(line(th, 'ERROR', 'networking:197', `Error opening URL 'https://www.iafd.com/ramesearch.asp?searchtype=comprehensive&searchstring=Film+${item}'`));
        block.push(line(th, 'INFO', 'sandbox:19', `${agent}  - UTILS :: Request Failed                Try CFScrape`));
      }
      for (let k = Math.floor(rand() * 4); k > 0; k--) {
        block.push(line(th, 'ERROR', 'utils:5486', `${agent} - UTILS :: ❌ File: utils.py, Line: 5718, Function: updateMetadata -> getCast -> matchCast`));
        block.push(line(th, 'ERROR', 'utils:5487', `${agent} - UTILS ::    Error:: Cannot Process IAFD Cast Search Results, Cast ${k}: 'NoneType' object has no attribute 'xpath'`));
      }
      if (rand() < 0.1) {
        block.push(line(th, 'ERROR', 'utils:5486', `${agent} - UTILS :: ❌ File: , Line: , Function: getSiteInfo -> _apply -> getSiteInfo${agent}`));
        block.push(line(th, 'ERROR', 'utils:5487', `${agent} - UTILS ::    Error: Getting Release Date: list index out of range`));
      }
      if (rand() < 0.05) {
        block.push(line(th, 'CRITICAL', 'agentkit:1078', `Exception in the update function of agent named '${agent}', called with guid 'com.plexapp.agents.${agent}://${item}?lang=xn' (most recent call last):`));
        block.push('  File "/Applications/Plex Media Server.app/Contents/Resources/Plug-ins/Framework.bundle/Contents/Resources/Versions/2/Python/Framework/api/agentkit.py", line 1076, in _update\n');
        block.push('    agent.update(obj, media, lang, **kwargs)\n', 'IndexError: list index out of range\n');
      }
      const cast = Math.floor(rand() * 30);
      block.push(
        line(th, 'INFO', 'sandbox:19', `${agent}  - UTILS :: 1c. Title                     Film number ${item}`),
        line(th, 'INFO', 'sandbox:19', `${agent}  - UTILS :: 20. FoundOnIAFD               ${rand() < 0.5 ? 'Yes' : 'No'}`),
        line(th, 'INFO', 'sandbox:19', `${agent}  - UTILS :: 2d. Genres                    ${cast % 6} - ['Genre A', 'Genre B']`),
        line(th, 'INFO', 'sandbox:19', `${agent}  - UTILS :: 2e. Cast                      ${cast} - ['Actor A', 'Actor B', 'Actor C']`),
        line(th, 'INFO', 'sandbox:19', `${agent}  - UTILS :: 42. id                        ${item}`),
        line(th, 'DEBUG', 'runtime:918', 'Response: [200] str, 16 bytes'),
      );
      for (const b of block) {
        parts.push(b);
        bytes += b.length;
      }
    }
    const name = `com.plexapp.agents.${agent}.log${gen === 0 ? '' : `.${gen}`}`;
    writeFileSync(join(dir, name), parts.join(''));
  }
}

function corpusFiles(dir: string): string[] {
  const plug = join(dir, 'PMS Plugin Logs');
  return readdirSync(plug).map((f) => join(plug, f));
}

function ensureCorpus(): number {
  const stampFile = join(CORPUS, 'recipe');
  if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== RECIPE) {
    rmSync(CORPUS, { recursive: true, force: true });
    mkdirSync(join(CORPUS, 'PMS Plugin Logs'), { recursive: true });
    const t0 = performance.now();
    for (let a = 0; a < AGENTS; a++) writeChain(join(CORPUS, 'PMS Plugin Logs'), `Bench${pad(a)}`, a + 1);
    writeFileSync(stampFile, RECIPE);
    process.stdout.write(`generated corpus in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  return corpusFiles(CORPUS).reduce((n, f) => n + statSync(f).size, 0);
}

/** The corpus five times over, under other agent names: a 1 GB folder. */
function ensureLargeFolder(): number {
  const plug = join(LARGE, 'PMS Plugin Logs');
  const stampFile = join(LARGE, 'recipe');
  if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== RECIPE) {
    rmSync(LARGE, { recursive: true, force: true });
    mkdirSync(plug, { recursive: true });
    for (let copy = 0; copy < 5; copy++) {
      for (const f of readdirSync(join(CORPUS, 'PMS Plugin Logs'))) copyFileSync(join(CORPUS, 'PMS Plugin Logs', f), join(plug, f.replace('Bench', `Copy${copy}x`)));
    }
    writeFileSync(stampFile, RECIPE);
  }
  return readdirSync(plug).reduce((n, f) => n + statSync(join(plug, f)).size, 0);
}

// ---------------------------------------------------------------- measurements
const mb = (bytes: number) => bytes / 1024 / 1024;
const row = (label: string, value: string, target: string) => process.stdout.write(`${label.padEnd(44)} ${value.padStart(14)}   target ${target}\n`);

const corpusBytes = ensureCorpus();
const files = corpusFiles(CORPUS);
process.stdout.write(`corpus: ${files.length} files, ${mb(corpusBytes).toFixed(1)} MB, ${AGENTS} agents (in ${CORPUS})\n`);

function aggregateOnce(): { seconds: number; cpuSeconds: number; maxRssMb: number; items: number; records: number } {
  const r = spawnSync(process.execPath, [import.meta.filename, '--aggregate', CORPUS], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`aggregation failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}
function grepOnce(): number {
  const t0 = performance.now();
  try {
    execFileSync('grep', ['-c', 'ERROR', ...files], { maxBuffer: 1 << 24 });
  } catch (err) {
    if ((err as { status?: number }).status !== 1) throw err; // 1 = no match somewhere: fine
  }
  return (performance.now() - t0) / 1000;
}

grepOnce(); // warm the page cache for both contenders
const runs = [aggregateOnce(), aggregateOnce()];
const best = runs.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
const grep = Math.min(grepOnce(), grepOnce());
const aggMbs = mb(corpusBytes) / best.seconds;
const grepMbs = mb(corpusBytes) / grep;
process.stdout.write(`aggregated ${best.records} records, ${best.items} items\n`);
row('aggregation throughput (best of 2)', `${aggMbs.toFixed(0)} MB/s`, '≥ 150 MB/s on one core');
// CPU time counts the garbage collector's helper threads too; on a busy machine it is the steadier figure
row('aggregation per CPU-second', `${(mb(corpusBytes) / best.cpuSeconds).toFixed(0)} MB/s`, '(reported)');
row('grep -c ERROR, same files', `${grepMbs.toFixed(0)} MB/s`, '(reference)');
row('aggregation time / grep time', `${(best.seconds / grep).toFixed(1)} ×`, '(reported)');
row('peak RSS of the aggregating process', `${Math.max(...runs.map((r) => r.maxRssMb)).toFixed(0)} MB`, '< 200 MB');

const largeBytes = ensureLargeFolder();
const tailer = await Tailer.start({ logsDir: LARGE, timeZone: TZ });
try {
  const cp = await tailer.checkpoint();
  const live = join(LARGE, 'PMS Plugin Logs', 'com.plexapp.agents.Copy0x00.log');
  const appended = readFileSync(join(CORPUS, 'PMS Plugin Logs', 'com.plexapp.agents.Bench00.log')).subarray(0, 1 << 20);
  const cut = appended.lastIndexOf(10) + 1; // whole lines
  appendFileSync(live, appended.subarray(0, cut));
  const t0 = performance.now();
  const read = await tailer.readSince(cp);
  const ms = performance.now() - t0;
  const t1 = performance.now();
  const fromDisk = await tailer.readSince({ ...cp, session: 'another-run' });
  const diskMs = performance.now() - t1;
  process.stdout.write(`1 GB folder: ${mb(largeBytes).toFixed(0)} MB in ${readdirSync(join(LARGE, 'PMS Plugin Logs')).length} files; appended ${mb(cut).toFixed(2)} MB → ${read.records.length} records (${fromDisk.records.length} from disk)\n`);
  row('readSince after +1 MB (running tailer)', `${ms.toFixed(0)} ms`, '< 100 ms');
  row('readSince after +1 MB (saved checkpoint)', `${diskMs.toFixed(0)} ms`, '(reported)');
  // leave the folder as generated for the next run
  const size = statSync(live).size;
  writeFileSync(live, readFileSync(live).subarray(0, size - cut));
} finally {
  await tailer.close();
}
