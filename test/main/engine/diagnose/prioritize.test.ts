// The order fixes are tried in, and the one the loop asks for next.
import { describe, expect, it } from 'vitest';
import { FixSchema, type Fix } from '../../../../shared/fix.ts';
import type { Verdict } from '../../../../shared/decision.ts';
import { nextFix, prioritize, type Ranked } from '../../../../main/engine/diagnose/prioritize.ts';

const CHANGE = [{ kind: 'replace' as const, file: 'A.bundle/Contents/Code/a.py', find: 'x', replace: 'y', occurrences: 1 }];
function fix(id: string, over: Partial<Fix> = {}): Fix {
  return FixSchema.parse({ id, title: id, priority: 1, agents: ['A'], signatures: [], rootCause: 'r', before: ['b'], after: ['a'], changes: CHANGE, successCriteria: [], failureIndicators: [], risk: 'low', ...over });
}
const ranked = (f: Fix, items: number, severity: Ranked['impact']['severity']): Ranked => ({ fix: f, impact: { items, severity, itemsText: `${items} items` } });

describe('prioritize', () => {
  it('orders by items × severity weight over risk, fallbacks right after their fix, advice last', () => {
    const order = prioritize([
      ranked(fix('advice', { changes: [] }), 50, 'crit'),
      ranked(fix('warn-many', {}), 10, 'warn'), // 20
      ranked(fix('err-few', { risk: 'medium' }), 3, 'err'), // 6
      ranked(fix('crit-one', {}), 3, 'crit'), // 30
      ranked(fix('warn-many-fallback', { alternativeOf: 'warn-many', risk: 'medium' }), 10, 'warn'), // 10
    ]);
    expect(order.map((f) => [f.priority, f.id])).toEqual([
      [1, 'crit-one'],
      [2, 'warn-many'],
      [3, 'warn-many-fallback'],
      [4, 'err-few'],
      [5, 'advice'],
    ]);
    expect(order[0]!.priorityReason).toBe('#1: 3 items × 10 for critical = impact 30; low risk (÷ 1) → score 30.');
    expect(order[2]!.priorityReason).toMatch(/^#3: the fallback of warn-many, tried only if that one is rolled back/);
    expect(order[4]!.priorityReason).toMatch(/^#5: advice only/);
  });
});

describe('nextFix', () => {
  const fixes = prioritize([ranked(fix('headers'), 6, 'warn'), ranked(fix('skip', { alternativeOf: 'headers', risk: 'medium' }), 6, 'warn'), ranked(fix('rename'), 1, 'crit'), ranked(fix('advice', { changes: [] }), 9, 'err')]);
  const after = (entries: [string, Verdict | null][]) => nextFix(fixes, new Map(entries))?.id;

  it.each<[string, [string, Verdict | null][], string | undefined]>([
    ['nothing tried: the highest priority', [], 'headers'],
    ['headers kept: the fallback is not needed', [['headers', 'KEEP']], 'rename'],
    ['headers on watch (MONITOR): the fallback waits', [['headers', 'MONITOR']], 'rename'],
    ['headers rolled back: its fallback', [['headers', 'ROLLBACK']], 'skip'],
    ['headers ended without a verdict: its fallback', [['headers', null]], 'skip'],
    ['all tried: none (advice is never handed out)', [['headers', 'ROLLBACK'], ['skip', 'KEEP'], ['rename', 'KEEP']], undefined],
  ])('%s', (_case, attempts, expected) => {
    expect(after(attempts)).toBe(expected);
  });
});
