import { describe, expect, it } from 'vitest';
import type { TestRecord } from '../../../../shared/decision.ts';
import { renderTestReport } from '../../../../main/engine/verify/report.ts';
import { FIX, judgement } from './judgement.ts';

const record = (): TestRecord => {
  const j = judgement();
  return { fixId: FIX.id, fixTitle: FIX.title, decision: j.decision, items: j.items, notes: j.notes, report: 'test_report_x.md' };
};

describe('renderTestReport: the seed\'s "Expected Result Validation"', () => {
  const text = renderTestReport(FIX, record());
  const section = (title: string) => text.split('\n## ').find((s) => s.startsWith(title))!;

  it('has EXPECTED RESULT, ACTUAL RESULT, DECISION, the sample and the items, in that order', () => {
    const headings = text.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual([
      '# Test report: Send a browser User-Agent with every IAFD request',
      '## EXPECTED RESULT (from the diagnostic report)',
      '## ACTUAL RESULT (from the fresh logs of the refreshed items)',
      '## DECISION: MODIFY (met 100 % of criteria)',
      '## About the sample',
      '## Items',
    ]);
  });

  it('states what the fix expects: its "after" lines, each criterion and what is wanted', () => {
    const expected = section('EXPECTED RESULT');
    expect(expected).toContain('- Most IAFD requests succeed');
    expect(expected).toContain('- IAFD URL errors per item down by at least 20 % (`signature:iafd-url-error`, wanted: down by at least 20 %)');
    expect(expected).toContain('- The plug-in does not start after the change — critical (`pluginStarted`, fires when: no)');
    expect(expected).toContain('- More than 20 % of the items timed out (checked on every test)');
  });

  it('marks each criterion ✓ or ✗, and each indicator ✓ when it did not happen', () => {
    const actual = section('ACTUAL RESULT');
    expect(actual).toContain('- ✓ IAFD URL errors per item down by at least 20 %: iafd-url-error per item: 2.50 → 0 (−100 %); wanted: down by at least 20 %');
    expect(actual).toContain('- ✓ More films found on IAFD: items with found-on-iafd: 0 → 1; wanted: higher than before');
    expect(actual).toContain('- ✗ More than 20 % of the items timed out — minor: 1 item of 2 timed out (50 %)');
    expect(actual).toContain('- ✓ The agent stopped reporting scraped data for items that had it before: items with scraped data (or a clear failure): 1 before → 1 after, for the same refreshed items');
  });

  it('marks a criterion that could not be measured with ?', () => {
    const r = record();
    r.decision.criteria[0] = { ...r.decision.criteria[0]!, holds: null };
    expect(renderTestReport(FIX, r)).toContain('- ? IAFD URL errors per item down by at least 20 %: ');
  });

  it('gives the decision with every reason and the paired counts', () => {
    const decision = section('DECISION');
    expect(decision).toContain('- Met 2 of 2 success criteria (100 %), but a minor failure indicator fired: keep the idea, change the fix.');
    expect(decision).toContain('- Only 1 item had an outcome after the fix (fewer than 5): too little evidence for a firm verdict.');
    expect(decision).toContain('Paired outcomes (same items, before and after): failed → ok 0 · ok → failed 0 · ok → ok 1 · failed → failed 0 · without an outcome on one side 1');
  });

  it('lists the items with why they were chosen, the outcomes, the refresh time and the errors, escaping table bars', () => {
    const items = section('Items').split('\n');
    expect(items).toContain('| 1 | Freaks \\| 5 | 1 | showed the signature | ok | ok | 3.0 s | 5 → 0 | found-on-iafd yes, cast 4 |');
    expect(items).toContain('| 2 | Café Boys | 2 | failed otherwise | failed | timeout | 3.0 s | 4 → 0 |  |');
  });

  it('says how the sample was made', () => {
    expect(section('About the sample')).toContain('- Only 1 item showed the signatures this fix addresses; 1 other failed item of GEVI fill the sample.');
  });
});
