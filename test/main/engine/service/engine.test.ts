// The engine behind the app, on the simulated Plex: every operation of EngineService, answered
// the way the popover would answer it, checked against the IPC contract's schemas.
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../../../shared/events.ts';
import { defaultSettings, EngineStatusSchema, FixResultSchema, HistorySchema, RollbackResultSchema, ScanSummarySchema, type Settings } from '../../../../shared/ipc.ts';
import { sandboxSyntaxCheck } from '../../../../main/cli/demo.ts';
import { readLoopState, loopStatePath } from '../../../../main/engine/loop/index.ts';
import { createEngine, type Engine, type EngineServiceOptions } from '../../../../main/engine/service/index.ts';
import type { SimHandle } from '../../../plex-sim/sim.ts';
import { startTestSim } from '../../../plex-sim/testing.ts';
import { hashesOf } from '../loop/sim-loop.ts';

interface World {
  sim: SimHandle;
  data: string;
  engine: Engine;
  events: EngineEvent[];
  settings: Settings;
  options: EngineServiceOptions;
  /** a new engine on the same data folder (the app opened again) */
  reopen(): Promise<Engine>;
}

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) {
    await w.engine.dispose();
    await w.sim.stop();
    rmSync(w.data, { recursive: true, force: true });
  }
});

async function world(change: Partial<Settings> = {}, { saveToken = true } = {}): Promise<World> {
  const sim = await startTestSim({ syntaxCheck: sandboxSyntaxCheck, overrides: { refreshConcurrency: 2, latency: { refreshMs: 60, jitterMs: 20, pluginStartMs: 100 } } });
  const data = mkdtempSync(join(tmpdir(), 'engine-service-'));
  const settings: Settings = { ...defaultSettings(), serverUrl: sim.url, pluginsDir: sim.sim.pluginsDir, logsDir: sim.sim.logsDir, itemsPerTest: 5, ...change };
  const options: EngineServiceOptions = { lockDir: join(data, 'locks'), preferencesPath: sim.sim.preferencesPath, env: {}, restart: { pollIntervalMs: 40 }, pass: { pollIntervalMs: 100 }, backoff: { initialMs: 50, maxMs: 400 }, configureChecker: false };
  const config = { dataDir: join(data, 'Agent Doctor'), wasmDir: '', appVersion: '0.1.0', settings, token: saveToken ? sim.token : null };
  const events: EngineEvent[] = [];
  const engine = await createEngine(config, options);
  engine.subscribe((e) => events.push(e));
  const w: World = {
    sim,
    data,
    engine,
    events,
    settings,
    options,
    async reopen() {
      w.engine = await createEngine(config, options);
      w.engine.subscribe((e) => events.push(e));
      return w.engine;
    },
  };
  worlds.push(w);
  return w;
}

/** Answers every question the loop asks, the way a person in the popover would. */
function answerWith(w: World, answer: (e: Extract<EngineEvent, { type: 'needsConfirmation' }>) => 'proceed' | 'skip' | 'no' = () => 'proceed'): () => void {
  return w.engine.subscribe((e) => {
    if (e.type === 'needsConfirmation') setImmediate(() => void w.engine.answerProposal({ fixId: e.proposal.fixId, answer: answer(e) }));
  });
}

const ended = (w: World) =>
  new Promise<Extract<EngineEvent, { type: 'loopEnded' }>>((resolve) => {
    const off = w.engine.subscribe((e) => {
      if (e.type === 'loopEnded') {
        off();
        resolve(e);
      }
    });
  });

const question = (w: World) =>
  new Promise<EngineEvent>((resolve) => {
    const off = w.engine.subscribe((e) => {
      if (e.type === 'needsConfirmation' || e.type === 'needsManualRestart') {
        off();
        resolve(e);
      }
    });
  });

