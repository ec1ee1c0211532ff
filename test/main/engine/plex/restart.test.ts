import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectRestartStrategies, MANUAL_RESTART_TEXT, restartPlex, type RestartContext } from '../../../../main/engine/plex/restart.ts';
import type { PlexClient } from '../../../../main/engine/plex/client.ts';
import type { PlexNotifications } from '../../../../main/engine/plex/notifications.ts';
import type { SimHandle } from '../../../plex-sim/sim.ts';
import { simRunner, type SimRunner } from '../../../plex-sim/runner.ts';
import { fileLogProbe } from '../../../plex-sim/log-probe.ts';
import { clientFor, notificationsFor, startTestSim } from '../../../plex-sim/testing.ts';

const GEVI = 'com.plexapp.agents.GEVI';
const FAST = { pollIntervalMs: 25, timeouts: { downMs: 5_000, upMs: 5_000, websocketMs: 5_000, pluginMs: 5_000 } };

describe('restart strategies against the simulated Mac', () => {
  let sim: SimHandle;
  let client: PlexClient;
  let notifications: PlexNotifications;
  let runner: SimRunner;

  async function setUp(scenarioName = 'fast', extra: Partial<RestartContext> = {}): Promise<RestartContext> {
    sim = await startTestSim({ scenarioName });
    client = clientFor(sim);
    notifications = notificationsFor(client);
    notifications.start();
    runner = simRunner(sim.controlUrl, { uid: 501 });
    return { client, runner, notifications, probe: fileLogProbe(sim.sim.pluginLogsDir), platform: 'darwin', uid: 501, ...extra };
  }
  afterEach(async () => {
    notifications?.stop();
    await client?.close();
    await sim?.stop();
  });
  /** the argv that changed something, detection commands left out */
  const actions = () => runner.calls.filter((c) => !(c.file === 'pgrep' || (c.file === 'launchctl' && (c.argv[0] === 'list' || c.argv[0] === 'print'))));

  it('detects, cheapest first, what this Mac offers', async () => {
    const ctx = await setUp('fast', { askUser: async () => undefined });
    expect((await detectRestartStrategies(ctx, { scope: 'plugin', identifier: GEVI })).map((s) => s.id)).toEqual(['plugin-reload', 'app-quit', 'sigterm', 'manual']);
    expect(await detectRestartStrategies(ctx, { scope: 'server', order: ['manual', 'sigterm'] })).toEqual([
      { id: 'manual', detail: 'the person quits and reopens Plex' },
      { id: 'sigterm', detail: `pid ${sim.sim.pid}` },
    ]);
    expect(await detectRestartStrategies({ ...ctx, platform: 'linux' }, { scope: 'server' })).toEqual([{ id: 'manual', detail: 'the person quits and reopens Plex' }]);
  });

  it('finds a launchd job with launchctl list / print', async () => {
    const ctx = await setUp('launchd');
    expect((await detectRestartStrategies(ctx, { scope: 'server' }))[0]).toEqual({ id: 'launchctl', detail: 'gui/501/com.plexapp.mediaserver' });
    expect(runner.calls.slice(0, 2)).toEqual([
      { file: 'launchctl', argv: ['list'] },
      { file: 'launchctl', argv: ['print', 'gui/501/com.plexapp.mediaserver'] },
    ]);
  });

  it('reloads one plug-in over HTTP and confirms "Started plug-in" in its fresh log', async () => {
    const ctx = await setUp();
    const report = await restartPlex(ctx, { scope: 'plugin', identifier: GEVI, ...FAST });
    expect(report).toMatchObject({ strategy: 'plugin-reload', failed: [], serverVersion: '1.40.1.8227-c0dd5a73e', websocket: 'open', plugin: { state: 'started' } });
    expect(actions()).toEqual([]);
  });

  it('restarts Plex with launchctl kickstart -k when a launchd job runs it', async () => {
    const ctx = await setUp('launchd');
    const report = await restartPlex(ctx, { scope: 'server', identifier: GEVI, order: ['launchctl'], ...FAST });
    expect(report).toMatchObject({ strategy: 'launchctl', websocket: 'open', plugin: { state: 'started' } });
    expect(actions()).toEqual([{ file: 'launchctl', argv: ['kickstart', '-k', 'gui/501/com.plexapp.mediaserver'] }]);
  });

  it('quits the app with osascript, waits until it is gone, and opens it again', async () => {
    const ctx = await setUp();
    const report = await restartPlex(ctx, { scope: 'server', identifier: GEVI, order: ['app-quit'], ...FAST });
    expect(report).toMatchObject({ strategy: 'app-quit', websocket: 'open', plugin: { state: 'started' } });
    expect(actions()).toEqual([
      { file: 'osascript', argv: ['-e', 'tell application id "com.plexapp.plexmediaserver" to quit'] },
      { file: 'open', argv: ['-b', 'com.plexapp.plexmediaserver'] },
    ]);
    expect(runner.calls.some((c) => c.file === 'pgrep' && c.argv.join(' ') === '-x Plex Media Server')).toBe(true);
  });

  it('falls back to SIGTERM of the pgrep pid, then opens the app', async () => {
    const ctx = await setUp();
    const pid = String(sim.sim.pid);
    const report = await restartPlex(ctx, { scope: 'server', order: ['sigterm'], ...FAST });
    expect(report.strategy).toBe('sigterm');
    expect(actions()).toEqual([
      { file: 'kill', argv: ['-TERM', pid] },
      { file: 'open', argv: ['-b', 'com.plexapp.plexmediaserver'] },
    ]);
  });

  it('asks the person and carries on when it sees Plex go and come back', async () => {
    const asked: string[] = [];
    const ctx = await setUp('fast', {
      askUser: (text) => {
        asked.push(text);
        void sim.sim.restart(); // the person quits and reopens Plex; they never click "done"
        return new Promise(() => undefined);
      },
    });
    const report = await restartPlex(ctx, { scope: 'server', identifier: GEVI, order: ['manual'], ...FAST });
    expect(asked).toEqual([MANUAL_RESTART_TEXT]);
    expect(report).toMatchObject({ strategy: 'manual', websocket: 'open', plugin: { state: 'started' } });
    expect(runner.calls.filter((c) => c.file !== 'pgrep')).toEqual([]);
  });

  it('asks the person when Plex does not come back after a quit', async () => {
    const ctx = await setUp('never-comes-back', {
      askUser: async () => {
        sim.sim.setFaults({ neverComesBack: false });
        await sim.sim.open();
      },
    });
    const report = await restartPlex(ctx, { scope: 'server', order: ['app-quit', 'sigterm', 'manual'], ...FAST, timeouts: { ...FAST.timeouts, upMs: 300 } });
    expect(report.strategy).toBe('manual');
    expect(report.failed).toEqual([{ id: 'app-quit', reason: 'Plex Media Server did not answer within 0.3 s' }]);
  });

  it('says so when nothing can restart Plex here', async () => {
    const ctx = await setUp();
    await expect(restartPlex({ ...ctx, platform: 'linux' }, { scope: 'server', ...FAST })).rejects.toThrow(/found no way to restart Plex Media Server/);
  });

  it('detects a plug-in that fails to start, with the reason from its log', async () => {
    const ctx = await setUp();
    const utils = join(sim.sim.pluginsDir, 'GEVI.bundle', 'Contents', 'Code', 'utils.py');
    const source = readFileSync(utils, 'utf8');
    writeFileSync(utils, source.replace('def setAgent(name):', 'def _add_pgma_stubs_to_path():\n    pass\n\ndef setAgent(name):'));
    const line = source.split('\n').findIndex((l) => l.startsWith('def setAgent(name):')) + 1;
    const report = await restartPlex(ctx, { scope: 'plugin', identifier: GEVI, ...FAST });
    expect(report.strategy).toBe('plugin-reload');
    expect(report.plugin).toMatchObject({
      state: 'failed',
      reason: `SyntaxError: Line ${line}: "_add_pgma_stubs_to_path" is an invalid variable name because it starts with "_"`,
    });
  });
});
