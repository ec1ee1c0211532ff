// `agent-doctor loop`: its invocation errors, and — the real thing — a CLI killed with SIGKILL in
// the middle of a change or of a test, resumed with --resume: the same decisions as a run nobody
// interrupted, and no fix applied twice (sha256 of the bundle files, the list of applied fixes).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli.ts';
import { sandboxSyntaxCheck } from '../../../main/cli/demo.ts';
import { listAppliedFixes } from '../../../main/engine/fixes/index.ts';
import { LoopStateSchema } from '../../../main/engine/loop/index.ts';
import { captureIO } from '../../helpers/cli-io.ts';
import type { SimHandle } from '../../plex-sim/sim.ts';
import { startTestSim } from '../../plex-sim/testing.ts';
import { decisionsOf, EFFECTIVE, expectedHashes, hashesOf, reportText, USELESS } from '../engine/loop/sim-loop.ts';

const BIN = fileURLToPath(new URL('../../../bin/agent-doctor.js', import.meta.url));
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

interface World {
  sim: SimHandle;
  data: string;
  args: string[];
}

async function world(): Promise<World> {
  const sim = await startTestSim({ syntaxCheck: sandboxSyntaxCheck, overrides: { refreshConcurrency: 2, latency: { refreshMs: 60, jitterMs: 20, pluginStartMs: 100 } } });
  const data = mkdtempSync(join(tmpdir(), 'ad-loop-cli-'));
  cleanup.push(() => sim.stop(), () => rmSync(data, { recursive: true, force: true }));
  const report = join(data, 'report.md');
  writeFileSync(report, reportText(1, [EFFECTIVE, USELESS]));
  const args = ['loop', '--yes', '--server', sim.url, '--plugins', sim.sim.pluginsDir, '--logs', sim.sim.logsDir, '--prefs', sim.sim.preferencesPath, '--data', data, '--diagnostic-report', report, '--items', '5'];
  return { sim, data, args };
}

const runDirOf = (data: string): string => {
  const runs = existsSync(join(data, 'runs')) ? readdirSync(join(data, 'runs')) : [];
  return runs.length === 1 ? join(data, 'runs', runs[0]!) : '';
};

const stateOf = (data: string) => {
  const dir = runDirOf(data);
  try {
    return dir ? LoopStateSchema.parse(JSON.parse(readFileSync(join(dir, 'loop_state.json'), 'utf8'))) : undefined;
  } catch {
    return undefined; // between two atomic writes there is always a whole file; a parse race is not one
  }
};

