import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeServerUrl, PlexClient } from '../../../../main/engine/plex/client.ts';
import { isPlexError, PlexError } from '../../../../main/engine/plex/errors.ts';
import type { Clock } from '../../../../main/engine/ports.ts';
import type { SimHandle } from '../../../plex-sim/sim.ts';
import { clientFor, startTestSim } from '../../../plex-sim/testing.ts';

/** retries without waiting: backoff is not what these tests are about */
const instantClock: Clock = { now: () => new Date(), sleep: async () => undefined };

async function caught(p: Promise<unknown>): Promise<PlexError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof PlexError) return err;
    throw err;
  }
  throw new Error('expected a PlexError');
}

describe('PlexClient against the simulated Plex', () => {
  let sim: SimHandle;
  let client: PlexClient;
  beforeAll(async () => {
    sim = await startTestSim();
    client = clientFor(sim, { clock: instantClock });
  });
  afterAll(async () => {
    await client.close();
    await sim.stop();
  });

  it('reads the identity, which needs no token', async () => {
    const anonymous = clientFor(sim, { credentials: { token: undefined, source: { kind: 'none', looked: [] } } });
    expect(await anonymous.identity()).toEqual({ machineIdentifier: sim.sim.library.server.machineIdentifier, version: '1.40.1.8227-c0dd5a73e', claimed: true });
    await anonymous.close();
  });

  it('lists sections with their agents, items with guid, updatedAt and files, and one item with its section', async () => {
    const sections = await client.sections();
    expect(sections.map((s) => s.agent)).toEqual(['com.plexapp.agents.GEVI', 'com.plexapp.agents.AEBN', 'com.plexapp.agents.GayAdult', 'com.plexapp.agents.GayHotMovies']);
    const items = await client.sectionItems('1');
    expect(items).toHaveLength(20);
    expect(items[0]).toMatchObject({ ratingKey: '431', guid: 'com.plexapp.agents.GEVI://58845?lang=en', librarySectionID: '1' });
    expect(items[0]!.files[0]).toMatch(/Freaks 5 \(2009\)\.mp4$/);
    expect(await client.item('431')).toMatchObject({ ratingKey: '431', title: 'Freaks 5', librarySectionID: '1', librarySectionTitle: 'Gay Movies (GEVI)' });
  });

  it('pages through a section', async () => {
    const paged = clientFor(sim, { pageSize: 7 });
    expect((await paged.sectionItems('1')).map((i) => i.ratingKey)).toEqual((await client.sectionItems('1')).map((i) => i.ratingKey));
    await paged.close();
  });

  it('finds items by (non-ASCII) title across the movie sections', async () => {
    const found = await client.findItemsByTitle('café');
    expect(found.map((i) => [i.title, i.librarySectionID])).toEqual([['Café Boys', '1']]);
    expect(await client.findItemsByTitle('Cowboys & Indians', ['2'])).toHaveLength(1);
  });

  it('lists running agents, activities and the section queue', async () => {
    expect((await client.agents()).map((a) => a.identifier)).toContain('com.plexapp.agents.GEVI');
    expect(await client.activities()).toEqual([]);
    expect(await client.sectionTimeline('1')).toEqual({ updateQueueSize: 0 });
  });

  it('queues a refresh with PUT (the 200 only means queued)', async () => {
    const ended = sim.sim.waitFor('refresh-ended', (r) => r.ratingKey === '432');
    await client.refresh('432');
    const [record] = await ended;
    expect(record.success).toBe(true);
  });

  it('says the item may have been re-added when a ratingKey is unknown', async () => {
    const err = await caught(client.item('999999'));
    expect(err.kind).toBe('notFound');
    expect(err.message).toBe(`Plex Media Server at ${sim.url} has no library item 999999 (404).`);
    expect(err.hint).toMatch(/removed or re-added .* look it up again by title/);
  });

  it('rejects a wrong token as "token rejected", naming where the token came from but never the token', async () => {
    const wrong = clientFor(sim, { credentials: { token: 'wrongToken1234', source: { kind: 'env', variable: 'PLEX_TOKEN' } } });
    const err = await caught(wrong.sections());
    expect(err.kind).toBe('unauthorized');
    expect(err.message).toMatch(/^Token rejected: .* did not accept the token from the PLEX_TOKEN environment variable\.$/);
    expect(`${err.message} ${err.hint}`).not.toContain('wrongToken1234');
    await wrong.close();
  });

  it('says where it looked when Plex wants a token and none was found', async () => {
    const none = clientFor(sim, { credentials: { token: undefined, source: { kind: 'none', looked: ['PLEX_TOKEN environment variable', '/Users/zoe/Library/Preferences/com.plexapp.plexmediaserver.plist'] } } });
    const err = await caught(none.sections());
    expect(err.message).toMatch(/asked for a token and none was found \(looked in: PLEX_TOKEN environment variable; \/Users\/zoe\/Library\/Preferences\/com\.plexapp\.plexmediaserver\.plist\)/);
    await none.close();
  });

  it('re-reads the token once after a 401 and carries on with the fresh one', async () => {
    let reads = 0;
    const stale = clientFor(sim, {
      credentials: { token: 'staleToken1234', source: { kind: 'file', path: '/prefs.plist', format: 'binary-plist' } },
      reloadCredentials: async () => {
        reads++;
        return { token: sim.token, source: { kind: 'file', path: '/prefs.plist', format: 'binary-plist' } };
      },
    });
    expect(await stale.sections()).toHaveLength(4);
    expect(reads).toBe(1);
    await stale.close();
  });

  it('retries a GET that got a 500, but not a PUT', async () => {
    sim.sim.setFaults({ serverErrors: [{ path: '^/library/sections$', status: 500, times: 2 }] });
    expect(await client.sections()).toHaveLength(4);

    sim.sim.setFaults({ serverErrors: [{ path: '^/library/sections$', status: 500, times: 1 }] });
    const once = clientFor(sim, { retries: 0 });
    const err = await caught(once.sections());
    expect([err.kind, err.status, err.message]).toEqual(['server', 500, `Plex Media Server at ${sim.url} failed on GET /library/sections (HTTP 500).`]);
    await once.close();

    sim.sim.setFaults({ serverErrors: [{ path: '/refresh$', status: 500, times: 1 }] });
    expect((await caught(client.refresh('432'))).status).toBe(500);
    sim.sim.setFaults({ serverErrors: [] });
  });

  it('gives up on a slow answer with a timeout error', async () => {
    sim.sim.setFaults({ slow: [{ path: '^/activities$', delayMs: 400 }] });
    const impatient = clientFor(sim, { timeoutMs: 100, retries: 1, clock: instantClock });
    const err = await caught(impatient.activities());
    expect(err.kind).toBe('timeout');
    expect(err.message).toBe(`Plex Media Server at ${sim.url} did not answer GET /activities within 0.1 s.`);
    sim.sim.setFaults({ slow: [] });
    await impatient.close();
  });
});

