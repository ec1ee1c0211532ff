// One simulated Plex per test, with everything Phase 4 needs around it: a client, the
// notification socket, a Tailer on the sim's logs, the baseline the sim's history gives, the
// events sent, and a folder for the records.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineEvent } from '../../../../shared/events.ts';
import { FixSchema, type CriterionInput, type Fix } from '../../../../shared/fix.ts';
import type { Metrics } from '../../../../shared/metrics.ts';
import { aggregateLogs, Tailer } from '../../../../main/engine/logs/index.ts';
import type { PlexClient, PlexNotifications } from '../../../../main/engine/plex/index.ts';
import type { VerifyContext } from '../../../../main/engine/verify/index.ts';
import type { ScenarioOverrides } from '../../../plex-sim/scenario.ts';
import type { SimHandle } from '../../../plex-sim/sim.ts';
import { applyFixtureFix, clientFor, loadFixtureFix, notificationsFor, startTestSim } from '../../../plex-sim/testing.ts';

export const GEVI = 'com.plexapp.agents.GEVI';

/** Failure indicators worded the way the engine reads them: each fires when its condition holds.
 *  (The fixture fixes in test/fixtures/plex/fixes/ state most indicators as guards — "newSignatures
 *  atMost 0" — which would fire on every good fix; the tests restate them.) */
export const INDICATORS: CriterionInput[] = [
  { id: 'plugin-fails-to-start', description: 'The plug-in does not start after the change', metric: 'pluginStarted', op: 'equals', target: 0, severity: 'critical' },
  { id: 'new-error-kinds', description: 'Kinds of error appear that were not there before', metric: 'newSignatures', op: 'atLeast', target: 1, severity: 'critical' },
  { id: 'fewer-items-ok', description: 'Fewer of the refreshed items are updated well than before', metric: 'itemSuccessRate', op: 'belowBefore', severity: 'critical' },
];

/** A fixture fix with its changes and success criteria as written, and INDICATORS. */
export const fixtureFix = (id: string): Fix => FixSchema.parse({ ...loadFixtureFix(id), failureIndicators: INDICATORS });

/** A change that does nothing for IAFD: a longer timeout on the refused requests. */
export const USELESS_FIX: Fix = FixSchema.parse({
  ...loadFixtureFix('iafd-browser-headers'),
  id: 'iafd-longer-timeout',
  title: 'Wait longer for IAFD',
  changes: [{ kind: 'replace', file: 'GEVI.bundle/Contents/Code/utils.py', find: 'HTTP.Request(iafdURL, timeout=20, sleep=delay())', replace: 'HTTP.Request(iafdURL, timeout=40, sleep=delay())', occurrences: 3 }],
  failureIndicators: INDICATORS,
});

export interface Harness {
  sim: SimHandle;
  client: PlexClient;
  notifications: PlexNotifications;
  tailer: Tailer;
  ctx: VerifyContext;
  baseline: Metrics;
  events: EngineEvent[];
  /** the iteration folder */
  dir: string;
  /** applies the fix to the sim's bundles (test-only, no backup) and reloads the plug-in */
  applyAndRestart(fix: Fix): Promise<Date>;
  stop(): Promise<void>;
}

/** Short latencies; Plex works on two refreshes at a time, like the test's own bound. */
export async function startHarness(overrides: ScenarioOverrides = {}): Promise<Harness> {
  const sim = await startTestSim({ overrides: { refreshConcurrency: 2, ...overrides, latency: { refreshMs: 80, jitterMs: 20, ...overrides.latency } } });
  const client = clientFor(sim);
  const notifications = notificationsFor(client);
  const tailer = await Tailer.start({ logsDir: sim.sim.logsDir });
  const baseline = await aggregateLogs({ logsDir: sim.sim.logsDir, secrets: [sim.token] });
  const events: EngineEvent[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'verify-run-'));
  const ctx: VerifyContext = { client, notifications, tailer, runId: 'run-1', secrets: [sim.token], notify: (e) => events.push(e) };
  return {
    sim,
    client,
    notifications,
    tailer,
    ctx,
    baseline,
    events,
    dir,
    async applyAndRestart(fix) {
      applyFixtureFix(sim.sim.pluginsDir, fix);
      const changedAt = new Date();
      const started = sim.sim.waitFor('plugin-started', (p) => p.identifier === GEVI);
      await client.restartPlugin(GEVI);
      await started;
      return changedAt;
    },
    async stop() {
      notifications.stop();
      await tailer.close();
      await client.close();
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
