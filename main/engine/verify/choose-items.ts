// Which items prove a fix (lessons #14): the fix's own agents, the items whose records showed the
// signatures it addresses, most recent first; when there are too few, other failed items of the
// same agents fill the sample, and the notes say so. Pure: baseline metrics in, candidates out.
import type { Fix } from '../../../shared/fix.ts';
import type { AgentMetrics, ItemRecord, Metrics } from '../../../shared/metrics.ts';
import { UserError } from '../errors.ts';

export const DEFAULT_TEST_ITEMS = 20;

export interface TestAgent {
  /** short name as in Metrics, e.g. "GEVI" */
  agent: string;
  /** CFBundleIdentifier, e.g. "com.plexapp.agents.GEVI" */
  identifier: string;
}

export interface Candidate {
  agent: string;
  ratingKey: string;
  title: string | undefined;
  guid: string | undefined;
  reason: 'addressed-signature' | 'other-failure';
}

export interface Choice {
  agents: TestAgent[];
  candidates: Candidate[];
  notes: string[];
}

/** The fix's agents as the baseline names them; agents the baseline never saw are left out (noted). */
export function agentsOf(baseline: Metrics, fix: Pick<Fix, 'agents'>): { agents: AgentMetrics[]; missing: string[] } {
  const agents: AgentMetrics[] = [];
  const missing: string[] = [];
  for (const wanted of fix.agents) {
    const w = wanted.toLowerCase();
    const found = Object.values(baseline.agents).find((a) => a.agent.toLowerCase() === w || a.identifier.toLowerCase() === w);
    if (found) {
      if (!agents.includes(found)) agents.push(found);
    } else missing.push(wanted);
  }
  return { agents, missing };
}

export function chooseTestItems(baseline: Metrics, fix: Pick<Fix, 'id' | 'agents' | 'signatures'>, max = DEFAULT_TEST_ITEMS): Choice {
  const { agents, missing } = agentsOf(baseline, fix);
  const notes: string[] = [];
  if (missing.length) notes.push(`The baseline has no records of ${missing.join(', ')}: no item of ${missing.length === 1 ? 'that agent' : 'those agents'} can be tested.`);
  if (agents.length === 0) {
    throw new UserError(
      'test-no-agent',
      `The baseline metrics have no records of ${fix.agents.join(', ')}, the agent${fix.agents.length === 1 ? '' : 's'} fix "${fix.id}" changes.`,
      'Aggregate the logs again (agent-doctor aggregate --json FILE) over a period in which those agents updated items, then run the test with that file.',
    );
  }
  const addressed = new Set(fix.signatures);
  const pool = agents.flatMap((a) => Object.values(a.items).map((item) => ({ agent: a.agent, item })));
  const newestFirst = (x: { item: ItemRecord }, y: { item: ItemRecord }) => y.item.lastSeen.localeCompare(x.item.lastSeen) || Number(x.item.ratingKey) - Number(y.item.ratingKey);
  const showed = pool.filter(({ item }) => Object.entries(item.signatures).some(([id, n]) => n > 0 && addressed.has(id))).sort(newestFirst);
  const chosen = showed.slice(0, max).map((c) => candidate(c.agent, c.item, 'addressed-signature'));
  if (chosen.length < max) {
    const taken = new Set(chosen.map((c) => `${c.agent}\0${c.ratingKey}`));
    const fill = pool
      .filter(({ agent, item }) => item.outcome === 'failed' && !taken.has(`${agent}\0${item.ratingKey}`))
      .sort(newestFirst)
      .slice(0, max - chosen.length)
      .map((c) => candidate(c.agent, c.item, 'other-failure'));
    if (fill.length) {
      notes.push(
        `${showed.length === 0 ? 'No item' : `Only ${plural(showed.length, 'item')}`} showed the signatures this fix addresses; ${plural(fill.length, 'other failed item')} of ${agents.map((a) => a.agent).join(', ')} fill the sample.`,
      );
    }
    chosen.push(...fill);
  }
  if (chosen.length === 0) {
    throw new UserError(
      'test-no-items',
      `No item of ${agents.map((a) => a.agent).join(', ')} in the baseline showed the signatures fix "${fix.id}" addresses, and none failed: there is nothing to test the fix on.`,
      'Aggregate a longer period of logs (agent-doctor aggregate --hours N --json FILE) so the baseline includes the failed items.',
    );
  }
  if (chosen.length < max) notes.push(`${plural(chosen.length, 'item')} to test (up to ${max} were wanted).`);
  return { agents: agents.map((a) => ({ agent: a.agent, identifier: a.identifier })), candidates: chosen, notes };
}

function candidate(agent: string, item: ItemRecord, reason: Candidate['reason']): Candidate {
  return { agent, ratingKey: item.ratingKey, title: item.title, guid: item.guid, reason };
}

export const plural = (n: number, word: string, words = `${word}s`): string => `${n} ${n === 1 ? word : words}`;
