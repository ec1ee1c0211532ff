// Phase 4 benchmark (`npm run bench verify`): time-to-verdict on the simulated Plex with a real
// Plex's scripted latencies — a plug-in restart takes 8 s, one item's refresh 3 s, Plex works on
// two items at a time, 20 items are tested two at a time. What the sim spends is known exactly
// (8 s + 20 / 2 × 3 s = 38 s after the change, 30 s for the paired pre-test), so our own
// overhead is the rest: detecting each end, the HTTP round trips, reading the fresh log lines,
// evaluating and writing the report. Figures, with the target beside each.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixSchema } from '../shared/fix.ts';
import { aggregateLogs, Tailer } from '../main/engine/logs/index.ts';
import { restartPlex } from '../main/engine/plex/index.ts';
import { execFileRunner } from '../main/engine/ports.ts';
import { planTest, postTest, preTest, type VerifyContext } from '../main/engine/verify/index.ts';
import { fileLogProbe } from '../test/plex-sim/log-probe.ts';
import { applyFixtureFix, clientFor, loadFixtureFix, notificationsFor, startTestSim } from '../test/plex-sim/testing.ts';

const RESTART_MS = 8_000;
const REFRESH_MS = 3_000;
const ITEMS = 20;
const CONCURRENCY = 2;
const GEVI = 'com.plexapp.agents.GEVI';
/** how often the restart looks at the plug-in's log for its start line */
const RESTART_POLL_MS = 250;

const line = (what: string, value: string, target: string) => process.stdout.write(`${what.padEnd(52)} ${value.padStart(14)}   target ${target}\n`);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const pct = (part: number, whole: number) => `${((part / whole) * 100).toFixed(1)} %`;

const sim = await startTestSim({
  scenarioName: 'default',
  overrides: { refreshConcurrency: CONCURRENCY, latency: { refreshMs: REFRESH_MS, jitterMs: 0, pluginStartMs: RESTART_MS } },
});
const client = clientFor(sim);
const notifications = notificationsFor(client);
const tailer = await Tailer.start({ logsDir: sim.sim.logsDir });
const dir = mkdtempSync(join(tmpdir(), 'verify-bench-'));
const ctx: VerifyContext = { client, notifications, tailer, runId: 'bench', secrets: [sim.token] };
const fix = FixSchema.parse({
  ...loadFixtureFix('iafd-browser-headers'),
  failureIndicators: [
    { id: 'plugin-fails-to-start', description: 'The plug-in does not start after the change', metric: 'pluginStarted', op: 'equals', target: 0, severity: 'critical' },
    { id: 'new-error-kinds', description: 'Kinds of error appear that were not there before', metric: 'newSignatures', op: 'atLeast', target: 1, severity: 'critical' },
  ],
});

try {
  const baseline = await aggregateLogs({ logsDir: sim.sim.logsDir, secrets: [sim.token] });
  const planned = performance.now();
  const plan = await planTest(client, { fix, baseline, maxItems: ITEMS });
  const planMs = performance.now() - planned;

  const scriptedPass = Math.ceil(plan.items.length / CONCURRENCY) * REFRESH_MS;
  const preStart = performance.now();
  const before = await preTest(ctx, plan, { concurrency: CONCURRENCY });
  const preMs = performance.now() - preStart;

  applyFixtureFix(sim.sim.pluginsDir, fix);
  const changedAt = new Date();
  let pluginStartedAt = 0;
  void sim.sim.waitFor('plugin-started', (p) => p.identifier === GEVI, 60_000).then(() => (pluginStartedAt = performance.now()));
  const t0 = performance.now();
  const restart = await restartPlex({ client, runner: execFileRunner, notifications, probe: fileLogProbe(sim.sim.pluginLogsDir) }, { scope: 'plugin', identifier: GEVI, pollIntervalMs: RESTART_POLL_MS });
  const restarted = performance.now();
  const result = await postTest(ctx, { fix, plan, baseline, before, iteration: 1, dir, changedAt }, { concurrency: CONCURRENCY });
  const verdictAt = performance.now();

  const total = verdictAt - t0;
  const scripted = RESTART_MS + scriptedPass;
  const overhead = total - scripted;
  const restartLag = restarted - pluginStartedAt;
  const passMs = verdictAt - restarted;

  process.stdout.write(`${plan.items.length} items, ${CONCURRENCY} at a time; plug-in restart ${s(RESTART_MS)}, refresh ${s(REFRESH_MS)} per item (scripted in the sim)\n`);
  process.stdout.write(`verdict: ${result.decision.verdict} (${result.decision.reasons[0]})\n`);
  line('time to verdict (restart → report written)', s(total), `scripted ${s(scripted)} + overhead`);
  line('  of which the sim scripted', s(scripted), '—');
  line('  our overhead (total − scripted)', s(overhead), `≤ ${s(scripted / 9)} (10 % of the total)`);
  line('  overhead / total', pct(overhead, total), '≤ 10 %');
  line('  restart: plug-in started → restart confirmed', s(restartLag), `≤ ${s(RESTART_POLL_MS + 500)} (log poll ${RESTART_POLL_MS} ms)`);
  line('  test after the fix: refresh, read, decide, write', s(passMs), `scripted ${s(scriptedPass)}`);
  line('  … its overhead per item', s((passMs - scriptedPass) / plan.items.length), '—');
  line('paired pre-test (20 refreshes)', s(preMs), `scripted ${s(scriptedPass)}`);
  line('  its overhead / total', pct(preMs - scriptedPass, preMs), '≤ 10 %');
  line('plan: choose 20 items, confirm each in Plex', s(planMs), '< 1 s');
  line('restart report (plex module)', s(restart.elapsedMs), `scripted ${s(RESTART_MS)}`);
} finally {
  notifications.stop();
  await tailer.close();
  await client.close();
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
}
