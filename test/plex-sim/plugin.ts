// One simulated plug-in process: the System plug-in or an agent bundle. A start rotates its log
// like the framework does, reads Contents/Code/*.py, and either writes the real start-up lines
// (benign resourceHashes noise included) or — when Plex's sandbox would refuse the code — the
// real failure lines. The code read at start is what the plug-in runs until its next start.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatPluginRecord, type PluginRecord } from './log-format.ts';
import { RotatingLog } from './rotating-log.ts';
import { findRestrictedName } from './sandbox-scan.ts';
import { readCodeFacts, type CodeFacts } from './code-facts.ts';

/** The lead connects this to the real Python 2.7 checker; null means the source compiles. */
export type SyntaxCheck = (source: string, file: string) => Promise<{ line: number; message: string } | null>;

export type PluginState = 'stopped' | 'running' | 'failed';

export interface PluginHost {
  serverVersion: string;
  token: string;
  plexDataDir: string;
  syntaxCheck?: SyntaxCheck;
  rand: () => number;
}

const FRAMEWORK = '/Applications/Plex Media Server.app/Contents/Resources/Plug-ins-c0dd5a73e/Framework.bundle/Contents/Resources/Versions/2/Python/Framework';

function threadId(rand: () => number): string {
  // macOS pthread ids as the framework logs them: 9 hex digits ending in 000
  return `1${(0x60 + Math.floor(rand() * 0x20)).toString(16)}${Math.floor(rand() * 0xfff)
    .toString(16)
    .padStart(3, '0')}000`;
}

export class SimPlugin {
  readonly identifier: string;
  /** bundle name without .bundle ("GEVI"); undefined for the System plug-in */
  readonly agent: string | undefined;
  readonly bundleDir: string | undefined;
  readonly log: RotatingLog;
  state: PluginState = 'stopped';
  /** why the last start failed, as the log says it */
  failure: string | undefined;
  /** Contents/Code/*.py as read at the last start, keyed "Contents/Code/<file>" */
  code = new Map<string, string>();
  facts: CodeFacts | undefined;
  mainThread = '';
  private workers: string[] = [];
  private infoPlistMtime = 0;

  constructor(options: { identifier: string; agent?: string; bundleDir?: string; logPath: string }) {
    this.identifier = options.identifier;
    this.agent = options.agent;
    this.bundleDir = options.bundleDir;
    this.log = new RotatingLog(options.logPath);
  }

  /** a pooled worker thread for one request */
  worker(rand: () => number): string {
    return this.workers[Math.floor(rand() * this.workers.length)] ?? this.mainThread;
  }

  write(at: Date, thread: string, records: readonly PluginRecord[]): void {
    this.log.write(records.map((r) => formatPluginRecord(at, thread, r)));
  }

  /** Plex reloads a plug-in whose Info.plist was touched (System.bundle's restart() does only that). */
  infoPlistTouched(): boolean {
    return this.bundleDir !== undefined && this.infoPlistMtime > 0 && this.readInfoPlistMtime() > this.infoPlistMtime;
  }

  stop(): void {
    this.state = 'stopped';
  }

  /** Rotate, load the code, write the start-up or failure lines. `at` is the log time. */
  async start(host: PluginHost, at: Date = new Date()): Promise<void> {
    this.log.rollover();
    this.mainThread = threadId(host.rand);
    this.workers = Array.from({ length: 6 }, () => threadId(host.rand));
    this.infoPlistMtime = this.readInfoPlistMtime();
    this.code = this.readCode();
    this.facts = this.agent ? readCodeFacts(this.code, this.agent) : undefined;
    const refusal = await this.loadRefusal(host);
    const records = this.frameworkStart();
    if (refusal) {
      records.push(refusal);
      this.write(at, this.mainThread, records);
      this.state = 'failed';
      this.failure = refusal.more?.at(-1)?.trim() ?? refusal.msg;
      return;
    }
    records.push(...this.agentStart(host));
    records.push({ level: 'INFO', module: 'core', lineno: 611, msg: 'Started plug-in' });
    this.write(at, this.mainThread, records);
    this.write(at, this.workers[0]!, [{ level: 'DEBUG', module: 'core', lineno: 539, msg: `Server version is ${host.serverVersion}` }]);
    this.state = 'running';
    this.failure = undefined;
  }

