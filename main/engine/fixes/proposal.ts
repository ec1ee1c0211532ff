// The proposal card (the seed's "IMPLEMENTING …" box), as data for the popover and the CLI:
// what the diagnosis expects, next to what the metrics measured — numbers only from the
// metrics, and a plain "not measured" where they have none (lessons #21).
import type { Metrics } from '../../../shared/metrics.ts';
import { itemCounts } from '../../../shared/metrics.ts';
import { ProposalSchema, type Proposal, type ProposalAnswer } from '../../../shared/proposal.ts';
import { runPosition } from './context.ts';
import type { Plan } from './plan.ts';

export function proposalFor(plan: Plan, metrics: Metrics | null): Proposal {
  const { fix } = plan;
  return ProposalSchema.parse({
    fixId: fix.id,
    title: fix.title,
    iteration: runPosition(plan.iterationDir).iteration,
    agents: fix.agents,
    before: [...fix.before, ...measured(plan, metrics)],
    after: fix.after,
    successCriteria: fix.successCriteria.map((c) => c.description),
    failureIndicators: fix.failureIndicators.map((c) => (c.severity === 'critical' ? `${c.description} (critical: rolls the fix back)` : c.description)),
    files: plan.files.map((f) => f.rel),
    diff: plan.diff,
    warnings: plan.warnings,
  });
}

/** "Measured: …" lines for each agent of the fix: its addressed signatures and its items. */
function measured(plan: Plan, metrics: Metrics | null): string[] {
  if (!metrics) return ['Measured: no metrics were given, so the current numbers are not shown.'];
  const lines: string[] = [];
  for (const name of plan.fix.agents) {
    const agent = metrics.agents[name] ?? Object.values(metrics.agents).find((a) => a.agent.toLowerCase() === name.toLowerCase());
    if (!agent) {
      lines.push(`Measured (${name}): no log records of this agent in the logs read.`);
      continue;
    }
    for (const id of plan.fix.signatures) {
      const s = agent.signatures[id];
      lines.push(s ? `Measured (${name}): ${id} on ${s.items} ${s.items === 1 ? 'item' : 'items'} (${s.count} log ${s.count === 1 ? 'line' : 'lines'}).` : `Measured (${name}): ${id} not seen in the logs read.`);
    }
    const c = itemCounts(Object.values(agent.items));
    lines.push(
      c.withOutcome === 0
        ? `Measured (${name}): no item with a known outcome in the logs read.`
        : `Measured (${name}): ${c.ok} of ${c.withOutcome} items updated well (${Math.round((c.ok / c.withOutcome) * 100)} %), ${c.failed} failed${c.unknown ? `, ${c.unknown} unknown` : ''}.`,
    );
  }
  return lines;
}

/** yes/y → proceed, no/n → no, skip/s → skip; anything else → undefined (ask again). */
export function parseProposalAnswer(text: string): ProposalAnswer | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'yes' || t === 'y') return 'proceed';
  if (t === 'no' || t === 'n') return 'no';
  if (t === 'skip' || t === 's') return 'skip';
  return undefined;
}

const RULE = '═'.repeat(63);
export const PROCEED_QUESTION = 'Proceed? (yes/no/skip): ';

/** The card as terminal lines, laid out like the seed's box; the caller asks PROCEED_QUESTION. */
export function renderProposal(p: Proposal): string[] {
  const section = (title: string, mark: string, items: readonly string[]) => (items.length ? ['', `${title}:`, ...items.map((i) => `  ${mark} ${i}`)] : []);
  return [
    RULE,
    `IMPLEMENTING: ${p.title}`,
    RULE,
    `Fix ${p.fixId} · iteration ${p.iteration} · ${p.agents.length === 1 ? 'agent' : 'agents'} ${p.agents.join(', ')}`,
    ...section('BEFORE IMPLEMENTATION', '•', p.before),
    ...section('AFTER IMPLEMENTATION (EXPECTED)', '•', p.after),
    ...section('SUCCESS CRITERIA', '✓', p.successCriteria),
    ...section('FAILURE INDICATORS', '✗', p.failureIndicators),
    ...section('FILES CHANGED', '·', p.files),
    ...section('WORTH A LOOK', '!', p.warnings),
    '',
    'CHANGES:',
    ...p.diff.trimEnd().split('\n').map((l) => `  ${l}`),
    RULE,
  ];
}
