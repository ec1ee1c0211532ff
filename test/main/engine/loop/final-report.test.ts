// The final report, from a run's data alone: what it says of fixes left at MONITOR (and when they
// were re-tested), of advice-only fixes, of a run stopped before any measurement, and the summary line.
import { describe, expect, it } from 'vitest';
import { FixSchema } from '../../../../shared/fix.ts';
import { finalSummary, renderFinalReport } from '../../../../main/engine/loop/final-report.ts';
import { loopSettings } from '../../../../main/engine/loop/coordinator.ts';
import type { Attempt, LoopState } from '../../../../main/engine/loop/state.ts';
import { loadFixtureFix } from '../../../plex-sim/testing.ts';
import { system } from './measurements.ts';

const at = '2026-02-01T12:00:00.000Z';
const tested = (verdict: 'KEEP' | 'MONITOR' | 'ROLLBACK', report: string) => ({ verdict, criteriaMetPct: 60, why: `Verdict ${verdict}.`, report, decidedAt: at });
const advice = FixSchema.parse({ ...loadFixtureFix('iafd-browser-headers'), id: 'site-layout-advice-gevi', title: 'The site gives no usable data (GEVI): what to do', changes: [], advice: ['Update the agent from its official source.'] });

function state(attempts: Attempt[], change: Partial<LoopState> = {}): LoopState {
  return {
    version: 1,
    runId: '20260201-120000-abcd',
    startedAt: at,
    updatedAt: at,
    status: 'ended',
    phase: 'idle',
    fixId: null,
    settings: loopSettings({ pluginsDir: '/Plug-ins', logsDir: '/Logs', serverUrl: 'http://127.0.0.1:32400' }),
    evaluation: [],
    baseline: system(100, 5),
    iterations: [{ iteration: 1, startedAt: at, endedAt: at, metricsFile: 'iteration_1/metrics_iteration_1.json', diagnosticReport: 'iteration_1/diagnostic_report_iteration_1.md', fixes: [advice], attempts, measurement: system(60, 6), improvementPct: 40 }],
    exit: { reason: 'all-fixes-attempted', text: 'Every fix the diagnosis proposed has been tried; the fresh logs call for no new one.', at },
    finalReport: null,
    ...change,
  };
}

const monitored: Attempt = {
  fixId: 'iafd-skip-gevi',
  title: 'Skip IAFD for GEVI',
  agents: ['GEVI'],
  stage: 'done',
  outcome: 'monitor',
  verdict: 'MONITOR',
  why: 'Verdict MONITOR. Still unproven after the re-test.',
  appliedId: 'x',
  tested: tested('MONITOR', 'iteration_1/test_report_iafd-skip-gevi_iteration_1.md'),
  retest: { due: 'at the end of iteration 1, after its other fixes', done: true, tested: tested('MONITOR', 'iteration_1/test_report_iafd-skip-gevi_iteration_1_run_2.md') },
};

describe('the final report', () => {
  it('shows a MONITOR fix, when it was re-tested and what to do about it', () => {
    const text = renderFinalReport(state([monitored]), [], null, []);
    expect(text).toContain('| 1 | Skip IAFD for GEVI (`iafd-skip-gevi`) | GEVI | MONITOR | left applied, to watch (MONITOR) | Verdict MONITOR. | [test report](iteration_1/test_report_iafd-skip-gevi_iteration_1.md) |');
    expect(text).toContain('| 1 | ↳ re-test of `iafd-skip-gevi` (at the end of iteration 1, after its other fixes) | GEVI | MONITOR | left applied, to watch (MONITOR) | Verdict MONITOR. Still unproven after the re-test. | [test report](iteration_1/test_report_iafd-skip-gevi_iteration_1_run_2.md) |');
    expect(text).toContain('- "Skip IAFD for GEVI" is applied but not proven. Test it again in a few days (agent-doctor test --fix iafd-skip-gevi …), or roll it back: agent-doctor rollback --fix iafd-skip-gevi.');
  });

  it('says a planned re-test did not happen when the run ended first', () => {
    const text = renderFinalReport(state([{ ...monitored, retest: { due: 'at the end of iteration 1, after its other fixes', done: false } }], { exit: { reason: 'user-stop', text: 'You stopped the loop.', at } }), [], null, []);
    expect(text).toContain('↳ re-test of `iafd-skip-gevi` planned at the end of iteration 1, after its other fixes | GEVI | — | not re-tested: the run ended first |');
  });

  it('lists advice-only fixes as never applied', () => {
    expect(renderFinalReport(state([]), [], null, [])).toContain('## Advice only (never applied)\n\n- **The site gives no usable data (GEVI): what to do** (GEVI): Update the agent from its official source.');
  });

  it('numbers come from the measurements: per agent and per iteration', () => {
    const text = renderFinalReport(state([]), [], null, []);
    expect(text).toContain('| GEVI | 10 | 10 → 6 | 50 % → 60 % |');
    expect(text).toContain('| 1 | 0 | 0 | 6 | 40 % |');
    expect(text).toContain('  Total Error Reduction: 40 %');
  });

  it('says plainly when nothing was measured', () => {
    const text = renderFinalReport(state([], { baseline: null, iterations: [] }), [], null, []);
    expect(text).toContain('No measurement was taken: the run ended before the starting point was measured.');
    expect(text).toContain('No fix was tried.');
    expect(text).not.toContain('## Per agent');
  });

  it('never shows the token', () => {
    const text = renderFinalReport(state([{ ...monitored, why: 'A line said Plex Token: abc123secret' }]), [], null, ['abc123secret']);
    expect(text).not.toContain('abc123secret');
  });

  it('sums the run up in one line', () => {
    expect(finalSummary(state([]))).toBe('0 fixes kept, 0 rolled back; actionable errors per refreshed item 10 → 6 (40 % fewer); items updated well 50 % → 60 %. All fixes attempted.');
  });
});
