// Resume from the last durable step, wherever the run was stopped at once (the app quitting, Ctrl+C
// twice): the same decisions and the same files as a run nobody interrupted, and no fix applied
// twice. (test/main/cli/loop.test.ts kills a real CLI process with SIGKILL in a change and in a test.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../shared/events.ts';
import { listAppliedFixes } from '../../../../main/engine/fixes/index.ts';
import { createRun, readLoopState, loopStatePath, runLoop } from '../../../../main/engine/loop/index.ts';
import { decisionsOf, EFFECTIVE, startLoopWorld, USELESS, type LoopWorld } from './sim-loop.ts';

interface Outcome {
  decisions: string[];
  hashes: Record<string, string>;
  applied: string[];
}

async function outcomeOf(w: LoopWorld, runDir: string): Promise<Outcome> {
  return {
    decisions: decisionsOf(runDir),
    hashes: w.bundleHashes(),
    applied: (await listAppliedFixes({ dataDir: w.dataDir, pluginsDir: w.sim.sim.pluginsDir })).map((f) => `${f.fixId}:${f.state}`).sort(),
  };
}

let reference: Outcome;
const worlds: LoopWorld[] = [];
afterAll(async () => {
  for (const w of worlds) await w.stop();
});

beforeAll(async () => {
  const w = await startLoopWorld();
  worlds.push(w);
  const { runDir } = await w.run({ reports: w.reports([EFFECTIVE, USELESS]) });
  reference = await outcomeOf(w, runDir);
  expect(reference.decisions).toEqual(['iafd-browser-headers:fix:KEEP:kept', 'iafd-browser-headers:propagation:KEEP:kept', 'iafd-longer-timeout:fix:ROLLBACK:rolled-back']);
}, 90_000);

describe('resuming an interrupted run', { timeout: 90_000 }, () => {
  it.each<[string, (e: EngineEvent) => boolean, string]>([
    ['while the baseline is measured', (e) => e.type === 'message' && e.text.startsWith('Measuring the starting point'), 'aggregate'],
    ['while a fix is proposed (the question is withdrawn, nothing changed)', (e) => e.type === 'needsConfirmation' && e.proposal.fixId === USELESS.id, 'propose'],
    ['while the propagation takes its paired baselines', (e) => e.type === 'progress' && e.fixId === 'iafd-browser-headers-to-aebn' && e.pass === 'baseline', 'test'],
    ['while the propagated change is tested', (e) => e.type === 'progress' && e.fixId === 'iafd-browser-headers-to-gayadult' && e.pass === 'after', 'test'],
    ['while a rolled-back fix restarts its plug-in', (e) => e.type === 'phase' && e.phase === 'decide' && e.fixId === USELESS.id, 'decide'],
    ['while the iteration is measured at its end', (e) => e.type === 'phase' && e.phase === 'aggregate' && e.iteration === 2, 'aggregate'],
  ])('%s', async (_when, trigger, phase) => {
    const w = await startLoopWorld();
    worlds.push(w);
    const { runDir } = await createRun(w.dataDir, { pluginsDir: w.sim.sim.pluginsDir, logsDir: w.sim.sim.logsDir, serverUrl: w.sim.url, items: 5, reports: w.reports([EFFECTIVE, USELESS]) }, new Date());
    const abort = new AbortController();
    const deps = w.deps();
    const notify = deps.ports.notify;
    deps.ports.notify = (e) => {
      notify(e);
      if (!abort.signal.aborted && trigger(e)) abort.abort(new Error('stopped at once'));
    };
    // as the app's engine does: the question is told, and withdrawn when the run stops at once
    const confirm = deps.ports.confirm;
    deps.ports.confirm = async (p) => {
      deps.ports.notify({ type: 'needsConfirmation', at: new Date().toISOString(), proposal: p });
      if (abort.signal.aborted) throw abort.signal.reason;
      return confirm(p);
    };
    await expect(runLoop(runDir, { ...deps, control: { stop: new AbortController().signal, abort: abort.signal } })).rejects.toBeDefined();
    const interrupted = await readLoopState(loopStatePath(runDir));
    expect(interrupted.status).toBe('running');
    expect(interrupted.phase).toBe(phase);

    const state = await runLoop(runDir, w.deps());
    expect(state.status).toBe('ended');
    expect(await outcomeOf(w, runDir)).toEqual(reference);
  });
});