/** Starts the CLI in its own process, kills it with SIGKILL as soon as `when` holds. */
async function killWhen(w: World, when: () => boolean): Promise<{ signal: NodeJS.Signals | null; stdout: string }> {
  const child: ChildProcess = spawn(process.execPath, [BIN, ...w.args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout!.on('data', (d) => (stdout += String(d)));
  child.stderr!.on('data', (d) => (stdout += String(d)));
  const exited = new Promise<{ signal: NodeJS.Signals | null; code: number | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const timer = setInterval(() => {
    if (when()) {
      clearInterval(timer);
      child.kill('SIGKILL');
    }
  }, 3);
  const { signal, code } = await exited;
  clearInterval(timer);
  if (signal !== 'SIGKILL') throw new Error(`the CLI ended by itself (exit ${code}) before it was killed:\n${stdout}`);
  return { signal, stdout };
}

async function resume(w: World): Promise<{ code: number; out: string[] }> {
  const io = captureIO();
  io.interactive = false;
  const code = await runCli(['loop', '--yes', '--resume', join(runDirOf(w.data), 'loop_state.json')], io);
  return { code, out: [...io.stdout, ...io.stderr] };
}

async function appliedOf(w: World) {
  return (await listAppliedFixes({ dataDir: w.data, pluginsDir: w.sim.sim.pluginsDir })).map((f) => `${f.fixId}:${f.state}`).sort();
}

describe('agent-doctor loop', () => {
  let reference: { decisions: string[]; hashes: Record<string, string>; applied: string[] };

  beforeAll(async () => {
    const w = await world();
    const io = captureIO();
    expect(await runCli(w.args, io), io.stderr.join('\n')).toBe(0);
    reference = { decisions: decisionsOf(runDirOf(w.data)), hashes: hashesOf(w.sim.sim.pluginsDir), applied: await appliedOf(w) };
    expect(reference.decisions).toEqual(['iafd-browser-headers:fix:KEEP:kept', 'iafd-browser-headers:propagation:KEEP:kept', 'iafd-longer-timeout:fix:ROLLBACK:rolled-back']);
    expect(io.stdout).toContain('  Fixes Attempted: 2');
    expect(io.stdout.some((l) => l.startsWith('LOOP ENDED (all fixes attempted).'))).toBe(true);
    expect(io.stdout.some((l) => l.startsWith('Final report: ') && l.endsWith('final_improvement_report.md'))).toBe(true);
    for (const c of cleanup.splice(0).reverse()) await c();
  }, 120_000);

  it('killed with SIGKILL while a fix is being applied, --resume ends with the same decisions, and no fix applied twice', async () => {
    const w = await world();
    // the journal exists only while a change to the agent files is under way
    await killWhen(w, () => existsSync(join(w.data, 'journal')) && readdirSync(join(w.data, 'journal')).some((f) => f.endsWith('.json')));
    // killed between "pretested" (saved before the change) and "applied" (saved after it)
    expect(['pretested', 'applied']).toContain(stateOf(w.data)?.iterations[0]?.attempts[0]?.stage);

    const { code, out } = await resume(w);
    expect(code, out.join('\n')).toBe(0);
    expect(decisionsOf(runDirOf(w.data))).toEqual(reference.decisions);
    expect(hashesOf(w.sim.sim.pluginsDir)).toEqual(reference.hashes);
    expect(await appliedOf(w)).toEqual(reference.applied);
    expect(stateOf(w.data)).toMatchObject({ status: 'ended', exit: { reason: 'all-fixes-attempted' } });
  }, 120_000);

  it('killed with SIGKILL while a fix is being tested, --resume tests it again and ends with the same decisions', async () => {
    const w = await world();
    let refreshing = false;
    w.sim.sim.events.on('refresh-started', () => {
      refreshing ||= stateOf(w.data)?.iterations[0]?.attempts[0]?.stage === 'validated';
    });
    await killWhen(w, () => refreshing);
    const interrupted = stateOf(w.data)!;
    expect(interrupted.iterations[0]!.attempts[0]).toMatchObject({ fixId: 'iafd-browser-headers', stage: 'validated' });

    const { code, out } = await resume(w);
    expect(code, out.join('\n')).toBe(0);
    expect(out[0]).toMatch(/^Resuming run \d{8}-\d{6}-[0-9a-f]{4} /);
    expect(decisionsOf(runDirOf(w.data))).toEqual(reference.decisions);
    expect(hashesOf(w.sim.sim.pluginsDir)).toEqual(reference.hashes);
    expect(await appliedOf(w)).toEqual(reference.applied);
  }, 120_000);

  it('stops with what Plex said and the resume command when Plex fails during a run; --resume then ends with the same decisions', async () => {
    const w = await world();
    w.sim.sim.setFaults({ serverErrors: [{ path: '/refresh$', status: 500, times: 1_000_000 }] });
    const io = captureIO();
    expect(await runCli(w.args, io)).toBe(1);
    const state = join(runDirOf(w.data), 'loop_state.json');
    expect(io.stderr[0]).toBe(`The run was not finished; resume it with: agent-doctor loop --resume ${state}`);
    expect(io.stderr[1]).toMatch(new RegExp(`^Plex Media Server at ${w.sim.url.replace(/[.]/g, '\\.')} failed on PUT /library/metadata/\\d+/refresh \\(HTTP 500\\)\\.$`));
    expect(stateOf(w.data)).toMatchObject({ status: 'running' });

    w.sim.sim.setFaults({ serverErrors: [] });
    const resumed = await resume(w);
    expect(resumed.code, resumed.out.join('\n')).toBe(0);
    expect(decisionsOf(runDirOf(w.data))).toEqual(reference.decisions);
    expect(hashesOf(w.sim.sim.pluginsDir)).toEqual(reference.hashes);
    expect(await appliedOf(w)).toEqual(reference.applied);
  });

  it('in a terminal, asks before each change and after each iteration; "no" to "Continue?" stops the loop', async () => {
    const w = await world();
    const reports = [join(w.data, 'one.md'), join(w.data, 'two.md')];
    writeFileSync(reports[0]!, reportText(1, [EFFECTIVE]));
    writeFileSync(reports[1]!, reportText(2, [USELESS]));
    const io = captureIO(['maybe', 'yes', 'skip', 'no']);
    const args = w.args.filter((a) => a !== '--yes');
    const at = args.indexOf('--diagnostic-report');
    args.splice(at, 2, '--diagnostic-report', reports[0]!, '--diagnostic-report', reports[1]!);
    expect(await runCli(args, io), io.stderr.join('\n')).toBe(0);
    expect(io.stdout).toContain('IMPLEMENTING: Send a browser User-Agent with every IAFD request');
    expect(io.stdout).toContain('Please answer yes, no or skip.');
    expect(io.stdout).toContain('IMPLEMENTING: Carry "Send a browser User-Agent with every IAFD request" over to AEBN, GayAdult');
    expect(io.stdout).toContain('ITERATION 1 COMPLETE');
    expect(io.stdout.some((l) => l.startsWith('LOOP ENDED (stopped by you).'))).toBe(true);
    expect(hashesOf(w.sim.sim.pluginsDir)).toEqual(expectedHashes([{ fix: EFFECTIVE }]));
  }, 120_000);

  it.each([
    ['once: stops at the next safe point, with the final report', 1, 0, /^LOOP ENDED \(stopped by you\)\./m],
    ['twice: stops at once and says how to resume', 2, 1, /^Resume with: agent-doctor loop --resume .*loop_state\.json$/m],
  ])('Ctrl+C %s', async (_what, times, exitCode, says) => {
    const w = await world();
    const child = spawn(process.execPath, [BIN, ...w.args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let sent = 0;
    // a signal is not queued: the second Ctrl+C comes once the first was heard
    const onData = (d: Buffer) => {
      out += String(d);
      const due = sent === 0 ? out.includes('Testing "Send a browser User-Agent with every IAFD request" with the change') : out.includes('Stopping at the next safe point');
      if (sent < times && due) {
        sent += 1;
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code, out).toBe(exitCode);
    expect(out).toContain('Stopping at the next safe point');
    expect(out).toMatch(says);
    expect(stateOf(w.data)?.status).toBe(times === 1 ? 'ended' : 'running');
  }, 120_000);

  it('refuses to resume a run that has ended', async () => {
    const w = await world();
    const io = captureIO();
    expect(await runCli(w.args, io)).toBe(0);
    const again = captureIO();
    expect(await runCli(['loop', '--yes', '--resume', join(runDirOf(w.data), 'loop_state.json')], again)).toBe(1);
    expect(again.stderr[0]).toMatch(/^The run \S+ has already ended \(all fixes attempted\)\.$/);
  }, 120_000);

  it.each([
    [['--resume', 'x.json', '--items', '3'], /^--resume carries on with the run's own settings; leave out --items\./],
    [['--max-iterations', '0'], /^--max-iterations must be a whole number ≥ 1 and ≤ 50 \(got "0"\)/],
    [['--items', 'many'], /^--items must be a whole number/],
  ])('refuses %j as a wrong invocation (exit 2)', async (extra, message) => {
    const io = captureIO();
    expect(await runCli(['loop', '--yes', ...extra], io)).toBe(2);
    expect(io.stderr[0]).toMatch(message);
  });

  it('without --yes and without a terminal, asks nobody and changes nothing', async () => {
    const io = captureIO();
    expect(await runCli(['loop', '--data', mkdtempSync(join(tmpdir(), 'ad-loop-cli-'))], io)).toBe(1);
    expect(io.stderr).toEqual(['Nothing was changed: there is no one to answer the questions here (not a terminal).', 'Run it in a terminal, or add --yes to answer yes to every question.']);
  });

  it.each([
    ['a report that is not there', (w: World) => ['--diagnostic-report', join(w.data, 'nope.md')], /^Cannot read the diagnostic report .*nope\.md \(no such file\)\.$/],
    ['a report without a usable fix', (w: World) => (writeFileSync(join(w.data, 'bad.md'), '# Diagnostic report\n\n```json\n{"id": "x"}\n```\n'), ['--diagnostic-report', join(w.data, 'bad.md')]), /bad\.md cannot be used: line \d+ /],
    ['a folder that is not the Plex logs folder', (w: World) => ['--logs', w.data], /^There is no "PMS Plugin Logs" folder in /],
    ['a Plug-ins folder that is not there', (w: World) => ['--plugins', join(w.data, 'nope')], /^The Plug-ins folder .*nope does not exist\.$/],
  ])('refuses %s before a run begins, and leaves no run behind', async (_what, extra, message) => {
    const w = await world();
    const io = captureIO();
    expect(await runCli([...w.args, ...extra(w)], io)).toBe(1);
    expect(io.stderr[0]).toMatch(message);
    expect(existsSync(join(w.data, 'runs'))).toBe(false);
    expect(hashesOf(w.sim.sim.pluginsDir)).toEqual(expectedHashes([]));
  });

  it('says plainly when the state to resume is missing or damaged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ad-loop-cli-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const io = captureIO();
    expect(await runCli(['loop', '--yes', '--resume', join(dir, 'loop_state.json')], io)).toBe(1);
    expect(io.stderr[0]).toBe(`There is no loop state at ${join(dir, 'loop_state.json')}.`);
    writeFileSync(join(dir, 'loop_state.json'), '{"version": 1}');
    const damaged = captureIO();
    expect(await runCli(['loop', '--yes', '--resume', join(dir, 'loop_state.json')], damaged)).toBe(1);
    expect(damaged.stderr[0]).toMatch(/^The loop state .* has an unexpected shape/);
    expect(readFileSync(join(dir, 'loop_state.json'), 'utf8')).toBe('{"version": 1}');
  });
});
