// The HTTP side of Plex Media Server (plex-facts.md §1–2): one undici Agent with timeouts,
// JSON answers parsed by the schemas in schemas.ts, X-Plex-* headers on every request, retries
// for idempotent GETs only, and typed errors (errors.ts) a person can act on.
import { hostname } from 'node:os';
import { Agent, request } from 'undici';
import type { z } from 'zod';
import { systemClock, type Clock } from '../ports.ts';
import { notFound, PlexError, serverError, timedOut, unauthorized, unavailable, unexpectedAnswer } from './errors.ts';
import {
  ActivitiesSchema,
  AgentsSchema,
  IdentitySchema,
  ItemsSchema,
  SectionsSchema,
  SectionTimelineSchema,
  ServerInfoSchema,
  type Activity,
  type AgentInfo,
  type Identity,
  type Item,
  type Section,
  type SectionTimeline,
  type ServerInfo,
} from './schemas.ts';
import type { PlexCredentials } from './token-source.ts';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:32400';
export const PLEX_PRODUCT = 'Agent Doctor';
/** Plex's type id for movies (plex-facts.md §2) */
export const MOVIE_TYPE = 1;

export interface PlexClientOptions {
  /** e.g. http://127.0.0.1:32400 */
  serverUrl: string;
  credentials: PlexCredentials;
  /** Re-reads the token after a 401; called at most once per request (plex-facts.md §1). */
  reloadCredentials?: () => Promise<PlexCredentials>;
  /** persisted per install: loadClientIdentifier() */
  clientIdentifier: string;
  /** Agent Doctor's version, sent as X-Plex-Version */
  appVersion: string;
  /** per attempt; default 10 s */
  timeoutMs?: number;
  /** extra attempts for GETs that failed with no answer, a timeout or a 5xx; default 2 */
  retries?: number;
  /** items per page when listing a section; default 500 */
  pageSize?: number;
  clock?: Clock;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** overrides PlexClientOptions.retries for this GET (liveness probes want 0) */
  retries?: number;
}

type Method = 'GET' | 'PUT';

export class PlexClient {
  readonly serverUrl: string;
  private credentials: PlexCredentials;
  private readonly options: PlexClientOptions;
  private readonly dispatcher: Agent;
  private readonly timeoutMs: number;
  private readonly clock: Clock;

  constructor(options: PlexClientOptions) {
    this.options = options;
    this.serverUrl = normalizeServerUrl(options.serverUrl);
    this.credentials = options.credentials;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.clock = options.clock ?? systemClock;
    this.dispatcher = new Agent({ connectTimeout: this.timeoutMs, headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs, keepAliveTimeout: 4_000 });
  }

  get tokenSource() {
    return this.credentials.source;
  }

  /** The token for the WebSocket URL; never log it. */
  get token(): string | undefined {
    return this.credentials.token;
  }

  /** Liveness probe; needs no token. */
  identity(options?: RequestOptions): Promise<Identity> {
    return this.getJson('/identity', IdentitySchema, 'server identity', options);
  }

  server(options?: RequestOptions): Promise<ServerInfo> {
    return this.getJson('/', ServerInfoSchema, 'server information', options);
  }

  sections(options?: RequestOptions): Promise<Section[]> {
    return this.getJson('/library/sections', SectionsSchema, 'library sections', options);
  }

  /** Every movie of a section (paged), or those whose title contains `title`. */
  async sectionItems(sectionId: string, filter: { title?: string; type?: number } = {}, options?: RequestOptions): Promise<Item[]> {
    const items: Item[] = [];
    const pageSize = this.options.pageSize ?? 500;
    for (let start = 0; ; start += pageSize) {
      const query: Record<string, string> = {
        type: String(filter.type ?? MOVIE_TYPE),
        includeGuids: '1',
        'X-Plex-Container-Start': String(start),
        'X-Plex-Container-Size': String(pageSize),
      };
      if (filter.title !== undefined) query.title = filter.title;
      const page = await this.getJson(`/library/sections/${encodeURIComponent(sectionId)}/all`, ItemsSchema, `library section ${sectionId}`, options, query);
      items.push(...page.Metadata.map((m) => ({ ...m, librarySectionID: m.librarySectionID ?? page.librarySectionID ?? sectionId })));
      const total = page.totalSize ?? page.size ?? page.Metadata.length;
      if (page.Metadata.length < pageSize || items.length >= total) return items;
    }
  }

  /** Items whose title contains `title`, in every movie section (or only `sectionIds`). */
  async findItemsByTitle(title: string, sectionIds?: readonly string[], options?: RequestOptions): Promise<Item[]> {
    const ids = sectionIds ?? (await this.sections(options)).filter((s) => s.type === 'movie').map((s) => s.key);
    const found: Item[] = [];
    for (const sectionId of ids) found.push(...(await this.sectionItems(sectionId, { title }, options)));
    return found;
  }

  async item(ratingKey: string, options?: RequestOptions): Promise<Item> {
    const c = await this.getJson(`/library/metadata/${encodeURIComponent(ratingKey)}`, ItemsSchema, `library item ${ratingKey}`, options, { includeGuids: '1' });
    const first = c.Metadata[0];
    if (!first) throw notFound(this.serverUrl, `library item ${ratingKey}`);
    return { ...first, librarySectionID: first.librarySectionID ?? c.librarySectionID };
  }

  /** Queues a metadata refresh. The 200 means "queued", nothing more (lessons #15). */
  async refresh(ratingKey: string, options?: RequestOptions): Promise<void> {
    await this.send('PUT', `/library/metadata/${encodeURIComponent(ratingKey)}/refresh`, `library item ${ratingKey}`, options);
  }

