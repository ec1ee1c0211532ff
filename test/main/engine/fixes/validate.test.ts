// Restart and immediate validation against the simulated Plex Media Server, which loads a
// plug-in's code only when it starts and refuses what Plex's sandbox refuses.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan, listAppliedFixes, planFix, readImplementationLog, restartAndValidate, type IterationContext, type RestartDeps } from '../../../../main/engine/fixes/index.ts';
import { Tailer } from '../../../../main/engine/logs/index.ts';
import type { PlexClient, PlexNotifications } from '../../../../main/engine/plex/index.ts';
import type { Fix } from '../../../../shared/fix.ts';
import type { SimHandle } from '../../../plex-sim/sim.ts';
import { simRunner } from '../../../plex-sim/runner.ts';
import { clientFor, loadFixtureFix, notificationsFor, startTestSim } from '../../../plex-sim/testing.ts';
import { fixOf, GEVI_INIT, threeFileFix, treeHashes } from './workspace.ts';

const FAST = { pollIntervalMs: 25, timeouts: { downMs: 5_000, upMs: 5_000, websocketMs: 5_000, pluginMs: 5_000 } };

/** A change our checker only warns about (an unverified sandbox rule), which the simulated
 *  Plex refuses at load — the kind of surprise immediate validation exists for. */
const dunderFix = (): Fix =>
  fixOf({
    id: 'describe-agent',
    title: 'Give the agent class a readable name',
    changes: [{ kind: 'replace', file: GEVI_INIT, find: "    ''' define Agent class '''\n", replace: "    ''' define Agent class '''\n    def __repr__(self):\n        return 'GEVI agent'\n" }],
  });

describe('restartAndValidate on the simulated Plex', () => {
  let sim: SimHandle;
  let client: PlexClient;
  let notifications: PlexNotifications;
  let tailer: Tailer;
  let dataRoot: string;
  let ctx: IterationContext;
  let deps: RestartDeps;

  async function setUp(order?: RestartDeps['order']): Promise<void> {
    sim = await startTestSim();
    client = clientFor(sim);
    notifications = notificationsFor(client);
    notifications.start();
    tailer = await Tailer.start({ logsDir: sim.sim.logsDir });
    dataRoot = mkdtempSync(join(tmpdir(), 'ad-validate-'));
    const dataDir = join(dataRoot, 'data');
    ctx = { pluginsDir: sim.sim.pluginsDir, dataDir, iterationDir: join(dataDir, 'runs', 'sim', 'iteration_1'), lockDir: join(dataRoot, 'locks'), secrets: [sim.token] };
    deps = { plex: { client, runner: simRunner(sim.controlUrl, { uid: 501 }), notifications, platform: 'darwin', uid: 501 }, tailer, order, ...FAST };
  }
  afterEach(async () => {
    await tailer?.close();
    notifications?.stop();
    await client?.close();
    await sim?.stop();
    rmSync(dataRoot, { recursive: true, force: true });
  });

  async function apply(fix: Fix) {
    const r = await planFix(fix, ctx);
    if (!r.ok) throw r.refusal;
    return applyPlan(r.plan, ctx);
  }

  it('keeps a fix the plug-in starts with, and records the check as measured', async () => {
    await setUp();
    const applied = await apply(loadFixtureFix('iafd-browser-headers'));
    const outcome = await restartAndValidate(applied, ctx, deps);
    expect(outcome.rollback).toBeUndefined();
    expect(outcome.validation).toMatchObject({
      verdict: 'started',
      restart: { strategy: 'plugin-reload', serverVersion: '1.40.1.8227-c0dd5a73e' },
      plugins: [{ identifier: 'com.plexapp.agents.GEVI', state: 'started', criticals: [], detail: expect.stringMatching(/INFO \(core:611\) - Started plug-in$/) }],
    });
    expect(sim.sim.pluginFor('com.plexapp.agents.GEVI')!.code.get('Contents/Code/utils.py')).toContain('headers=IAFD_HEADERS');
    const [entry] = await readImplementationLog(ctx.iterationDir);
    expect(entry).toMatchObject({ event: 'applied', validation: { verdict: 'started' } });
    expect(readFileSync(join(ctx.iterationDir, 'implementation_report_iafd-browser-headers.md'), 'utf8')).toMatch(/Result: \*\*started\*\*\. The plug-in started and logged no CRITICAL line since the restart\./);
  });

  it('restarts and checks every plug-in a fix touches', async () => {
    await setUp();
    const outcome = await restartAndValidate(await apply(threeFileFix()), ctx, deps);
    expect(outcome.validation).toMatchObject({ verdict: 'started', plugins: [{ identifier: 'com.plexapp.agents.GEVI', state: 'started' }, { identifier: 'com.plexapp.agents.AEBN', state: 'started' }] });
    expect(sim.sim.pluginFor('com.plexapp.agents.AEBN')!.code.get('Contents/Code/__init__.py')).toContain("VERSION_NO = '2024.05.24.02'");
  });

  it('rolls back at once a fix the plug-in fails to start with, restarts again, and records why', async () => {
    await setUp();
    const original = treeHashes(sim.sim.pluginsDir);
    const applied = await apply(dunderFix());
    const outcome = await restartAndValidate(applied, ctx, deps);

    expect(outcome.validation).toMatchObject({ verdict: 'failed', plugins: [{ state: 'failed', detail: 'SyntaxError: Line 51: "__repr__" is an invalid variable name because it starts with "_"' }] });
    expect(outcome.rollback?.rolledBack.map((f) => f.fixId)).toEqual(['describe-agent']);
    expect(treeHashes(sim.sim.pluginsDir)).toEqual(original);
    expect(outcome.afterRollback).toMatchObject({ verdict: 'started', plugins: [{ state: 'started' }] });
    expect(sim.sim.pluginFor('com.plexapp.agents.GEVI')!.state).toBe('running');

    const log = await readImplementationLog(ctx.iterationDir);
    expect(log.map((e) => e.event)).toEqual(['applied', 'rolled-back']);
    expect(log[1]).toMatchObject({
      event: 'rolled-back',
      automatic: true,
      reason: 'The plug-in did not start cleanly with the change: com.plexapp.agents.GEVI did not start: SyntaxError: Line 51: "__repr__" is an invalid variable name because it starts with "_"',
      validation: { verdict: 'started' },
    });
    expect((await listAppliedFixes(ctx))[0]).toMatchObject({ state: 'rolled-back' });
    const logText = readFileSync(join(ctx.iterationDir, 'implementation_log.json'), 'utf8');
    expect(logText).not.toContain(sim.token);
  });

  it('rolls back a fix it cannot check because Plex cannot be restarted', async () => {
    await setUp(['launchctl']);
    const original = treeHashes(sim.sim.pluginsDir);
    const applied = await apply(loadFixtureFix('iafd-browser-headers'));
    const outcome = await restartAndValidate(applied, ctx, deps);
    expect(outcome.validation).toMatchObject({ verdict: 'not-restarted', reason: 'Agent Doctor found no way to restart Plex Media Server here.', restart: null });
    expect(outcome.afterRollback).toBeNull();
    expect(treeHashes(sim.sim.pluginsDir)).toEqual(original);
  });
});
