import { describe, expect, it } from 'vitest';
import { FixSchema } from '../../../../shared/fix.ts';
import { canaryBundle, propagationId, siblingFix, siblingFixId, worstVerdict } from '../../../../main/engine/loop/propagate.ts';
import { loadFixtureFix } from '../../../plex-sim/testing.ts';

describe('carrying a kept fix over to sibling bundles', () => {
  const fix = loadFixtureFix('iafd-browser-headers');

  it('has a canary only when the fix changes one agent in one bundle', () => {
    expect(canaryBundle(fix)).toBe('GEVI.bundle');
    expect(canaryBundle({ ...fix, agents: ['GEVI', 'AEBN'] })).toBeUndefined();
    expect(canaryBundle({ ...fix, changes: [...fix.changes, { kind: 'replace', file: 'AEBN.bundle/Contents/Code/utils.py', find: 'x', replace: 'y', occurrences: 1 }] })).toBeUndefined();
  });

  it('makes the same change in the sibling bundle, as a fix of its own', () => {
    const s = siblingFix(fix, 'GEVI.bundle', { agent: 'AEBN', fixId: 'iafd-browser-headers-to-aebn' });
    expect(FixSchema.parse(s)).toEqual(s);
    expect(s).toMatchObject({ id: 'iafd-browser-headers-to-aebn', agents: ['AEBN'], title: `${fix.title} (carried over to AEBN)`, successCriteria: fix.successCriteria, failureIndicators: fix.failureIndicators });
    expect(s.changes.map((c) => c.file)).toEqual(['AEBN.bundle/Contents/Code/utils.py', 'AEBN.bundle/Contents/Code/utils.py']);
    expect(s.changes.map((c) => (c.kind === 'replace' ? c.find : ''))).toEqual(fix.changes.map((c) => (c.kind === 'replace' ? c.find : '')));
    expect(s.alternativeOf).toBeUndefined();
  });

  it.each([
    ['iafd-browser-headers-gevi', 'AEBN', 'iafd-browser-headers-gevi-to-aebn'],
    ['x', 'Gay Hot_Movies!', 'x-to-gay-hot-movies'],
    ['a'.repeat(64), 'GayAdult', `${'a'.repeat(52)}-to-gayadult`],
  ])('names the sibling fix %s → %s as %s (a valid fix id)', (id, agent, expected) => {
    expect(siblingFixId(id, agent)).toBe(expected);
    expect(FixSchema.shape.id.safeParse(siblingFixId(id, agent)).success).toBe(true);
  });

  it('asks with an id of its own', () => {
    expect(propagationId('iafd-browser-headers-gevi')).toBe('carry-iafd-browser-headers-gevi');
    expect(propagationId('b'.repeat(64))).toHaveLength(64);
  });

  it.each([
    [['KEEP', 'KEEP'], 'KEEP'],
    [['KEEP', 'MONITOR'], 'MONITOR'],
    [['MONITOR', 'MODIFY'], 'MODIFY'],
    [['KEEP', 'ROLLBACK', 'MONITOR'], 'ROLLBACK'],
    [[], null],
  ] as const)('is only as good as its worst sibling: %j → %s', (verdicts, worst) => {
    expect(worstVerdict(verdicts)).toBe(worst);
  });
});
