import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimHandle } from './sim.ts';
import { applyFixtureFix, clientFor, loadFixtureFix, refreshAll, startTestSim } from './testing.ts';
import { simRunner } from './runner.ts';

// The grammars of agent-logs.md §2, §5 and §7, copied from the spec so that the sim is held to it.
const PLUGIN_LINE = /^(?<ts>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}) \((?<thread>-?[0-9a-f]+)\) : +(?<level>DEBUG|INFO|WARNING|ERROR|CRITICAL) \((?<module>[^:()]+):(?<lineno>\d+)\) - (?<msg>.*)$/;
const PMS_LINE = /^(?<ts>[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2}(?:\.\d{1,6})?) \[(?<thread>[^\]]*)\] (?<level>[A-Z]+) - (?:\[(?<tag>[A-Za-z]+#[^\]]*)\] )?(?<msg>.*)$/;
const PGMA_MSG = /^(?<agent>[A-Za-z0-9]+)\s+-\s+(?<section>UTILS|SEARCH|UPDATE)\s?::\s?(?<body>.*)$/;
const PGMA_HEADER = /^(?<mark>\u274C|\u26A0\uFE0F?)\s*File: (?<file>[^,]*), Line: (?<line>\d*), Function: (?<chain>.+)$/;
const PGMA_MESSAGE = /^ {3}(?<text>\S.*)$/;
const PGMA_DUMP = /^(?<idx>\d+[a-z]?)\. (?<key>.+?)\s{2,}(?<value>.*)$/;

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);
const agentLog = (sim: SimHandle, agent = 'GEVI') => join(sim.sim.pluginLogsDir, `com.plexapp.agents.${agent}.log`);
/** the lines written after `from` bytes */
const tail = (path: string, from: number) => readFileSync(path).subarray(from).toString('utf8').split('\n').filter(Boolean);
const dumpValue = (text: string[], key: string) =>
  text.flatMap((l) => {
    const body = PGMA_MSG.exec(PLUGIN_LINE.exec(l)?.groups?.msg ?? '')?.groups?.body ?? '';
    const d = PGMA_DUMP.exec(body);
    return d?.groups?.key === key ? [d.groups.value!] : [];
  });

describe('the simulated Plex Media Server', () => {
  let sim: SimHandle;
  afterEach(async () => sim?.stop());

  it('keeps a Plex-like data folder: Plug-ins copied from the fixtures, logs, Preferences.xml with the token', async () => {
    sim = await startTestSim();
    expect(readdirSync(sim.sim.pluginsDir).sort()).toEqual(['AEBN.bundle', 'GEVI.bundle', 'GayAdult.bundle', 'GayHotMovies.bundle']);
    expect(readdirSync(sim.sim.pluginLogsDir).sort()).toEqual(['com.plexapp.agents.AEBN.log', 'com.plexapp.agents.GEVI.log', 'com.plexapp.agents.GayAdult.log', 'com.plexapp.agents.GayHotMovies.log', 'com.plexapp.system.log']);
    expect(statSync(join(sim.sim.logsDir, 'Plex Media Server.log')).size).toBeGreaterThan(0);
    expect(readFileSync(sim.sim.preferencesPath, 'utf8')).toContain(`PlexOnlineToken="${sim.token}"`);
  });

  it('answers like PMS: token required, 405 for GET …/refresh, XML unless JSON is asked for', async () => {
    sim = await startTestSim();
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${sim.url}${path}`, { headers });
    expect((await get('/identity')).status).toBe(200);
    expect((await get('/library/sections')).status).toBe(401);
    expect((await get('/library/sections', { 'X-Plex-Token': 'wrong' })).status).toBe(401);
    const xml = await get('/library/sections', { 'X-Plex-Token': sim.token });
    expect(await xml.text()).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<MediaContainer size="4"[^>]*>\n<Directory [^>]*agent="com\.plexapp\.agents\.GEVI"/);
    expect((await get(`/library/sections?X-Plex-Token=${sim.token}`, { Accept: 'application/json' })).status).toBe(200);
    expect((await get('/library/metadata/431/refresh', { 'X-Plex-Token': sim.token })).status).toBe(405);
    expect((await fetch(`${sim.url}/library/metadata/999999/refresh`, { method: 'PUT', headers: { 'X-Plex-Token': sim.token } })).status).toBe(404);
    expect((await get('/no/such/path', { 'X-Plex-Token': sim.token })).status).toBe(404);
  });

  it('writes every refresh in the real grammars of the agent, System and PMS logs', async () => {
    sim = await startTestSim({ overrides: { history: undefined } });
    const client = clientFor(sim);
    const before = statSync(agentLog(sim)).size;
    const gevi = [...sim.sim.items.values()].filter((s) => s.section.agent === 'com.plexapp.agents.GEVI').map((s) => s.item.ratingKey);
    await refreshAll(sim, client, gevi);
    const fresh = tail(agentLog(sim), before);
    let head = 0;
    const headerLines = new Set<number>();
    const messageLines = new Set<number>();
    for (const line of fresh) {
      const m = PLUGIN_LINE.exec(line);
      if (!m) {
        expect(head, `continuation before any record: ${line}`).toBeGreaterThan(0);
        continue;
      }
      head++;
      const { module, msg } = m.groups!;
      if ((module === 'sandbox' || module === 'utils') && !/^\w+ +- UPDATE CALLED$/.test(msg!)) expect(msg, line).toMatch(PGMA_MSG);
      if (module === 'utils') {
        // an error pair: a header from utils:N, messages (3 spaces) from utils:N+1
        const body = PGMA_MSG.exec(msg!)!.groups!.body!;
        const message = body.startsWith('   ');
        expect(body, line).toMatch(message ? PGMA_MESSAGE : PGMA_HEADER);
        (message ? messageLines : headerLines).add(Number(m.groups!.lineno));
      }
    }
    expect([...messageLines]).toEqual([...headerLines].map((n) => n + 1));
    for (const rk of gevi) {
      expect(fresh.some((l) => l.endsWith(`Requesting 'http://127.0.0.1:32400/library/metadata/${rk}/tree'`))).toBe(true);
      expect(dumpValue(fresh, 'id')).toContain(rk);
    }
    expect(fresh.filter((l) => l.includes('UPDATE CALLED'))).toHaveLength(gevi.length);
    expect(fresh.some((l) => /Searching for matches for \{.*'id': '\d+'/.test(l))).toBe(true); // an unmatched item was searched
    expect(fresh.some((l) => /ERROR \(networking:197\) - Error opening URL 'https:\/\/www\.iafd\.com\//.test(l))).toBe(true);
    expect(fresh.some((l) => /INFO \(sandbox:19\) - GEVI {2}- UTILS :: Request Failed {16}Try CFScrape$/.test(l))).toBe(true);
    expect(dumpValue(fresh, 'FoundOnIAFD').every((v) => v === 'No')).toBe(true);
    expect(fresh.some((l) => l.includes("Error: Getting Release Date: list index out of range"))).toBe(true);

    for (const l of lines(join(sim.sim.pluginLogsDir, 'com.plexapp.system.log'))) if (!/^ {2}|^\w+(Error|Exception):/.test(l)) expect(l).toMatch(PLUGIN_LINE);
    const notify = lines(join(sim.sim.pluginLogsDir, 'com.plexapp.system.log')).filter((l) => l.includes('/:/metadata/notify?'));
    expect(notify).toHaveLength(gevi.length);
    expect(notify.every((l) => /&id=\d+&success=1&async=1'$/.test(l))).toBe(true);
    for (const l of lines(join(sim.sim.logsDir, 'Plex Media Server.log'))) expect(l).toMatch(PMS_LINE);
    await client.close();
  });

  it('finds IAFD films for about 70 % of the listed items once every IAFD request sends a browser User-Agent', async () => {
    sim = await startTestSim({ overrides: { history: undefined } });
    const client = clientFor(sim);
    const gevi = [...sim.sim.items.values()].filter((s) => s.section.agent === 'com.plexapp.agents.GEVI');
    applyFixtureFix(sim.sim.pluginsDir, loadFixtureFix('iafd-browser-headers'));
    await sim.sim.restartPlugin('com.plexapp.agents.GEVI');
    const records = await refreshAll(sim, client, gevi.map((s) => s.item.ratingKey));
    const listed = records.filter((r) => sim.sim.items.get(r.ratingKey)!.item.profile === 'iafd-listed');
    const found = listed.filter((r) => r.outcome?.iafd === 'found').length / listed.length;
    expect(found).toBeGreaterThan(0.5);
    expect(found).toBeLessThan(0.9);
    expect(records.filter((r) => sim.sim.items.get(r.ratingKey)!.item.profile === 'not-on-iafd').every((r) => r.outcome?.iafd === 'not-listed')).toBe(true);
    expect(dumpValue(lines(agentLog(sim)), 'FoundOnIAFD').filter((v) => v === 'Yes')).toHaveLength(listed.filter((r) => r.outcome?.iafd === 'found').length);
    await client.close();
  });

  it('gives the same run for the same seed', async () => {
    const run = async () => {
      const s = await startTestSim({ overrides: { history: undefined, latency: { jitterMs: 0 } } });
      const client = clientFor(s);
      const records = await refreshAll(s, client, [...s.sim.items.keys()].slice(0, 6));
      // time, thread, data folder and token differ between two sims; everything else must not
      const strip = (l: string) => l.replace(/^\S+ \S+ \(\w+\) :/, '').replaceAll(s.dataDir, '<data>').replaceAll(s.token, '<token>');
      const log = lines(agentLog(s)).map(strip);
      await client.close();
      await s.stop();
      return { outcomes: records.map((r) => r.outcome), log };
    };
    const [a, b] = [await run(), await run()];
    expect(a.outcomes).toEqual(b.outcomes);
    expect(a.log).toEqual(b.log);
  });

  it('rotates a plug-in log on every start and writes the start-up noise, then "Started plug-in"', async () => {
    sim = await startTestSim({ overrides: { history: undefined } });
    const path = agentLog(sim);
    const inode = statSync(path).ino;
    const started = sim.sim.waitFor('plugin-started', (e) => e.identifier === 'com.plexapp.agents.GEVI');
    await fetch(`${sim.url}/:/plugins/com.plexapp.agents.GEVI/restart`, { headers: { 'X-Plex-Token': sim.token } });
    expect((await started)[0].state).toBe('running');
    expect(statSync(`${path}.1`).ino).toBe(inode);
    const fresh = lines(path);
    expect(fresh[0]).toMatch(/INFO \(core:349\) - Starting framework core - Version: 2\.6\.3/);
    expect(fresh.some((l) => l.endsWith("ERROR (networking:197) - Error opening URL 'http://127.0.0.1:32400/:/plugins/com.plexapp.system/resourceHashes'"))).toBe(true);
    expect(fresh).toContain('  HTTPError: HTTP Error 404: Not Found');
    expect(fresh.some((l) => / - GEVI {2}- UTILS :: Plex Token {20}\S+$/.test(l))).toBe(true); // PGMA logs the token: redaction is needed downstream
    expect(fresh.some((l) => / INFO \(core:611\) - Started plug-in$/.test(l))).toBe(true);
  });

  it('writes the real failure lines when the code breaks the sandbox rule, and refreshes then fail with success=0', async () => {
    sim = await startTestSim({ overrides: { history: undefined } });
    applyFixtureFix(sim.sim.pluginsDir, loadFixtureFix('pgma-stubs-path'));
    const started = sim.sim.waitFor('plugin-started', (e) => e.identifier === 'com.plexapp.agents.GEVI');
    await sim.sim.restartPlugin('com.plexapp.agents.GEVI');
    expect((await started)[0]).toMatchObject({ state: 'failed', failure: expect.stringMatching(/^SyntaxError: Line \d+: "_add_pgma_stubs_to_path" is an invalid variable name because it starts with "_"$/) });
    const log = lines(agentLog(sim));
    expect(log.some((l) => / CRITICAL \(core:615\) - Exception starting plug-in/.test(l))).toBe(true);
    expect(log.some((l) => l.includes('Started plug-in'))).toBe(false);
    const client = clientFor(sim);
    const [record] = await refreshAll(sim, client, ['431']);
    expect(record!.success).toBe(false);
    expect(lines(join(sim.sim.pluginLogsDir, 'com.plexapp.system.log')).at(-1)).toMatch(/&id=431&success=0&async=1'$/);
    await client.close();
  });

  it('asks the injected syntax check too, and reports its finding as "Exception while loading code"', async () => {
    sim = await startTestSim({ overrides: { history: undefined }, syntaxCheck: async (source, file) => (file.endsWith('utils.py') && source.includes('IAFD_HEADERS') ? { line: 40, message: 'invalid syntax' } : null) });
    applyFixtureFix(sim.sim.pluginsDir, loadFixtureFix('iafd-browser-headers'));
    const started = sim.sim.waitFor('plugin-started', (e) => e.identifier === 'com.plexapp.agents.GEVI');
    await sim.sim.restartPlugin('com.plexapp.agents.GEVI');
    expect((await started)[0]).toMatchObject({ state: 'failed', failure: 'SyntaxError: invalid syntax (utils.py, line 40)' });
    expect(lines(agentLog(sim)).some((l) => / CRITICAL \(core:615\) - Exception while loading code/.test(l))).toBe(true);
  });

  it('reloads a plug-in whose Info.plist was touched before its next refresh', async () => {
    sim = await startTestSim({ overrides: { history: undefined } });
    const info = join(sim.sim.pluginsDir, 'GEVI.bundle', 'Contents', 'Info.plist');
    const { utimesSync } = await import('node:fs');
    const later = new Date(Date.now() + 5_000);
    utimesSync(info, later, later);
    const restarted = sim.sim.waitFor('plugin-started', (e) => e.identifier === 'com.plexapp.agents.GEVI');
    const client = clientFor(sim);
    await refreshAll(sim, client, ['431']);
    await restarted;
    expect(statSync(`${agentLog(sim)}.1`).size).toBeGreaterThan(0);
    await client.close();
  });

  it('pre-populates the logs with a past baseline of refreshes when the scenario has a history', async () => {
    sim = await startTestSim();
    const log = lines(agentLog(sim));
    const first = PLUGIN_LINE.exec(log[0]!)!.groups!.ts!;
    const ageHours = (Date.now() - new Date(first.replace(' ', 'T').replace(',', '.')).getTime()) / 3_600_000;
    expect(ageHours).toBeGreaterThan(23);
    const gevi = [...sim.sim.items.values()].filter((s) => s.section.agent === 'com.plexapp.agents.GEVI');
    expect(dumpValue(log, 'id').sort()).toEqual(gevi.map((s) => s.item.ratingKey).sort());
    expect(log.filter((l) => l.includes("Error opening URL 'https://www.iafd.com/")).length).toBeGreaterThan(gevi.length);
  });

  it('serves faults on demand: 500s, refused WebSocket, a server that never comes back', async () => {
    sim = await startTestSim({ scenarioName: 'flaky-server' });
    const get = (path: string) => fetch(`${sim.url}${path}`, { headers: { 'X-Plex-Token': sim.token } });
    expect([(await get('/library/sections')).status, (await get('/library/sections')).status, (await get('/library/sections')).status]).toEqual([500, 500, 200]);
    await fetch(`${sim.controlUrl}/faults`, { method: 'POST', body: JSON.stringify({ neverComesBack: true }) });
    const runner = simRunner(sim.controlUrl);
    await runner('osascript', ['-e', 'tell application id "com.plexapp.plexmediaserver" to quit']);
    await sim.sim.waitFor('state', (s) => s === 'stopped');
    await runner('open', ['-b', 'com.plexapp.plexmediaserver']);
    expect(sim.sim.state).toBe('stopped');
    await expect(fetch(`${sim.url}/identity`)).rejects.toThrow();
    expect((await runner('pgrep', ['-x', 'Plex Media Server'])).code).toBe(1);
    expect((await fetch(`${sim.controlUrl}/faults`, { method: 'POST', body: '{"websocket":"sometimes"}' })).status).toBe(400);
  });

  it('maps the restart argv of a Mac onto the sim, records it, and refuses any other program', async () => {
    sim = await startTestSim({ scenarioName: 'launchd' });
    const runner = simRunner(sim.controlUrl);
    expect((await runner('launchctl', ['list'])).stdout).toContain('com.plexapp.mediaserver');
    expect((await runner('launchctl', ['print', 'gui/501/com.plexapp.plexmediaserver'])).code).toBe(113);
    const back = sim.sim.waitFor('state', (s) => s === 'running');
    expect((await runner('launchctl', ['kickstart', '-k', 'gui/501/com.plexapp.mediaserver'])).code).toBe(0);
    await back;
    expect((await runner('kill', ['-TERM', '1'])).code).toBe(1);
    expect(await runner('sudo', ['launchctl', 'list'])).toEqual({ code: null, stdout: '', stderr: 'the simulated Mac has no command: sudo launchctl list' });
    expect(runner.calls.map((c) => c.file)).toEqual(['launchctl', 'launchctl', 'launchctl', 'kill', 'sudo']);
  });
});
