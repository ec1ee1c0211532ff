// The simulated Plex Media Server: the only simulated thing in the project. It owns a
// Plex-like data folder (Plug-ins, Logs, Preferences.xml), answers the HTTP API and the
// notification WebSocket like PMS 1.40 (plex-facts.md), runs plug-ins whose logs rotate and
// whose load depends on their code, and refreshes items with the latencies, outcomes and faults
// of a scenario. Process control (quit, open, kickstart, SIGTERM) goes through methods that the
// control endpoint and the sim runner expose.
import { EventEmitter } from 'node:events';
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { handleApi } from './api.ts';
import { legacyGuid, loadLibrary, type Library, type LibraryItem, type LibrarySection } from './library.ts';
import { formatPmsLine } from './log-format.ts';
import { SimPlugin, type PluginHost, type SyntaxCheck } from './plugin.ts';
import { keyedRandom, seededRandom } from './rng.ts';
import { RotatingLog } from './rotating-log.ts';
import { applicableOutcomes, chooseOutcome, FaultsSchema, loadScenario, mergeScenario, parseScenario, type Faults, type Scenario, type ScenarioInput, type ScenarioOverrides } from './scenario.ts';
import { searchStory, updateStory, type ItemOutcome } from './stories.ts';
import { writeHistory } from './history.ts';
import { RefreshQueue } from './refresh.ts';
import { startControlServer } from './control.ts';

export const DEFAULT_BUNDLES = fileURLToPath(new URL('../fixtures/bundles/', import.meta.url));
export const SYSTEM_IDENTIFIER = 'com.plexapp.system';
export const NOTIFICATIONS_PATH = '/:/websockets/notifications';

export type ServerState = 'running' | 'stopping' | 'stopped' | 'starting';

export interface RefreshRecord {
  ratingKey: string;
  /** Date.now() values */
  requestedAt: number;
  startedAt?: number;
  endedAt?: number;
  /** the notify flag of the System plug-in */
  success?: boolean;
  outcome?: ItemOutcome;
  /** the refresh was cut short by a server stop */
  abandoned?: boolean;
}

export interface SimEvents {
  'refresh-started': [RefreshRecord];
  'refresh-ended': [RefreshRecord];
  'plugin-started': [{ identifier: string; state: 'running' | 'failed'; failure?: string }];
  state: [ServerState];
}

export interface ItemState {
  item: LibraryItem;
  section: LibrarySection;
  guid: string;
  updatedAt: number;
  matched: boolean;
  /** refreshes of this item so far, history included */
  refreshes: number;
  /** Plex already holds a metadata bundle for the item */
  hasMetadataBundle: boolean;
}

export interface SimOptions {
  /** the Plex data folder the sim owns; created if missing, reused if present */
  dataDir: string;
  /** scenario file or scenario object */
  scenario: string | ScenarioInput;
  overrides?: ScenarioOverrides;
  /** API port; 0 picks a free one (kept across restarts) */
  port?: number;
  controlPort?: number;
  token?: string;
  library?: string | URL;
  bundlesDir?: string;
  /** the Python checker; Plex's "_" rule applies in any case */
  syntaxCheck?: SyntaxCheck;
}

export class SimPlex {
  readonly dataDir: string;
  readonly pluginsDir: string;
  readonly logsDir: string;
  readonly pluginLogsDir: string;
  readonly preferencesPath: string;
  readonly token: string;
  readonly library: Library;
  readonly items = new Map<string, ItemState>();
  readonly plugins = new Map<string, SimPlugin>();
  readonly system: SimPlugin;
  readonly pmsLog: RotatingLog;
  readonly events = new EventEmitter<SimEvents>();
  readonly refreshes: RefreshRecord[] = [];
  readonly queue: RefreshQueue;
  scenario: Scenario;
  faults: Faults;
  /** remaining answers per serverErrors entry */
  faultBudget: number[] = [];
  state: ServerState = 'stopped';
  pid = 0;
  port: number;
  /** bumps on every stop: work of an older generation stops at its next step */
  generation = 0;
  private http: Server | undefined;
  private readonly wss = new WebSocketServer({ noServer: true });
  readonly sockets = new Set<WebSocket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly syntaxCheck: SyntaxCheck | undefined;
  private readonly rand: () => number;
  private requestSeq = 0x2000;

