// `agent-doctor demo` (what `npm run demo` runs): the whole loop on the simulated Plex, exit 0, and
// a final report whose numbers are the run's own.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli.ts';
import { finalSummary, LOOP_STATE_FILE, progressOf, readLoopState } from '../../../main/engine/loop/index.ts';
import { captureIO } from '../../helpers/cli-io.ts';

let root: string | undefined;
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('agent-doctor demo', () => {
  it('runs the whole loop on the simulated Plex and ends with the final report of that run', async () => {
    const io = captureIO();
    io.interactive = false;
    const code = await runCli(['demo'], io);
    expect(code, io.stderr.join('\n')).toBe(0);
    root = /Files: (.*)$/.exec(io.stdout[1]!)?.[1];
    expect(io.stdout[0]).toBe('Agent Doctor demo: a simulated Plex Media Server with four sample agents whose IAFD look-ups all fail.');
    expect(io.stdout[1]).toMatch(/^It answers faster than a real Plex \(0\.15 s per refresh instead of about 3 s\), so this takes a minute or two\. Files: /);

    const reportLine = io.stdout.find((l) => l.startsWith('Final report: '))!;
    const reportPath = reportLine.slice('Final report: '.length);
    expect(existsSync(reportPath)).toBe(true);
    const state = await readLoopState(join(dirname(reportPath), LOOP_STATE_FILE));
    expect(state).toMatchObject({ status: 'ended', exit: { reason: 'all-fixes-attempted' } });

    // the fix that works is kept, carried over to the agents with the same utils.py, and the
    // agent with its own utils.py gets its own
    const attempts = state.iterations.flatMap((i) => i.attempts);
    expect(attempts.find((a) => a.fixId === 'iafd-browser-headers-gevi')).toMatchObject({ verdict: 'KEEP', outcome: 'kept', propagation: { outcome: 'kept', siblings: [{ agent: 'AEBN' }, { agent: 'GayAdult' }] } });
    expect(attempts.find((a) => a.fixId === 'iafd-browser-headers-gayhotmovies')).toMatchObject({ verdict: 'KEEP', outcome: 'kept' });

    // the numbers printed and written are those of the run's state
    const p = progressOf(state);
    expect(io.stdout).toContain(`  Fixes Attempted: ${p.fixesAttempted}`);
    expect(io.stdout.some((l) => l.startsWith('LOOP ENDED (all fixes attempted). ') && l.endsWith(finalSummary(state)))).toBe(true);
    const report = readFileSync(reportPath, 'utf8');
    expect(report).toContain(`  Fixes Attempted: ${p.fixesAttempted}\n  Fixes Successful: ${p.fixesKept}\n  Fixes Failed: ${p.fixesRolledBack}`);
    expect(report).toContain(`  Total Error Reduction: ${Math.round(p.errorReductionPct! * 10) / 10} %`);
    expect(p.errorReductionPct).toBeGreaterThan(50);
    expect(io.stdout.at(-1)).toBe(`The demo's files stay in ${root}; delete that folder when you are done.`);
  }, 180_000);
});