describe('the engine service', { timeout: 90_000 }, () => {
  it('runs the loop the popover starts: questions, status, history, results, reports, rollback', async () => {
    const w = await world();
    const first = question(w);
    const { runId } = await w.engine.startLoop();

    // the loop waits for the first answer: the status says what it waits for
    const asked = await first;
    expect(asked).toMatchObject({ type: 'needsConfirmation', proposal: { fixId: 'iafd-browser-headers-gevi' } });
    const waiting = EngineStatusSchema.parse(await w.engine.getStatus());
    expect(waiting.run).toMatchObject({ runId, iteration: 1, phase: 'propose', fixId: 'iafd-browser-headers-gevi', stopping: false });
    expect(waiting.run!.loop).toMatchObject({ fixesAttempted: 0, statusLine: 'First iteration under way' });
    expect(waiting.pending).toMatchObject({ kind: 'proposal', proposal: { fixId: 'iafd-browser-headers-gevi' } });
    expect(waiting.plex).toEqual({ serverUrl: w.sim.url, connected: true, version: '1.40.1.8227-c0dd5a73e', problem: null });
    expect(waiting.folders).toEqual({ plugins: w.sim.sim.pluginsDir, logs: w.sim.sim.logsDir, data: join(w.data, 'Agent Doctor') });
    await expect(w.engine.startLoop()).rejects.toMatchObject({ code: 'loop-running' });
    await expect(w.engine.answerProposal({ fixId: 'not-asked', answer: 'proceed' })).rejects.toMatchObject({ code: 'no-such-question' });
    await expect(w.engine.continueRestart()).rejects.toMatchObject({ code: 'no-restart-asked' });

    const end = ended(w);
    answerWith(w);
    await w.engine.answerProposal({ fixId: 'iafd-browser-headers-gevi', answer: 'proceed' });
    const loopEnded = await end;
    expect(loopEnded).toMatchObject({ runId, exitReason: 'all-fixes-attempted' });

    const status = EngineStatusSchema.parse(await w.engine.getStatus());
    expect(status.run).toBeNull();
    expect(status.pending).toBeNull();
    expect(status.resumable).toBeNull();
    expect(status.lastResult).toMatchObject({ runId, iteration: 1 });
    const gevi = status.agents.find((a) => a.agent === 'GEVI')!;
    expect(gevi.errorRate.length).toBeGreaterThanOrEqual(3); // the aggregation, the baseline, the closing measurement
    expect(w.events.filter((e) => e.type === 'testFinished').map((e) => (e as { fixId: string }).fixId)).toContain('iafd-browser-headers-gevi');

    const history = HistorySchema.parse(await w.engine.getHistory());
    expect(history.runs).toHaveLength(1);
    expect(history.runs[0]).toMatchObject({ runId, exitReason: 'all-fixes-attempted', hasFinalReport: true });
    const fixes = history.runs[0]!.iterations[0]!.fixes;
    expect(fixes.find((f) => f.ref.fixId === 'iafd-browser-headers-gevi')).toMatchObject({ verdict: 'KEEP', applied: true, rolledBack: false });
    expect(fixes.find((f) => f.ref.fixId === 'iafd-browser-headers-gevi-to-aebn')).toMatchObject({ verdict: 'KEEP', applied: true });

    const ghm = { runId, iteration: 1, fixId: 'iafd-browser-headers-gayhotmovies' };
    const res = FixResultSchema.parse(await w.engine.getResult(ghm));
    expect(res).toMatchObject({ ref: ghm, applied: true, decision: { verdict: 'KEEP' } });
    expect(res.items.length).toBeGreaterThan(0);
    await expect(w.engine.getResult({ runId, iteration: 1, fixId: 'never-tried' })).rejects.toMatchObject({ code: 'result-missing' });

    for (const ref of [{ kind: 'final', runId }, { kind: 'diagnostic', runId, iteration: 1 }, { kind: 'implementation', ...ghm }, { kind: 'test', ...ghm }] as const) {
      expect(existsSync(await w.engine.reportPath(ref)), ref.kind).toBe(true);
    }
    await expect(w.engine.reportPath({ kind: 'diagnostic', runId, iteration: 7 })).rejects.toMatchObject({ code: 'report-missing' });
    expect(w.engine.reportsFolder()).toBe(join(w.data, 'Agent Doctor', 'runs'));

    // one-click rollback: the file back as shipped, the plug-in restarted, the history says so
    const before = hashesOf(w.sim.sim.pluginsDir)['GayHotMovies/Contents/Code/utils.py'];
    const rolled = RollbackResultSchema.parse(await w.engine.rollback(ghm));
    expect(rolled).toMatchObject({ ref: ghm, files: ['GayHotMovies.bundle/Contents/Code/utils.py'] });
    expect(rolled.text).toMatch(/^Rolled back "Send browser-like headers with GayHotMovies's IAFD requests": 1 file restored from the backup and checked \(sha256\)\. Restarted: /);
    expect(hashesOf(w.sim.sim.pluginsDir)['GayHotMovies/Contents/Code/utils.py']).not.toBe(before);
    const after = HistorySchema.parse(await w.engine.getHistory());
    expect(after.runs[0]!.iterations[0]!.fixes.find((f) => f.ref.fixId === ghm.fixId)).toMatchObject({ applied: false, rolledBack: true });
    await expect(w.engine.rollback(ghm)).rejects.toMatchObject({ code: 'already-rolled-back' });

    for (const e of w.events) expect(e).not.toHaveProperty('token');
    expect(JSON.stringify(w.events)).not.toContain(w.sim.token);
  });

  it('stop: a stop while a question is open ends the loop there, with its final report', async () => {
    const w = await world();
    const first = question(w);
    await w.engine.startLoop();
    await first;
    const end = ended(w);
    expect(await w.engine.stopLoop()).toBeNull();
    expect(await end).toMatchObject({ exitReason: 'user-stop' });
    await expect(w.engine.stopLoop()).rejects.toMatchObject({ code: 'loop-not-running' });
  });

  it('one click on Roll back while the loop runs stops the loop at its next safe point, then rolls back', async () => {
    const w = await world();
    const kept = new Promise<{ runId: string; iteration: number; fixId: string }>((resolve) => {
      w.engine.subscribe((e) => {
        if (e.type === 'testFinished' && e.verdict === 'KEEP') resolve({ runId: e.runId, iteration: e.iteration, fixId: e.fixId });
      });
    });
    answerWith(w, (e) => (e.proposal.fixId.startsWith('carry-') ? 'skip' : 'proceed'));
    const end = ended(w);
    await w.engine.startLoop();
    const ref = await kept; // the loop goes on with its next fix
    const rolled = RollbackResultSchema.parse(await w.engine.rollback(ref));
    expect(await end).toMatchObject({ exitReason: 'user-stop' });
    expect(rolled.text).toMatch(/^Stopped the loop first\. Rolled back "[^"]+": 1 file restored from the backup and checked \(sha256\)\./);
    expect(EngineStatusSchema.parse(await w.engine.getStatus()).run).toBeNull();
    const file = rolled.files[0]!;
    expect(readFileSync(join(w.sim.sim.pluginsDir, file))).toEqual(readFileSync(join(import.meta.dirname, '../../../fixtures/bundles', file)));
  });

  it('tells the popover what Plex said when a run stops on a Plex failure, and offers to resume it', async () => {
    const w = await world();
    w.sim.sim.setFaults({ serverErrors: [{ path: '/refresh$', status: 500, times: 1_000_000 }] });
    answerWith(w);
    const failed = new Promise<EngineEvent>((resolve) => w.engine.subscribe((e) => e.type === 'message' && e.level === 'error' && resolve(e)));
    await w.engine.startLoop();
    expect(await failed).toMatchObject({ text: expect.stringMatching(/^Plex Media Server at \S+ failed on PUT \/library\/metadata\/\d+\/refresh \(HTTP 500\)\./) });
    await vi.waitFor(async () => expect(EngineStatusSchema.parse(await w.engine.getStatus()).resumable).not.toBeNull(), { timeout: 5_000 });
  });

  it('quit in the middle of a run, open again: the run is offered for resuming and resumes where it stopped', async () => {
    const w = await world();
    answerWith(w, (e) => (e.proposal.fixId.startsWith('carry-') ? 'skip' : 'proceed'));
    const testing = new Promise<void>((resolve) => {
      const off = w.engine.subscribe((e) => {
        if (e.type === 'progress' && e.pass === 'after') {
          off();
          resolve();
        }
      });
    });
    const { runId } = await w.engine.startLoop();
    await testing;
    await w.engine.dispose(); // the app quits while the first fix is being tested

    const again = await w.reopen();
    expect((await again.recover()).actions).toEqual([]);
    const status = EngineStatusSchema.parse(await again.getStatus());
    expect(status.resumable).toMatchObject({ runId, iteration: 1, summary: expect.stringMatching(/^Stopped in iteration 1 while working on "Send browser-like headers with GEVI's IAFD requests" \(step: validated\)\.$/) });
    expect(status.run).toBeNull();

    const end = ended(w);
    answerWith(w, (e) => (e.proposal.fixId.startsWith('carry-') ? 'skip' : 'proceed'));
    expect(await again.resumeLoop()).toEqual({ runId });
    expect(await end).toMatchObject({ runId, exitReason: 'all-fixes-attempted' });
    const state = await readLoopState(loopStatePath(join(w.data, 'Agent Doctor', 'runs', runId)));
    expect(state.iterations[0]!.attempts[0]).toMatchObject({ fixId: 'iafd-browser-headers-gevi', verdict: 'KEEP', outcome: 'kept' });
    await expect(again.resumeLoop()).rejects.toMatchObject({ code: 'nothing-to-resume' });
  });

  it('asks the person to restart Plex when that is the only way, and carries on when told', async () => {
    const w = await world({ restartOrder: ['manual'] });
    answerWith(w, (e) => (e.proposal.fixId === 'iafd-browser-headers-gevi' ? 'proceed' : 'no'));
    const asked = new Promise<void>((resolve) => {
      const off = w.engine.subscribe((e) => {
        if (e.type === 'needsManualRestart') {
          off();
          resolve();
        }
      });
    });
    const end = ended(w);
    await w.engine.startLoop();
    await asked;
    expect((await w.engine.getStatus()).pending).toEqual({ kind: 'manualRestart', text: expect.stringMatching(/^Quit Plex Media Server/) });
    await w.sim.sim.restart(); // the person quits Plex and opens it again
    await w.engine.continueRestart().catch(() => null); // Plex coming back may already have ended the question
    expect(await end).toMatchObject({ exitReason: 'user-stop' });
  });

  it('scans the logs on demand and keeps the scan for the sparklines', async () => {
    const w = await world();
    const scan = ScanSummarySchema.parse(await w.engine.scanLogs());
    expect(scan.agents.map((a) => a.agent).sort()).toEqual(['AEBN', 'GEVI', 'GayAdult', 'GayHotMovies']);
    expect(scan.agents.find((a) => a.agent === 'GEVI')).toMatchObject({ itemsWithOutcome: 20, failedItems: 5 });
    const status = EngineStatusSchema.parse(await w.engine.getStatus());
    expect(status.agents.find((a) => a.agent === 'GEVI')!.errorRate).toEqual([{ at: scan.generatedAt, rate: 0.25, itemsWithOutcome: 20 }]);
  });

  it('redacts a token it found in the Plex preferences by itself, in a shape no pattern knows', async () => {
    const w = await world({}, { saveToken: false });
    const log = join(w.sim.sim.logsDir, 'PMS Plugin Logs', 'com.plexapp.agents.GEVI.log');
    const stamp = readFileSync(log, 'utf8').trimEnd().split('\n').at(-1)!.slice(0, 23);
    appendFileSync(log, `${stamp} (7f1d) :  ERROR (sandbox:19) - GEVI  - odd failure, key ${w.sim.token} refused\n`);
    await w.engine.scanLogs();
    expect(w.engine.knownSecrets()).toEqual([w.sim.token]);
    const scans = join(w.data, 'Agent Doctor', 'scans');
    const written = readdirSync(scans).map((f) => readFileSync(join(scans, f), 'utf8')).join('');
    expect(written).toContain('odd failure, key <redacted> refused');
    expect(written).not.toContain(w.sim.token);
  });

  it('finds the token in the Plex preferences, and says where', async () => {
    const w = await world();
    expect(await w.engine.discoverToken()).toEqual({ token: w.sim.token, source: `${w.sim.sim.preferencesPath} (Preferences.xml)` });
  });

  it('says what is wrong when Plex does not answer, and refuses settings it cannot use', async () => {
    const w = await world();
    await w.sim.sim.quit();
    const status = EngineStatusSchema.parse(await w.engine.getStatus());
    const down = `Plex Media Server is not answering at ${w.sim.url} (connection refused).`;
    expect(status.plex).toMatchObject({ connected: false, version: null, problem: expect.stringContaining(down) });
    expect(w.events.filter((e) => e.type === 'plex')).toEqual([expect.objectContaining({ connected: false })]);
    await expect(w.engine.startLoop()).rejects.toMatchObject({ message: down, hint: 'Start Plex Media Server (or check the server address), then try again.' });
    await expect(w.engine.configure({ dataDir: w.data, wasmDir: '', appVersion: '0.1.0', settings: { ...w.settings, itemsPerTest: 0 }, token: null })).rejects.toMatchObject({ code: 'settings-invalid', message: expect.stringMatching(/^The settings cannot be used: itemsPerTest: /) });
  });

  it('finishes an interrupted change at start-up and says what it did', async () => {
    const w = await world();
    expect(await w.engine.recover()).toEqual({ actions: [] });
    // a Plug-ins folder that is not there has nothing to recover
    await w.engine.configure({ dataDir: join(w.data, 'Agent Doctor'), wasmDir: '', appVersion: '0.1.0', settings: { ...w.settings, pluginsDir: join(w.data, 'nope') }, token: null });
    expect(await w.engine.recover()).toEqual({ actions: [] });
  });
});
