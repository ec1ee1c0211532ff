// Loop benchmark (`npm run bench loop`): `agent-doctor demo` end to end as a person runs it (a new
// process, the whole loop on the simulated Plex), then the same loop in this process with every
// phase timed, and the cost of the state the loop saves after every transition. Figures, with the
// target beside each; nothing here asserts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineEvent } from '../shared/events.ts';
import { DEMO_SCENARIO, sandboxSyntaxCheck } from '../main/cli/demo.ts';
import { createRun, loopStatePath, readLoopState, runLoop } from '../main/engine/loop/index.ts';
import { writeLoopState } from '../main/engine/loop/state.ts';
import { execFileRunner } from '../main/engine/ports.ts';
import { findToken } from '../main/engine/plex/index.ts';
import { openPlexSession } from '../main/engine/service/plex-session.ts';
import { startSim } from '../test/plex-sim/sim.ts';

const line = (what: string, value: string, target = '') => process.stdout.write(`${what.padEnd(56)} ${value.padStart(12)}${target ? `   target ${target}` : ''}\n`);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

// 1. the demo as `npm run demo` runs it
const bin = fileURLToPath(new URL('../bin/agent-doctor.js', import.meta.url));
const t0 = performance.now();
const demo = spawnSync(process.execPath, [bin, 'demo'], { encoding: 'utf8' });
const demoMs = performance.now() - t0;
line('agent-doctor demo, wall time (new process)', s(demoMs), '< 180 s');
line('  exit code', String(demo.status), '0');
const demoRoot = /Files: (.*)$/m.exec(demo.stdout)?.[1];
if (demoRoot) rmSync(demoRoot, { recursive: true, force: true });

// 2. the same loop, every phase timed
const root = mkdtempSync(join(tmpdir(), 'loop-bench-'));
const sim = await startSim({ dataDir: join(root, 'plex'), scenario: DEMO_SCENARIO, syntaxCheck: sandboxSyntaxCheck });
const dataDir = join(root, 'data');
const session = await openPlexSession({ serverUrl: sim.url, credentials: await findToken({ env: {}, preferencesPath: sim.sim.preferencesPath }), dataDir, logsDir: sim.sim.logsDir, appVersion: 'bench' });
const phaseMs = new Map<string, number>();
let refreshes = 0;
let current: { phase: string; at: number } | undefined;
const close = (now: number) => {
  if (current) phaseMs.set(current.phase, (phaseMs.get(current.phase) ?? 0) + now - current.at);
};
try {
  const { runDir } = await createRun(dataDir, { pluginsDir: sim.sim.pluginsDir, logsDir: sim.sim.logsDir, serverUrl: sim.url, preferencesPath: sim.sim.preferencesPath }, new Date());
  sim.sim.events.on('refresh-ended', () => (refreshes += 1));
  const started = performance.now();
  await runLoop(runDir, {
    dataDir,
    session,
    control: { stop: new AbortController().signal, abort: new AbortController().signal },
    ports: {
      runner: execFileRunner,
      confirm: async () => 'proceed',
      notify: (e: EngineEvent) => {
        if (e.type !== 'phase') return;
        const now = performance.now();
        close(now);
        current = { phase: e.phase, at: now };
      },
    },
  });
  const ended = performance.now();
  close(ended);
  const total = ended - started;
  line('the loop in-process, wall time', s(total));
  // what the simulated Plex itself spends: each refresh 0.15 s (±0.05), two at a time
  const simRefreshMs = (refreshes * 150) / 2;
  line('  refreshes Plex did', String(refreshes));
  line('  of which Plex-side time (refreshes × 0.15 s ÷ 2)', s(simRefreshMs));
  line('  everything else (our work, plug-in starts, checks)', `${((1 - simRefreshMs / total) * 100).toFixed(0)} %`);
  for (const [phase, ms] of [...phaseMs].sort((a, b) => b[1] - a[1])) line(`  phase ${phase}`, s(ms), '');

  // 3. the state saved after every transition
  const state = await readLoopState(loopStatePath(runDir));
  const n = 50;
  const w0 = performance.now();
  for (let i = 0; i < n; i++) await writeLoopState(runDir, state);
  const perWrite = (performance.now() - w0) / n;
  line('loop_state.json at the end of the run', `${(statSync(loopStatePath(runDir)).size / 1024).toFixed(0)} KB`);
  line('  one atomic save (write, fsync, rename, fsync folder)', `${perWrite.toFixed(1)} ms`, '< 50 ms');
  const r0 = performance.now();
  for (let i = 0; i < n; i++) await readLoopState(loopStatePath(runDir));
  line('  one read back through the schema', `${((performance.now() - r0) / n).toFixed(1)} ms`, '< 50 ms');
} finally {
  await session.close();
  await sim.stop();
  rmSync(root, { recursive: true, force: true });
}