  activities(options?: RequestOptions): Promise<Activity[]> {
    return this.getJson('/activities', ActivitiesSchema, 'activities list', options);
  }

  sectionTimeline(sectionId: string, options?: RequestOptions): Promise<SectionTimeline> {
    return this.getJson(`/library/sections/${encodeURIComponent(sectionId)}/timeline`, SectionTimelineSchema, `library section ${sectionId}`, options);
  }

  agents(options?: RequestOptions): Promise<AgentInfo[]> {
    return this.getJson('/system/agents', AgentsSchema, 'agents list', options);
  }

  /** Asks Plex to reload one plug-in (plex-facts.md §5.1). */
  async restartPlugin(identifier: string, options?: RequestOptions): Promise<void> {
    await this.send('GET', `/:/plugins/${encodeURIComponent(identifier)}/restart`, `plug-in ${identifier}`, options);
  }

  /** ws(s)://…/:/websockets/notifications with the token as a query parameter (plex-facts.md §3). */
  notificationsUrl(): string {
    const url = new URL('/:/websockets/notifications', this.serverUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (this.credentials.token) url.searchParams.set('X-Plex-Token', this.credentials.token);
    return url.toString();
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private async getJson<S extends z.ZodType>(path: string, schema: S, what: string, options?: RequestOptions, query?: Record<string, string>): Promise<z.output<S>> {
    const body = await this.send('GET', path, what, options, query);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw unexpectedAnswer(this.serverUrl, `GET ${path}`, 'not JSON');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw unexpectedAnswer(this.serverUrl, `GET ${path}`, issue ? `${issue.path.join('.') || 'answer'}: ${issue.message}` : 'wrong shape');
    }
    return parsed.data;
  }

  /** Sends one request with retries (GET only) and one token re-read after a 401. */
  private async send(method: Method, path: string, what: string, options: RequestOptions = {}, query?: Record<string, string>): Promise<string> {
    const attempts = method === 'GET' ? 1 + (options.retries ?? this.options.retries ?? 2) : 1;
    let reloaded = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(method, path, what, options.signal, query);
      } catch (err) {
        if (options.signal?.aborted) throw options.signal.reason;
        if (err instanceof PlexError && err.kind === 'unauthorized' && !reloaded && this.options.reloadCredentials) {
          reloaded = true;
          const fresh = await this.options.reloadCredentials();
          if (fresh.token !== undefined && fresh.token !== this.credentials.token) {
            this.credentials = fresh;
            attempt--;
            continue;
          }
        }
        if (!(err instanceof PlexError) || !isRetryable(err) || attempt >= attempts) throw err;
        await this.clock.sleep(250 * 2 ** (attempt - 1), options.signal);
      }
    }
  }

  private async attempt(method: Method, path: string, what: string, signal: AbortSignal | undefined, query?: Record<string, string>): Promise<string> {
    const url = new URL(path, this.serverUrl);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const label = `${method} ${path}`;
    let res;
    try {
      res = await request(url, {
        method,
        headers: this.headers(),
        dispatcher: this.dispatcher,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted || isTimeoutError(err)) throw timedOut(this.serverUrl, label, this.timeoutMs, err);
      throw unavailable(this.serverUrl, networkDetail(err), undefined, err);
    }
    let body: string;
    try {
      body = await res.body.text();
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted || isTimeoutError(err)) throw timedOut(this.serverUrl, label, this.timeoutMs, err);
      throw unavailable(this.serverUrl, networkDetail(err), undefined, err);
    }
    const status = res.statusCode;
    if (status >= 200 && status < 300) return body;
    if (status === 401) throw unauthorized(this.serverUrl, this.credentials.source);
    if (status === 404) throw notFound(this.serverUrl, what);
    if (status === 503) throw unavailable(this.serverUrl, undefined, 503);
    throw serverError(this.serverUrl, label, status);
  }

  private headers(): Record<string, string> {
    const h: Record<string, string> = {
      Accept: 'application/json',
      'X-Plex-Client-Identifier': this.options.clientIdentifier,
      'X-Plex-Product': PLEX_PRODUCT,
      'X-Plex-Version': this.options.appVersion,
      'X-Plex-Platform': plexPlatformName(process.platform),
      'X-Plex-Device-Name': hostname(),
    };
    if (this.credentials.token) h['X-Plex-Token'] = this.credentials.token;
    return h;
  }
}

/** Accepts "127.0.0.1:32400" or a full URL; refuses anything that is not http(s). */
export function normalizeServerUrl(raw: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new PlexError('unavailable', `"${raw}" is not a server address.`, 'Give the address as http://127.0.0.1:32400 (host and port of Plex Media Server).');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PlexError('unavailable', `"${raw}" is not an http:// or https:// address.`, 'Give the address as http://127.0.0.1:32400 (host and port of Plex Media Server).');
  }
  return url.origin;
}

function plexPlatformName(platform: NodeJS.Platform): string {
  return platform === 'darwin' ? 'macOS' : platform === 'win32' ? 'Windows' : platform === 'linux' ? 'Linux' : platform;
}

const isRetryable = (e: PlexError) => e.kind === 'unavailable' || e.kind === 'timeout' || (e.kind === 'server' && e.status !== undefined && e.status >= 500);

function isTimeoutError(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  const name = (err as { name?: string }).name;
  return name === 'TimeoutError' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
}

function networkDetail(err: unknown): string | undefined {
  const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') return 'connection closed';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
  return code;
}
