// A baseline of past refreshes written before the sim starts, so that aggregation finds the
// failures a real Mac would have in its logs: one plug-in session that began `hoursAgo` hours
// ago, then each item refreshed `refreshesPerItem` times, in the same grammar as live refreshes.
import { keyedRandom } from './rng.ts';
import { writeRefreshEnd, writeRefreshStart } from './refresh.ts';
import type { SimPlex } from './sim.ts';
import type { Scenario } from './scenario.ts';

export async function writeHistory(sim: SimPlex, history: NonNullable<Scenario['history']>): Promise<void> {
  const end = Date.now() - 5 * 60_000;
  const begin = Date.now() - history.hoursAgo * 3_600_000;
  const started = new Date(begin);
  sim.pmsLog.rollover();
  sim.writePmsStartup(started);
  await sim.system.start(sim.host, started);
  for (const p of sim.plugins.values()) await p.start(sim.host, started);

  const states = [...sim.items.values()].slice(0, history.items);
  const rand = keyedRandom(sim.scenario.seed, 'history');
  const runs = Array.from({ length: history.refreshesPerItem }, () => [...states].sort(() => rand() - 0.5)).flat();
  const step = (end - begin - 60_000) / Math.max(1, runs.length);
  const refreshMs = sim.scenario.latency.refreshMs;
  runs.forEach((state, i) => {
    const at = begin + 60_000 + i * step;
    writeRefreshStart(sim, state, new Date(at));
    const plugin = sim.pluginFor(state.section.agent);
    const running = plugin?.state === 'running';
    if (running) sim.writeAgentWork(state, plugin, sim.outcomeFor(state, plugin), new Date(at + refreshMs / 2));
    state.refreshes++;
    writeRefreshEnd(sim, state, new Date(at + refreshMs), running, 0);
    if (running) state.updatedAt = Math.floor((at + refreshMs) / 1000);
  });
}