describe('PlexClient when Plex is not there', () => {
  it('says Plex is not answering, and what to do', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const client = new PlexClient({ serverUrl: `127.0.0.1:${port}`, credentials: { token: 't', source: { kind: 'given', label: 'test' } }, clientIdentifier: 'c', appVersion: '0.1.0', clock: instantClock });
    const err = await caught(client.identity());
    expect(err.kind).toBe('unavailable');
    expect(err.message).toBe(`Plex Media Server is not answering at http://127.0.0.1:${port} (connection refused).`);
    expect(err.hint).toBe('Start Plex Media Server (or check the server address), then try again.');
    await client.close();
  });
});

describe('PlexClient requests', () => {
  let headers: IncomingHttpHeaders | undefined;
  let body = '';
  let url = '';
  const server = createServer((req, res) => {
    headers = req.headers;
    url = req.url ?? '';
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
  });
  let client: PlexClient;
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    client = new PlexClient({
      serverUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      credentials: { token: 'secretToken99', source: { kind: 'given', label: 'test' } },
      clientIdentifier: '6f1d0c3e-8f0e-4d6a-9d5e-2b1c0a9f8e7d',
      appVersion: '0.1.0',
    });
  });
  afterAll(async () => {
    await client.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('carry every X-Plex-* header and ask for JSON; the token goes in a header, not the URL', async () => {
    body = '{"MediaContainer":{"machineIdentifier":"m","version":"v"}}';
    await client.identity();
    expect(headers).toMatchObject({
      accept: 'application/json',
      'x-plex-token': 'secretToken99',
      'x-plex-client-identifier': '6f1d0c3e-8f0e-4d6a-9d5e-2b1c0a9f8e7d',
      'x-plex-product': 'Agent Doctor',
      'x-plex-version': '0.1.0',
    });
    expect(headers?.['x-plex-platform']).toBeTruthy();
    expect(headers?.['x-plex-device-name']).toBeTruthy();
    expect(url).toBe('/identity');
  });

  it('report an answer that is not Plex JSON in words', async () => {
    body = '<html>router login</html>';
    await expect(client.sections()).rejects.toThrow(/gave an answer to GET \/library\/sections that Agent Doctor does not understand \(not JSON\)/);
    body = '{"MediaContainer":{"Directory":[{"title":"no key"}]}}';
    await expect(client.sections()).rejects.toThrow(/\(MediaContainer\.Directory\.0\.key: /);
    expect(isPlexError(await client.sections().catch((e: unknown) => e), 'server')).toBe(true);
  });

  it('put the token in the WebSocket URL only', () => {
    expect(client.notificationsUrl()).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/:\/websockets\/notifications\?X-Plex-Token=secretToken99$/);
  });
});

describe('normalizeServerUrl', () => {
  it.each([
    ['127.0.0.1:32400', 'http://127.0.0.1:32400'],
    ['http://127.0.0.1:32400/', 'http://127.0.0.1:32400'],
    ['https://plex.local:32400/web', 'https://plex.local:32400'],
  ])('%s → %s', (raw, url) => expect(normalizeServerUrl(raw)).toBe(url));

  it.each(['ftp://127.0.0.1', 'http://'])('refuses %s', (raw) => expect(() => normalizeServerUrl(raw)).toThrow(/is not an? /));
});
