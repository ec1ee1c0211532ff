// The HTTP surface of the simulated PMS (plex-facts.md §1–2): JSON shaped as PMS sends it when
// asked with Accept: application/json, XML otherwise; a token on everything but /identity;
// 405 for a GET on …/refresh; 503 while stopping; scenario faults (500s, slow answers).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { activityJson, LIBRARY_IDENTIFIER } from './refresh.ts';
import type { ItemState, SimPlex } from './sim.ts';
import { SYSTEM_IDENTIFIER } from './sim.ts';

type Json = Record<string, unknown>;

const BUILT_IN_AGENTS = [
  { identifier: 'tv.plex.agents.movie', name: 'Plex Movie', primary: true },
  { identifier: 'com.plexapp.agents.localmedia', name: 'Local Media Assets', primary: false },
  { identifier: 'com.plexapp.agents.none', name: 'Personal Media', primary: true },
];

export async function handleApi(sim: SimPlex, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  const json = /application\/json/.test(String(req.headers.accept ?? ''));
  const send = (status: number, body?: Json) => {
    if (body === undefined) {
      res.writeHead(status, { 'Content-Length': '0' }).end();
      return;
    }
    const text = json ? JSON.stringify(body) : toXml(body);
    res.writeHead(status, { 'Content-Type': json ? 'application/json' : 'text/xml;charset=utf-8' }).end(text);
  };

  for (const slow of sim.faults.slow) if (new RegExp(slow.path).test(path)) await new Promise((r) => setTimeout(r, slow.delayMs));
  if (res.destroyed) return;
  const failing = sim.faults.serverErrors.findIndex((e, i) => new RegExp(e.path).test(path) && (sim.faultBudget[i] ?? 0) > 0);
  if (failing >= 0) {
    sim.faultBudget[failing]!--;
    res.writeHead(sim.faults.serverErrors[failing]!.status, { 'Content-Type': 'text/html' }).end('<html><head><title>Internal Server Error</title></head><body><h1>500 Internal Server Error</h1></body></html>');
    return;
  }
  if (sim.state === 'stopping' || sim.state === 'starting') {
    res.writeHead(503, { 'Content-Type': 'text/html' }).end('<html><head><title>Service Unavailable</title></head><body><h1>503 Service Unavailable</h1></body></html>');
    return;
  }

  const s = sim.library.server;
  if (path === '/identity' && method === 'GET') {
    return send(200, { MediaContainer: { size: 0, apiVersion: '1.1.1', claimed: true, machineIdentifier: s.machineIdentifier, version: s.version } });
  }
  const token = url.searchParams.get('X-Plex-Token') ?? req.headers['x-plex-token'];
  if (token !== sim.token) {
    res.writeHead(401, { 'Content-Type': 'text/html' }).end('<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>');
    return;
  }

  let m: RegExpExecArray | null;
  if ((m = /^\/library\/metadata\/(\d+)\/refresh$/.exec(path))) {
    if (method !== 'PUT') return send(405);
    const state = sim.items.get(m[1]!);
    if (!state) return send(404);
    sim.pmsLine(new Date(), `Request: [127.0.0.1:${50000 + Math.floor(sim.host.rand() * 10000)} (Loopback)] PUT ${path} (3 live) #${sim.nextRequestId()} Signed-in Token (${s.myPlexUsername})`);
    sim.queue.enqueue(state.item.ratingKey);
    return send(200);
  }
  if (method !== 'GET') return send(405);

  if (path === '/') {
    return send(200, {
      MediaContainer: {
        size: 0,
        allowCameraUpload: false,
        allowChannelAccess: true,
        allowSync: false,
        friendlyName: s.friendlyName,
        machineIdentifier: s.machineIdentifier,
        myPlex: true,
        myPlexMappingState: 'mapped',
        myPlexSigninState: 'ok',
        myPlexSubscription: true,
        myPlexUsername: s.myPlexUsername,
        platform: s.platform,
        platformVersion: s.platformVersion,
        transcoderActiveVideoSessions: 0,
        updatedAt: Math.floor(Date.now() / 1000),
        version: s.version,
      },
    });
  }
  if (path === '/library/sections') {
    const Directory = sim.library.sections.map((sec, i) => ({
      allowSync: true,
      art: '/:/resources/movie-fanart.jpg',
      composite: `/library/sections/${sec.key}/composite/1706000000`,
      filters: true,
      refreshing: false,
      thumb: '/:/resources/movie.png',
      key: sec.key,
      type: 'movie',
      title: sec.title,
      agent: sec.agent,
      scanner: 'Plex Movie Scanner',
      language: sec.language,
      uuid: sec.uuid,
      updatedAt: 1706000000,
      createdAt: 1690000000,
      scannedAt: 1706000000,
      content: true,
      directory: true,
      contentChangedAt: 1000 + i,
      hidden: 0,
      Location: [{ id: i + 1, path: sec.location }],
    }));
    return send(200, { MediaContainer: { size: Directory.length, allowSync: false, title1: 'Plex Library', Directory } });
  }
  if ((m = /^\/library\/sections\/(\d+)\/all$/.exec(path))) {
    const section = sim.sectionOf(m[1]!);
    if (!section) return send(404);
    const type = url.searchParams.get('type');
    const title = url.searchParams.get('title')?.toLowerCase();
    let items = [...sim.items.values()].filter((st) => st.section.key === section.key && (type === null || type === '1'));
    if (title) items = items.filter((st) => st.item.title.toLowerCase().includes(title));
    const start = Number(url.searchParams.get('X-Plex-Container-Start') ?? 0);
    const size = Number(url.searchParams.get('X-Plex-Container-Size') ?? items.length);
    const page = items.slice(start, start + size);
    return send(200, {
      MediaContainer: {
        size: page.length,
        totalSize: items.length,
        offset: start,
        allowSync: true,
        identifier: LIBRARY_IDENTIFIER,
        librarySectionID: Number(section.key),
        librarySectionTitle: section.title,
        librarySectionUUID: section.uuid,
        title1: section.title,
        title2: 'All Movies',
        viewGroup: 'movie',
        ...(page.length ? { Metadata: page.map((st) => metadataJson(st, false)) } : {}),
      },
    });
  }
  if ((m = /^\/library\/sections\/(\d+)\/timeline$/.exec(path))) {
    const section = sim.sectionOf(m[1]!);
    if (!section) return send(404);
    return send(200, {
      MediaContainer: { size: 0, allowSync: false, identifier: LIBRARY_IDENTIFIER, librarySectionID: Number(section.key), updateQueueSize: sim.queue.queueSize(section.key), viewGroup: 'secondary' },
    });
  }
  if ((m = /^\/library\/metadata\/(\d+)(\/tree)?$/.exec(path))) {
    const state = sim.items.get(m[1]!);
    if (!state) return send(404);
    return send(200, {
      MediaContainer: {
        size: 1,
        allowSync: true,
        identifier: LIBRARY_IDENTIFIER,
        librarySectionID: Number(state.section.key),
        librarySectionTitle: state.section.title,
        librarySectionUUID: state.section.uuid,
        Metadata: [metadataJson(state, true)],
      },
    });
  }
  if (path === '/activities') {
    const Activity = [...sim.queue.activities.values()].map(activityJson);
    return send(200, { MediaContainer: { size: Activity.length, ...(Activity.length ? { Activity } : {}) } });
  }
  if (path === '/system/agents') {
    const running = [...sim.plugins.values()].filter((p) => p.state === 'running');
    const Agent = [
      ...BUILT_IN_AGENTS.map((a) => ({ hasAttribution: false, hasPrefs: false, ...a, MediaType: [{ name: 'movie', mediaType: 1 }] })),
      ...running.map((p) => ({ hasAttribution: true, hasPrefs: true, identifier: p.identifier, primary: false, name: p.facts?.agentTitle ?? p.agent, MediaType: [{ name: 'movie', mediaType: 1, languageCode: 'en' }] })),
    ];
    return send(200, { MediaContainer: { size: Agent.length, Agent } });
  }
  if (path === '/:/plugins') {
    const Plugin = [sim.system, ...sim.plugins.values()].map((p) => ({ identifier: p.identifier, state: p.state === 'running' ? 0 : 1 }));
    return send(200, { MediaContainer: { size: Plugin.length, Plugin } });
  }
  if ((m = /^\/:\/plugins\/([^/]+)\/restart$/.exec(path))) {
    const identifier = decodeURIComponent(m[1]!);
    if (identifier !== SYSTEM_IDENTIFIER && !sim.plugins.has(identifier)) return send(404);
    sim.pmsLine(new Date(), `Request: [127.0.0.1:${50000 + Math.floor(sim.host.rand() * 10000)} (Loopback)] GET ${path} (3 live) #${sim.nextRequestId()} Signed-in Token (${s.myPlexUsername})`);
    void sim.restartPlugin(identifier);
    return send(200);
  }
  return send(404);
}