  private readInfoPlistMtime(): number {
    if (!this.bundleDir) return 0;
    try {
      return statSync(join(this.bundleDir, 'Contents', 'Info.plist')).mtimeMs;
    } catch {
      return 0;
    }
  }

  private readCode(): Map<string, string> {
    const code = new Map<string, string>();
    if (!this.bundleDir) return code;
    const dir = join(this.bundleDir, 'Contents', 'Code');
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.py'));
    } catch {
      return code;
    }
    // __init__.py runs first and imports the rest
    files.sort((a, b) => (a === '__init__.py' ? -1 : b === '__init__.py' ? 1 : a.localeCompare(b)));
    for (const f of files) code.set(`Contents/Code/${f}`, readFileSync(join(dir, f), 'utf8'));
    return code;
  }

  /** The CRITICAL record Plex writes when the code does not load, or undefined. */
  private async loadRefusal(host: PluginHost): Promise<PluginRecord | undefined> {
    if (!this.bundleDir) return undefined;
    if (!this.code.has('Contents/Code/__init__.py')) {
      return {
        level: 'CRITICAL',
        module: 'core',
        lineno: 615,
        msg: 'Exception starting plug-in (most recent call last):',
        more: [`  File "${FRAMEWORK}/core.py", line 606, in start`, `    self.init_code = self.loader.load(self.init_path)`, `IOError: [Errno 2] No such file or directory: '${this.bundleDir}/Contents/Code/__init__.py'`],
      };
    }
    for (const [file, source] of this.code) {
      const path = join(this.bundleDir, file);
      const check = await host.syntaxCheck?.(source, path);
      if (check) {
        return {
          level: 'CRITICAL',
          module: 'core',
          lineno: 615,
          msg: 'Exception while loading code (most recent call last):',
          more: [
            `  File "${FRAMEWORK}/code/loader.py", line 47, in load`,
            `    code = self.compile(str(source), str(uni(filename)), elevated)`,
            `  File "${FRAMEWORK}/code/loader.py", line 52, in compile`,
            `    return RestrictedPython.compile_restricted(source, name, 'exec', elevated=elevated)`,
            `SyntaxError: ${check.message} (${file.split('/').pop()}, line ${check.line})`,
          ],
        };
      }
      const restricted = findRestrictedName(source);
      if (restricted) {
        return {
          level: 'CRITICAL',
          module: 'core',
          lineno: 615,
          msg: 'Exception starting plug-in (most recent call last):',
          more: [
            `  File "${FRAMEWORK}/core.py", line 608, in start`,
            `    self.init_code = self.loader.load(self.init_path, elevated=self.policy.elevated_execution)`,
            `  File "${FRAMEWORK}/code/loader.py", line 47, in load`,
            `    code = self.compile(str(source), str(uni(filename)), elevated)`,
            `  File "${FRAMEWORK}/code/loader.py", line 52, in compile`,
            `    return RestrictedPython.compile_restricted(source, name, 'exec', elevated=elevated)`,
            `  File "${FRAMEWORK}/../RestrictedPython/RCompile.py", line 68, in compile`,
            `    tree = self._get_tree()`,
            `  File "${FRAMEWORK}/../RestrictedPython/RCompile.py", line 64, in _get_tree`,
            `    raise SyntaxError, err[0]`,
            `SyntaxError: ${restricted.message}`,
          ],
        };
      }
    }
    return undefined;
  }

  private frameworkStart(): PluginRecord[] {
    const component = (name: string): PluginRecord => ({ level: 'DEBUG', module: 'core', lineno: 450, msg: `Starting ${name} component.` });
    const hashes = 'http://127.0.0.1:32400/:/plugins/com.plexapp.system/resourceHashes';
    return [
      { level: 'INFO', module: 'core', lineno: 349, msg: 'Starting framework core - Version: 2.6.3, Build: 72f9ed8 (Fri Nov 08 14:48:06 UTC 2019)' },
      { level: 'DEBUG', module: 'core', lineno: 361, msg: 'Using the elevated policy' },
      component('runtime'),
      component('caching'),
      component('data'),
      component('networking'),
      { level: 'DEBUG', module: 'networking', lineno: 284, msg: 'Loaded HTTP cookies' },
      { level: 'DEBUG', module: 'networking', lineno: 455, msg: 'Setting the default network timeout to 20.0' },
      component('localization'),
      { level: 'INFO', module: 'localization', lineno: 409, msg: 'Setting the default locale to en-us' },
      component('messaging'),
      component('debugging'),
      component('services'),
      component('myplex'),
      component('notifications'),
      { level: 'DEBUG', module: 'accessor', lineno: 68, msg: `Creating a new model access point for provider ${this.identifier} in namespace 'metadata'` },
      { level: 'DEBUG', module: 'networking', lineno: 144, msg: `Requesting '${hashes}'` },
      { level: 'ERROR', module: 'networking', lineno: 197, msg: `Error opening URL '${hashes}'` },
      {
        level: 'CRITICAL',
        module: 'runtime',
        lineno: 1299,
        msg: 'Exception getting hosted resource hashes (most recent call last):',
        more: [
          `  File "${FRAMEWORK}/components/runtime.py", line 1293, in get_resource_hashes`,
          `    json = self._core.networking.http_request("${hashes}", timeout=10).content`,
          `  File "${FRAMEWORK}/components/networking.py", line 243, in http_request`,
          `    return self._http_request(url, headers, cacheTime, encoding, errors, timeout, immediate, sleep, data, opener, sandbox, follow_redirects, method)`,
          `  File "${FRAMEWORK}/components/networking.py", line 353, in _http_request`,
          `    raise ex`,
          `  HTTPError: HTTP Error 404: Not Found`,
        ],
      },
      { level: 'DEBUG', module: 'runtime', lineno: 1117, msg: "Created a thread named 'load_all_services'" },
      { level: 'DEBUG', module: 'runtime', lineno: 1117, msg: "Created a thread named 'get_server_info'" },
      { level: 'DEBUG', module: 'core', lineno: 150, msg: 'Finished starting framework core' },
      { level: 'DEBUG', module: 'core', lineno: 560, msg: 'Loading plug-in code' },
    ];
  }

  /** Start() of a PGMA agent logs its preferences table — and the Plex token (agent-logs.md §11). */
  private agentStart(host: PluginHost): PluginRecord[] {
    const done: PluginRecord[] = [{ level: 'DEBUG', module: 'core', lineno: 566, msg: 'Finished loading plug-in code' }];
    if (!this.agent) return done;
    const info = (msg: string): PluginRecord => ({ level: 'INFO', module: 'sandbox', lineno: 19, msg: `${this.agent!.padEnd(5)} - ${msg}` });
    const prefs: [string, string][] = [
      ['matchiafdduration', 'false'],
      ['matchsiteduration', 'false'],
      ['durationdx', '5'],
      ['delay', '5'],
      ['castlegend', 'true'],
      ['collectiongenres', 'true'],
      ['collectionstudio', 'true'],
      ['collectionsystem', 'true'],
      ['usesiteart', 'true'],
      ['detect', 'true'],
    ];
    return [
      ...done,
      info('UTILS :: Preferences:'),
      ...prefs.map(([name, value], i) => info(`UTILS :: \t\t ${i + 1}. ${name.padEnd(24)}Default = ${value.padEnd(16)}Set As = ${value.padEnd(16)}\u2705`)),
      info(`UTILS :: ${'Plex Support Path'.padEnd(30)}${host.plexDataDir}`),
      info(`UTILS :: ${'Platform'.padEnd(30)}Darwin`),
      info(`UTILS :: ${'Plex Token'.padEnd(30)}${host.token}`),
    ];
  }
}
