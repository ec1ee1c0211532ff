import { afterEach, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { mkdtemp, mkdir, rm, symlink, writeFile, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MetricsSchema, itemCounts } from '../../../../shared/metrics.ts';
import { aggregateLogs } from '../../../../main/engine/logs/aggregate.ts';
import { UserError } from '../../../../main/engine/errors.ts';

const SAMPLES = fileURLToPath(new URL('../../../fixtures/logs/', import.meta.url));
const TZ = 'Europe/Berlin';

describe('aggregateLogs over the sample logs (test/fixtures/logs)', () => {
  it('reads every agent log, rotated files included, into valid Metrics', async () => {
    const m = MetricsSchema.parse(await aggregateLogs({ logsDir: SAMPLES, timeZone: TZ }));
    expect(Object.keys(m.agents)).toEqual(['AEBN', 'GayAdult', 'GEVI']); // localmedia is Plex's own
    expect(m.timeZone).toBe(TZ);
    expect(m.skipped).toEqual([]);
    expect(m.files.map((f) => f.path).sort()).toEqual([
      'PMS Plugin Logs/com.plexapp.agents.AEBN.log',
      'PMS Plugin Logs/com.plexapp.agents.GEVI.log',
      'PMS Plugin Logs/com.plexapp.agents.GEVI.log.1',
      'PMS Plugin Logs/com.plexapp.agents.GayAdult.log',
      'PMS Plugin Logs/com.plexapp.system.log',
      'Plex Media Server.log',
    ]);
  });

  it('counts each file\'s bytes once, the first file read too', async () => {
    const m = await aggregateLogs({ logsDir: SAMPLES, timeZone: TZ });
    for (const f of m.files) expect([f.path, f.bytes]).toEqual([f.path, statSync(join(SAMPLES, f.path)).size]);
  });

  it('gives GEVI its starts in order (the rotated file first), items and outcomes', async () => {
    const gevi = (await aggregateLogs({ logsDir: SAMPLES, timeZone: TZ, agents: ['GEVI'] })).agents.GEVI!;
    expect(gevi.pluginStarts).toEqual([
      { at: '2026-02-01T10:02:58.402Z', ok: false, reason: 'SyntaxError: Line 104: "__file__" is an invalid variable name because it starts with "_"' },
      { at: '2026-02-02T04:27:40.329Z', ok: true },
    ]);
    expect(gevi.firstRecord).toBe('2026-02-01T10:02:58.100Z');
    expect(Object.fromEntries(Object.values(gevi.items).map((i) => [i.ratingKey, [i.outcome, i.title]]))).toEqual({
      '431': ['ok', 'Freaks 4'],
      '463': ['failed', 'Freaks 5'],
      '502': ['failed', 'Stoned & Boned'],
      '777': ['failed', undefined],
    });
    expect(gevi.items['463']!.file).toBe('/Volumes/Media/Films/Freaks 5.mp4'); // from Plex Media Server.log
    expect(gevi.items['431']!.markers).toEqual({ 'found-on-iafd': false, genres: 4, cast: 12 });
    expect(gevi.signatures['iafd-cast-search']).toMatchObject({ items: 1, count: 2 });
    expect(gevi.signatures['title-match-failure']).toMatchObject({ items: 1, count: 2 });
    expect(gevi.signatures['startup-resource-hashes']).toMatchObject({ severity: 'noise', count: 4, items: 0 });
    expect(gevi.unknownPatterns.map((u) => u.key)).toEqual(["agentkit: Exception when calling function '…' (most recent call last):"]);
    expect(gevi.unattributed).toBe(2); // the periodic site check and the refused start
  });

  it('counts AEBN\'s rejected candidates per item, and the failures from the system log', async () => {
    const aebn = (await aggregateLogs({ logsDir: SAMPLES, timeZone: TZ, agents: ['AEBN'] })).agents.AEBN!;
    expect(aebn.signatures['title-match-failure']).toMatchObject({ items: 1, count: 5 });
    expect(itemCounts(Object.values(aebn.items))).toEqual({ ok: 1, failed: 2, unknown: 0, withOutcome: 3 });
    expect(aebn.items['612']!.outcomeReason).toBe('empty scrape (dump: cast 0, genres 0)');
    expect(aebn.items['640']!.signatures).toEqual({ 'agent-update-exception': 1, 'system-update-failed': 2 });
  });

  it('keeps no token and no home-folder user name in what it writes', async () => {
    const json = JSON.stringify(await aggregateLogs({ logsDir: SAMPLES, timeZone: TZ }));
    expect(json).not.toContain('FAKEplexTOKEN0123456789ab');
    expect(json).not.toContain('/Users/alice');
  });

  it('applies the window to every record', async () => {
    const m = await aggregateLogs({ logsDir: SAMPLES, timeZone: TZ, since: new Date('2026-02-02T04:40:00Z') });
    expect(Object.keys(m.agents)).toEqual(['GEVI']);
    const gevi = m.agents.GEVI!;
    expect(gevi.pluginStarts).toEqual([]);
    expect(gevi.signatures['title-match-failure']).toBeUndefined();
    expect(gevi.signatures['restricted-name']).toBeUndefined();
    expect(Object.keys(gevi.items).sort()).toEqual(['431', '463', '502', '777']);
  });
});

describe('aggregateLogs on bad input: nothing crashes, every skip is counted with its reason', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const HEAD = '2026-02-02 05:46:31,058 (171f73000) :  ERROR (networking:197) - Error opening URL \'https://www.cduniverse.com/x\'';
  async function folder(files: Record<string, string | Buffer>): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'ad-logs-'));
    await mkdir(join(dir, 'PMS Plugin Logs'));
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, 'PMS Plugin Logs', name), content);
    return dir;
  }
  const skipped = (m: Awaited<ReturnType<typeof aggregateLogs>>) => Object.fromEntries(m.skipped.map((s) => [`${s.file.replace('PMS Plugin Logs/', '')} ${s.reason}`, s.count]));

  it('binary garbage, invalid UTF-8, a 10 MB line, CRLF, a truncated last line, an empty file', async () => {
    let seed = 7;
    const garbage = Buffer.alloc(256 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    garbage[0] = 0x89; // like a PNG
    garbage[5] = 0;
    const logs = await folder({
      'com.plexapp.agents.Garbage.log': garbage,
      'com.plexapp.agents.Latin.log': Buffer.concat([Buffer.from(`${HEAD}\n`), Buffer.from('2026-02-02 05:46:32,000 (171f73000) :  ERROR (agentkit:1) - caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
      'com.plexapp.agents.Huge.log': Buffer.concat([Buffer.from(`${HEAD}\n`), Buffer.alloc(10 * 1024 * 1024, 'x'), Buffer.from(`\n${HEAD}\n`)]),
      'com.plexapp.agents.Windows.log': `${HEAD}\r\n${HEAD}\r\n`,
      'com.plexapp.agents.Cut.log': `${HEAD}\n${HEAD.slice(0, 100)}`,
      'com.plexapp.agents.Empty.log': '',
      'com.plexapp.agents.Orphans.log': `  File "x.py", line 1\n${HEAD}\n`,
    });
    await utimes(join(logs, 'PMS Plugin Logs', 'com.plexapp.agents.Cut.log'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const m = MetricsSchema.parse(await aggregateLogs({ logsDir: logs, timeZone: 'UTC' }));
    expect(skipped(m)).toEqual({
      'com.plexapp.agents.Garbage.log binary': 1,
      'com.plexapp.agents.Latin.log invalid-utf8': 1,
      'com.plexapp.agents.Huge.log line-too-long': 1,
      'com.plexapp.agents.Cut.log truncated-line': 1,
      'com.plexapp.agents.Empty.log empty': 1,
      'com.plexapp.agents.Orphans.log unparsed-line': 1,
    });
    expect(m.agents.Latin!.unknownPatterns[0]!.examples[0]).toContain('caf\uFFFD');
    expect(m.agents.Huge!.signatures['site-url-error']!.count).toBe(2);
    expect(m.agents.Windows!.signatures['site-url-error']!.examples[0]).not.toContain('\r');
    expect(m.agents.Windows!.records).toBe(2);
    expect(m.agents.Cut!.records).toBe(2); // the quiet file's last line is read as it is
    expect(m.agents.Garbage?.records ?? 0).toBe(0);
  });

  it('tells a first read of an item\'s saved data (harmless) from a failed read-back of data Plex saved earlier', async () => {
    const model = '/Plex Media Server/Metadata/Movies/c/dbbadc.bundle/Contents/com.plexapp.agents.GayAdult';
    const at = (s: number, level: string, module: string, msg: string) => `2026-02-02 05:46:${String(s).padStart(2, '0')},000 (7a7d) :  ${level} (${module}) - ${msg}`;
    const logs = await folder({
      'com.plexapp.agents.GayAdult.log': [
        at(1, 'ERROR', 'model:205', `Cannot read model from ${model}`),
        at(2, 'DEBUG', 'model:227', `Serializing to ${model}`),
        at(3, 'ERROR', 'model:205', `Cannot read model from ${model}`),
        at(4, 'ERROR', 'model:205', `Cannot read model from ${model}2`),
        '',
      ].join('\n'),
    });
    const sigs = (await aggregateLogs({ logsDir: logs, timeZone: 'UTC' })).agents.GayAdult!.signatures;
    expect(sigs['model-read-first']).toMatchObject({ severity: 'info', actionable: false, count: 2 });
    expect(sigs['model-read-repeat']).toMatchObject({ severity: 'warn', actionable: true, count: 1 });
  });

  it('does not read a file last written before the window', async () => {
    const logs = await folder({ 'com.plexapp.agents.Old.log': `${HEAD}\n`, 'com.plexapp.agents.New.log': `${HEAD}\n` });
    await utimes(join(logs, 'PMS Plugin Logs', 'com.plexapp.agents.Old.log'), new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    const m = await aggregateLogs({ logsDir: logs, timeZone: 'UTC', since: new Date('2026-02-01T00:00:00Z') });
    expect(m.files.map((f) => f.path)).toEqual(['PMS Plugin Logs/com.plexapp.agents.New.log']);
    expect(Object.keys(m.agents)).toEqual(['New']);
  });

  it('leaves the partial last line of a file still being written for the next read, and says so', async () => {
    const logs = await folder({ 'com.plexapp.agents.Live.log': `${HEAD}\n${HEAD.slice(0, 100)}` });
    const m = await aggregateLogs({ logsDir: logs, timeZone: 'UTC' });
    expect(m.agents.Live!.records).toBe(1);
    expect(m.skipped).toEqual([expect.objectContaining({ reason: 'truncated-line', count: 1, detail: expect.stringMatching(/still being written/) })]);
  });

  it('unreadable files: a folder where a log should be, a link to nothing', async () => {
    const logs = await folder({ 'com.plexapp.agents.Good.log': `${HEAD}\n` });
    await mkdir(join(logs, 'PMS Plugin Logs', 'com.plexapp.agents.Folder.log'));
    await symlink(join(logs, 'nowhere'), join(logs, 'PMS Plugin Logs', 'com.plexapp.agents.Dangling.log.1'));
    const m = await aggregateLogs({ logsDir: logs, timeZone: 'UTC' });
    expect(m.agents.Good!.records).toBe(1);
    expect(skipped(m)).toEqual({ 'com.plexapp.agents.Folder.log unreadable': 1 });
    expect(m.skipped[0]!.detail).toBe('not a regular file');
    // a dangling link is a rotated file that is gone: nothing to read, nothing lost
  });
});

describe('aggregateLogs: what it says when it cannot start', () => {
  it('names the folder that does not exist', async () => {
    const err = await aggregateLogs({ logsDir: '/no/such/folder' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('logs-missing');
    expect((err as UserError).message).toContain('/no/such/folder');
  });

  it('says where it looked when the folder holds no agent log', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ad-empty-'));
    try {
      const err = (await aggregateLogs({ logsDir: empty }).catch((e: unknown) => e)) as UserError;
      expect(err.code).toBe('logs-empty');
      expect(err.message).toContain(join(empty, 'PMS Plugin Logs'));
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('lists the agents there are when asked for one that has no log', async () => {
    const err = (await aggregateLogs({ logsDir: SAMPLES, agents: ['GEV'] }).catch((e: unknown) => e)) as UserError;
    expect(err.code).toBe('unknown-agent');
    expect(err.hint).toBe('Agents with logs: AEBN, GayAdult, GEVI.');
  });

  it('rejects an unknown time zone', async () => {
    await expect(aggregateLogs({ logsDir: SAMPLES, timeZone: 'Nowhere/Land' })).rejects.toThrow(/not a time zone/);
  });
});