function metadataJson(st: ItemState, detailed: boolean): Json {
  const { item, section } = st;
  return {
    ratingKey: item.ratingKey,
    key: `/library/metadata/${item.ratingKey}`,
    guid: st.guid,
    studio: item.studio,
    type: 'movie',
    title: item.title,
    ...(detailed ? { librarySectionTitle: section.title, librarySectionID: Number(section.key), librarySectionKey: `/library/sections/${section.key}` } : {}),
    summary: '',
    ...(item.year === undefined ? {} : { year: item.year }),
    thumb: `/library/metadata/${item.ratingKey}/thumb/${st.updatedAt}`,
    duration: item.durationMs,
    addedAt: item.addedAt,
    updatedAt: st.updatedAt,
    Media: [
      {
        id: Number(item.ratingKey) + 10000,
        duration: item.durationMs,
        bitrate: 4200,
        width: 1920,
        height: 1080,
        aspectRatio: 1.78,
        audioChannels: 2,
        audioCodec: 'aac',
        videoCodec: 'h264',
        videoResolution: '1080',
        container: 'mp4',
        videoFrameRate: '24p',
        Part: [{ id: Number(item.ratingKey) + 20000, key: `/library/parts/${Number(item.ratingKey) + 20000}/${item.addedAt}/file.mp4`, duration: item.durationMs, file: item.file, size: 1_800_000_000, container: 'mp4' }],
      },
    ],
  };
}

/** PMS's XML: one element per object, scalars as attributes, arrays as repeated children. */
export function toXml(value: Json): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const element = (name: string, obj: Json): string => {
    const attrs: string[] = [];
    const children: string[] = [];
    for (const [k, v] of Object.entries(obj)) {
      if (Array.isArray(v)) for (const child of v) children.push(element(k, child as Json));
      else if (v && typeof v === 'object') children.push(element(k, v as Json));
      else if (v !== undefined) attrs.push(` ${k}="${esc(typeof v === 'boolean' ? (v ? '1' : '0') : String(v))}"`);
    }
    return children.length ? `<${name}${attrs.join('')}>\n${children.join('\n')}\n</${name}>` : `<${name}${attrs.join('')} />`;
  };
  const [root, body] = Object.entries(value)[0]!;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, body as Json)}\n`;
}
