import { afterEach, describe, expect, it } from 'vitest';
import { parseProposalAnswer, planFix, proposalFor, renderProposal, PROCEED_QUESTION, type Plan } from '../../../../main/engine/fixes/index.ts';
import type { Metrics } from '../../../../shared/metrics.ts';
import { agentMetrics, metricsOf } from '../../../helpers/metrics.ts';
import { loadFixtureFix } from '../../../plex-sim/testing.ts';
import { makeWorkspace, type Workspace } from './workspace.ts';

let ws: Workspace;
afterEach(() => ws?.cleanup());

const at = '2026-02-01T10:00:00.000Z';
const item = (rk: string, outcome: 'ok' | 'failed' | 'unknown') => ({ ratingKey: rk, outcome, signatures: {}, markers: {}, lastSeen: at });
const metrics: Metrics = metricsOf(
  [
    agentMetrics('GEVI', [item('1', 'ok'), item('2', 'failed'), item('3', 'failed'), item('4', 'unknown')], {
      records: 900,
      signatures: {
        'iafd-url-error': { id: 'iafd-url-error', severity: 'warn', actionable: true, items: 12, count: 45, examples: [] },
        'iafd-cast-search': { id: 'iafd-cast-search', severity: 'warn', actionable: true, items: 1, count: 1, examples: [] },
      },
      firstRecord: at,
      lastRecord: at,
    }),
  ],
  { generatedAt: at, window: { since: null, until: at } },
);

async function plan(): Promise<Plan> {
  const r = await planFix(loadFixtureFix('iafd-browser-headers'), ws.ctx);
  if (!r.ok) throw r.refusal;
  return r.plan;
}

describe('the proposal card', () => {
  it('puts the measured numbers next to what the diagnosis expects', async () => {
    ws = makeWorkspace();
    const p = proposalFor(await plan(), metrics);
    expect(p).toMatchObject({ fixId: 'iafd-browser-headers', title: 'Send a browser User-Agent with every IAFD request', iteration: 1, agents: ['GEVI'], files: ['GEVI.bundle/Contents/Code/utils.py'] });
    expect(p.before.slice(3)).toEqual([
      'Measured (GEVI): iafd-url-error on 12 items (45 log lines).',
      'Measured (GEVI): iafd-film-search not seen in the logs read.',
      'Measured (GEVI): iafd-cast-search on 1 item (1 log line).',
      'Measured (GEVI): iafd-director-search not seen in the logs read.',
      'Measured (GEVI): 1 of 3 items updated well (33 %), 2 failed, 1 unknown.',
    ]);
    expect(p.successCriteria).toEqual(['IAFD URL errors per item down by at least 20 %', 'More films found on IAFD']);
    const indicators = loadFixtureFix('iafd-browser-headers').failureIndicators;
    expect(p.failureIndicators).toEqual(indicators.map((c) => (c.severity === 'critical' ? `${c.description} (critical: rolls the fix back)` : c.description)));
    expect(p.failureIndicators[0]).toMatch(/ \(critical: rolls the fix back\)$/);
    expect(p.diff).toMatch(/^\+IAFD_HEADERS = /m);
  });

  it('says plainly when it has no numbers, instead of making some up', async () => {
    ws = makeWorkspace();
    expect(proposalFor(await plan(), null).before.at(-1)).toBe('Measured: no metrics were given, so the current numbers are not shown.');
    const other = { ...metrics, agents: {} };
    expect(proposalFor(await plan(), other).before.at(-1)).toBe('Measured (GEVI): no log records of this agent in the logs read.');
  });

  it('renders like the seed\'s box, ending before the question', async () => {
    ws = makeWorkspace();
    const lines = renderProposal(proposalFor(await plan(), metrics));
    expect(lines.slice(0, 4)).toEqual(['═'.repeat(63), 'IMPLEMENTING: Send a browser User-Agent with every IAFD request', '═'.repeat(63), 'Fix iafd-browser-headers · iteration 1 · agent GEVI']);
    expect(lines).toContain('BEFORE IMPLEMENTATION:');
    expect(lines).toContain('AFTER IMPLEMENTATION (EXPECTED):');
    expect(lines).toContain('  ✓ IAFD URL errors per item down by at least 20 %');
    expect(lines).toContain('  · GEVI.bundle/Contents/Code/utils.py');
    expect(lines.filter((l) => l.startsWith('  +IAFD_HEADERS'))).toHaveLength(1);
    expect(lines.at(-1)).toBe('═'.repeat(63));
    expect(PROCEED_QUESTION).toBe('Proceed? (yes/no/skip): ');
  });

  it.each([
    ['yes', 'proceed'],
    ['Y', 'proceed'],
    [' no ', 'no'],
    ['n', 'no'],
    ['skip', 'skip'],
    ['s', 'skip'],
    ['maybe', undefined],
    ['', undefined],
  ])('reads the answer %j as %s', (text, answer) => {
    expect(parseProposalAnswer(text)).toBe(answer);
  });
});
