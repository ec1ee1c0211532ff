import { describe, expect, it } from 'vitest';
import type { AgentMetrics, ItemRecord, Metrics } from '../../../../shared/metrics.ts';
import { chooseTestItems } from '../../../../main/engine/verify/choose-items.ts';
import { agentMetrics, metricsOf } from '../../../helpers/metrics.ts';

const rec = (rk: string, lastSeen: string, outcome: ItemRecord['outcome'], signatures: Record<string, number> = {}): ItemRecord => ({
  ratingKey: rk,
  title: `Film ${rk}`,
  guid: `com.plexapp.agents.GEVI://${rk}?lang=en`,
  outcome,
  signatures,
  markers: {},
  lastSeen: `2026-02-01T${lastSeen}:00.000Z`,
});

const agent = (name: string, items: ItemRecord[]): AgentMetrics => agentMetrics(name, items, { records: 100 });
const metrics = (...agents: AgentMetrics[]): Metrics => metricsOf(agents);

const gevi = agent('GEVI', [
  rec('431', '10:00', 'failed', { 'iafd-url-error': 3 }),
  rec('432', '11:00', 'ok', { 'iafd-url-error': 5 }),
  rec('433', '09:00', 'ok', { 'iafd-film-search': 1 }),
  rec('434', '11:30', 'failed', { 'site-field-error': 4 }),
  rec('435', '08:00', 'failed', {}),
  rec('436', '12:00', 'ok', {}),
  rec('437', '07:00', 'unknown', { 'iafd-url-error': 0 }),
]);
const aebn = agent('AEBN', [rec('500', '12:30', 'failed', { 'iafd-url-error': 9 })]);
const fix = { id: 'iafd-headers', agents: ['GEVI'], signatures: ['iafd-url-error', 'iafd-film-search'] };

describe('chooseTestItems', () => {
  it('takes the items of the fix\'s agents that showed an addressed signature, most recent first', () => {
    const choice = chooseTestItems(metrics(gevi, aebn), fix, 3);
    expect(choice.candidates.map((c) => [c.ratingKey, c.reason])).toEqual([
      ['432', 'addressed-signature'],
      ['431', 'addressed-signature'],
      ['433', 'addressed-signature'],
    ]);
    expect(choice.agents).toEqual([{ agent: 'GEVI', identifier: 'com.plexapp.agents.GEVI' }]);
    expect(choice.notes).toEqual([]);
  });

  it('records title and guid with each ratingKey', () => {
    expect(chooseTestItems(metrics(gevi), fix, 1).candidates[0]).toEqual({ agent: 'GEVI', ratingKey: '432', title: 'Film 432', guid: 'com.plexapp.agents.GEVI://432?lang=en', reason: 'addressed-signature' });
  });

  it('fills with other failed items of the same agents when too few showed the signatures, and says so', () => {
    const choice = chooseTestItems(metrics(gevi, aebn), fix, 20);
    expect(choice.candidates.map((c) => [c.ratingKey, c.reason])).toEqual([
      ['432', 'addressed-signature'],
      ['431', 'addressed-signature'],
      ['433', 'addressed-signature'],
      ['434', 'other-failure'],
      ['435', 'other-failure'],
    ]);
    expect(choice.notes).toEqual(['Only 3 items showed the signatures this fix addresses; 2 other failed items of GEVI fill the sample.', '5 items to test (up to 20 were wanted).']);
  });

  it('names agents by their short name or identifier, in any case', () => {
    expect(chooseTestItems(metrics(gevi), { ...fix, agents: ['com.plexapp.agents.gevi'] }, 1).candidates).toHaveLength(1);
  });

  it('says when a fix agent has no records in the baseline and tests the others', () => {
    const choice = chooseTestItems(metrics(gevi), { ...fix, agents: ['GEVI', 'GayAdult'] }, 1);
    expect(choice.notes[0]).toBe('The baseline has no records of GayAdult: no item of that agent can be tested.');
  });

  it('refuses when the baseline has none of the fix\'s agents', () => {
    expect(() => chooseTestItems(metrics(aebn), fix)).toThrow(/^The baseline metrics have no records of GEVI, the agent fix "iafd-headers" changes\.$/);
  });

  it('refuses when no item showed the signatures and none failed', () => {
    const quiet = agent('GEVI', [rec('436', '12:00', 'ok', {})]);
    expect(() => chooseTestItems(metrics(quiet), fix)).toThrow('No item of GEVI in the baseline showed the signatures fix "iafd-headers" addresses, and none failed: there is nothing to test the fix on.');
  });
});