  constructor(options: SimOptions, scenario: Scenario) {
    this.dataDir = options.dataDir;
    this.pluginsDir = join(this.dataDir, 'Plug-ins');
    this.logsDir = join(this.dataDir, 'Logs');
    this.pluginLogsDir = join(this.logsDir, 'PMS Plugin Logs');
    this.preferencesPath = join(this.dataDir, 'Preferences.xml');
    this.token = options.token ?? randomBytes(15).toString('base64url');
    this.scenario = scenario;
    this.faults = scenario.faults;
    this.faultBudget = scenario.faults.serverErrors.map((e) => e.times);
    this.port = options.port ?? 0;
    this.syntaxCheck = options.syntaxCheck;
    this.rand = seededRandom(scenario.seed);
    this.library = loadLibrary(options.library);
    const sections = new Map(this.library.sections.map((s) => [s.key, s]));
    for (const item of this.library.items) {
      const section = sections.get(item.section)!;
      this.items.set(item.ratingKey, {
        item,
        section,
        guid: item.matched ? legacyGuid(section.agent, item) : `local://${item.ratingKey}`,
        updatedAt: item.updatedAt,
        matched: item.matched,
        refreshes: 0,
        hasMetadataBundle: item.matched,
      });
    }
    mkdirSync(this.pluginLogsDir, { recursive: true });
    if (!existsSync(this.pluginsDir)) cpSync(options.bundlesDir ?? DEFAULT_BUNDLES, this.pluginsDir, { recursive: true });
    this.pmsLog = new RotatingLog(join(this.logsDir, 'Plex Media Server.log'), { naming: 'pms' });
    this.system = new SimPlugin({ identifier: SYSTEM_IDENTIFIER, logPath: join(this.pluginLogsDir, `${SYSTEM_IDENTIFIER}.log`) });
    this.discoverPlugins();
    this.writePreferences();
    this.queue = new RefreshQueue(this);
    this.wss.on('connection', (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get host(): PluginHost {
    return { serverVersion: this.library.server.version, token: this.token, plexDataDir: this.dataDir, syntaxCheck: this.syntaxCheck, rand: this.rand };
  }

  sectionOf(key: string): LibrarySection | undefined {
    return this.library.sections.find((s) => s.key === key);
  }

  pluginFor(identifier: string): SimPlugin | undefined {
    return this.plugins.get(identifier);
  }

  // --- process control ------------------------------------------------------------------

  /** First start: history (if the scenario has one and the logs are new), then boot. */
  async start(): Promise<void> {
    const fresh = !existsSync(this.pmsLog.path);
    if (fresh && this.scenario.history) {
      await writeHistory(this, this.scenario.history);
      await this.boot({ pluginsAlreadyRunning: true });
    } else {
      await this.boot({ pluginsAlreadyRunning: false });
    }
  }

  /** `osascript … to quit` / SIGTERM: stop answering after serverStopMs, close the port. */
  async quit(): Promise<void> {
    if (this.state !== 'running' && this.state !== 'starting') return;
    this.state = 'stopping';
    this.events.emit('state', this.state);
    this.generation++;
    this.queue.abandon();
    await this.delay(this.scenario.latency.serverStopMs, false);
    await this.closePort();
    for (const p of [this.system, ...this.plugins.values()]) p.stop();
    this.pid = 0;
    this.state = 'stopped';
    this.events.emit('state', this.state);
  }

  /** `open -b com.plexapp.plexmediaserver`: answers again after serverStartMs (+ slowStartMs). */
  async open(): Promise<void> {
    if (this.state !== 'stopped') return;
    if (this.faults.neverComesBack) return;
    this.state = 'starting';
    this.events.emit('state', this.state);
    await this.delay(this.scenario.latency.serverStartMs + this.faults.slowStartMs, false);
    if (this.state !== 'starting') return;
    await this.boot({ pluginsAlreadyRunning: false });
  }

  /** launchctl kickstart -k: kill and start again */
  async restart(): Promise<void> {
    await this.quit();
    await this.open();
  }

  /** Plug-in reload: the process stops now and starts after pluginStartMs. */
  async restartPlugin(identifier: string): Promise<boolean> {
    const plugin = identifier === SYSTEM_IDENTIFIER ? this.system : this.plugins.get(identifier);
    if (!plugin) return false;
    plugin.stop();
    await this.startPlugin(plugin);
    return true;
  }

  async startPlugin(plugin: SimPlugin): Promise<void> {
    const gen = this.generation;
    await this.delay(this.scenario.latency.pluginStartMs, false);
    if (gen !== this.generation || this.state !== 'running') return;
    await plugin.start(this.host);
    this.events.emit('plugin-started', { identifier: plugin.identifier, state: plugin.state === 'running' ? 'running' : 'failed', failure: plugin.failure });
  }

  /** Closes every notification socket, as PMS does when it restarts. */
  dropWebSockets(): void {
    for (const ws of this.sockets) ws.close(1001, 'server going away');
  }

  setFaults(input: Partial<Faults>): void {
    this.faults = FaultsSchema.parse({ ...this.faults, ...input });
    this.faultBudget = this.faults.serverErrors.map((e) => e.times);
  }

  async stop(): Promise<void> {
    this.generation++;
    this.queue.abandon();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.closePort();
    this.wss.close();
    this.state = 'stopped';
  }

  /** Waits (on events, never on time) for the first event that satisfies `test`. */
  waitFor<K extends keyof SimEvents>(event: K, test: (...args: SimEvents[K]) => boolean, timeoutMs = 10_000): Promise<SimEvents[K]> {
    return new Promise((resolve, reject) => {
      const listener = (...args: SimEvents[K]) => {
        if (!test(...args)) return;
        clearTimeout(timer);
        this.events.off(event, listener as never);
        resolve(args);
      };
      const timer = setTimeout(() => {
        this.events.off(event, listener as never);
        reject(new Error(`sim: no "${String(event)}" event within ${timeoutMs} ms`));
      }, timeoutMs);
      this.events.on(event, listener as never);
    });
  }

  // --- refresh support used by RefreshQueue and history -----------------------------------

  /** The outcome of the next refresh of `state`, from the code its plug-in loaded. */
  outcomeFor(state: ItemState, plugin: SimPlugin): ItemOutcome {
    const { item } = state;
    const draw = keyedRandom(this.scenario.seed, item.ratingKey, this.scenario.perRefresh ? state.refreshes : 0)();
    const chosen = chooseOutcome(applicableOutcomes(this.scenario, plugin.code, item.profile), draw);
    return { iafd: chosen.iafd ?? 'blocked', site: chosen.site ?? item.site, update: chosen.update ?? 'normal' };
  }

  /** Writes the agent's lines for one refresh (a search first for an unmatched item). */
  writeAgentWork(state: ItemState, plugin: SimPlugin, outcome: ItemOutcome, at: Date): void {
    const rand = keyedRandom(this.scenario.seed, state.item.ratingKey, state.refreshes, 'story');
    const thread = plugin.worker(rand);
    const input = {
      agent: plugin.agent!,
      identifier: plugin.identifier,
      facts: plugin.facts!,
      item: state.item,
      guid: legacyGuid(plugin.identifier, state.item),
      outcome,
      rand,
      firstRead: !state.hasMetadataBundle,
      plexDataDir: this.dataDir,
    };
    if (!state.matched) {
      plugin.write(at, thread, searchStory(input));
      state.matched = true;
      state.guid = input.guid;
    }
    plugin.write(at, thread, updateStory(input));
    state.hasMetadataBundle = true;
  }

  nextRequestId(): string {
    return (this.requestSeq++).toString(16);
  }

  pmsLine(at: Date, msg: string, level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' = 'DEBUG'): void {
    this.pmsLog.write([formatPmsLine(at, `0x${(0x16d8c3000 + (this.requestSeq % 7) * 0x1000).toString(16)}`, level, msg)]);
  }

  broadcast(container: unknown): void {
    if (this.faults.websocket !== 'on') return;
    const text = JSON.stringify(container);
    for (const ws of this.sockets) ws.send(text);
  }

  /** A latency of the simulated world. Rejects when the server stops meanwhile (if `abortOnStop`). */
  delay(ms: number, abortOnStop = true): Promise<void> {
    const gen = this.generation;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        if (abortOnStop && gen !== this.generation) reject(new Error('server stopped'));
        else resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  // --- internals ----------------------------------------------------------------------------

  private discoverPlugins(): void {
    for (const name of readdirSync(this.pluginsDir).sort()) {
      if (!name.endsWith('.bundle')) continue;
      const agent = name.slice(0, -'.bundle'.length);
      const identifier = `com.plexapp.agents.${agent}`;
      this.plugins.set(identifier, new SimPlugin({ identifier, agent, bundleDir: join(this.pluginsDir, name), logPath: join(this.pluginLogsDir, `${identifier}.log`) }));
    }
  }

  private writePreferences(): void {
    const s = this.library.server;
    writeFileSync(
      this.preferencesPath,
      `<?xml version="1.0" encoding="utf-8"?>\n<Preferences OldestPreviousVersion="1.32.2.7100-248a2daf0" MachineIdentifier="${s.machineIdentifier}" ProcessedMachineIdentifier="${s.machineIdentifier.slice(0, 20)}" AnonymousMachineIdentifier="${randomUUID()}" FriendlyName="${s.friendlyName}" PlexOnlineUsername="${s.myPlexUsername}" PlexOnlineToken="${this.token}" logDebug="1" LogVerbose="0" ManualPortMappingPort="32400" AcceptedEULA="1"/>\n`,
    );
  }

  private async boot({ pluginsAlreadyRunning }: { pluginsAlreadyRunning: boolean }): Promise<void> {
    const now = new Date();
    this.pid = 40000 + Math.floor(this.rand() * 20000);
    if (!pluginsAlreadyRunning) {
      this.pmsLog.rollover();
      this.writePmsStartup(now);
      await this.system.start(this.host, now);
      if (!this.scenario.process.lazyPlugins) {
        for (const p of this.plugins.values()) {
          await p.start(this.host, now);
          this.events.emit('plugin-started', { identifier: p.identifier, state: p.state === 'running' ? 'running' : 'failed', failure: p.failure });
        }
      }
    }
    await this.listen();
    this.state = 'running';
    this.events.emit('state', this.state);
  }

  writePmsStartup(at: Date): void {
    const v = this.library.server.version;
    this.pmsLine(at, `Plex Media Server v${v} - Apple MacOSX x86_64 ${this.library.server.platformVersion} - build: darwin-x86_64 - GMT -05:00`, 'INFO');
    this.pmsLine(at, 'Processor: 6-core Intel(R) Core(TM) i7-8700B CPU @ 3.20GHz', 'INFO');
    this.pmsLine(at, '/Applications/Plex Media Server.app/Contents/MacOS/Plex Media Server', 'INFO');
    this.pmsLine(at, 'BPQ: [Idle] -> [Starting]');
  }

  private listen(): Promise<void> {
    const server = createServer((req, res) => void handleApi(this, req, res));
    server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://sim');
      const token = url.searchParams.get('X-Plex-Token') ?? req.headers['x-plex-token'];
      if (url.pathname !== NOTIFICATIONS_PATH || this.faults.websocket === 'off') {
        socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      if (token !== this.token) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
    });
    this.http = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        this.port = (server.address() as AddressInfo).port;
        server.off('error', reject);
        resolve();
      });
    });
  }

  private async closePort(): Promise<void> {
    const server = this.http;
    this.http = undefined;
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

export interface SimHandle {
  sim: SimPlex;
  url: string;
  controlUrl: string;
  token: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts a simulated Plex Media Server in this process. */
export async function startSim(options: SimOptions): Promise<SimHandle> {
  const scenario =
    typeof options.scenario === 'string'
      ? loadScenario(options.scenario, options.overrides)
      : parseScenario(mergeScenario(options.scenario as Record<string, unknown>, (options.overrides ?? {}) as Record<string, unknown>), 'object');
  const sim = new SimPlex(options, scenario);
  await sim.start();
  const control = await startControlServer(sim, options.controlPort ?? 0);
  return {
    sim,
    url: sim.url,
    controlUrl: control.url,
    token: sim.token,
    dataDir: sim.dataDir,
    stop: async () => {
      await control.close();
      await sim.stop();
    },
  };
}
