// EXPECTED vs ACTUAL: one row per criterion, ✓ for good news and ✗ for bad, in words too.
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import CriteriaTable from '../../../renderer/components/CriteriaTable.svelte';
import { criterion, decision } from '../fixtures.ts';

const bodyRows = () => screen.getAllByRole('row').slice(1);
const cells = (row: HTMLElement) => within(row).getAllByRole('cell').map((c) => c.textContent);

describe('CriteriaTable', () => {
  it('shows each success criterion: expected, actual, and ✓ met / ✗ not met', () => {
    const rows = [criterion('a', 'IAFD URL errors down by 20 %', true, 'IAFD URL errors per item: 2.10 → 0.40 (−81 %)'), criterion('b', 'Items OK at least 20 %', false, 'Items OK: 30 % → 15 %')];
    render(CriteriaTable, { props: { rows, kind: 'criteria' } });
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Expected', 'Actual', 'Result']);
    expect(bodyRows().map(cells)).toEqual([
      ['IAFD URL errors down by 20 %', 'IAFD URL errors per item: 2.10 → 0.40 (−81 %)', '✓met'],
      ['Items OK at least 20 %', 'Items OK: 30 % → 15 %', '✗not met'],
    ]);
  });

  it('for failure indicators, ✓ means it did not happen and ✗ that it did; critical ones say so', () => {
    const rows = [criterion('start', 'The plug-in does not start', true, 'Exception starting plug-in', 'critical'), criterion('more', 'More items fail', false, 'Failed items: 14 → 8')];
    render(CriteriaTable, { props: { rows, kind: 'indicators' } });
    expect(bodyRows().map(cells)).toEqual([
      ['The plug-in does not startCritical', 'Exception starting plug-in', '✗happened'],
      ['More items fail', 'Failed items: 14 → 8', '✓did not happen'],
    ]);
    expect(screen.getAllByText('Critical')).toHaveLength(1);
  });

  it('marks a criterion that could not be evaluated with neither ✓ nor ✗', () => {
    render(CriteriaTable, { props: { rows: [criterion('m', 'FoundOnIAFD for one item', null, 'No item reached IAFD')], kind: 'criteria' } });
    expect(cells(bodyRows()[0]!)).toEqual(['FoundOnIAFD for one item', 'No item reached IAFD', '–could not be checked']);
  });

  it('says so when there are no criteria or no indicators', () => {
    const { unmount } = render(CriteriaTable, { props: { rows: [], kind: 'criteria' } });
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('This fix had no success criteria to check.')).toBeTruthy();
    unmount();
    render(CriteriaTable, { props: { rows: [], kind: 'indicators' } });
    expect(screen.getByText('This fix set no failure indicators.')).toBeTruthy();
  });

  it('shows long and non-ASCII descriptions whole', () => {
    const long = `Besetzung für „Der Zauberberg“ 東京物語 ${'sehr-lang-'.repeat(80)}`;
    render(CriteriaTable, { props: { rows: [criterion('l', long, true, 'ok')], kind: 'criteria' } });
    expect(cells(bodyRows()[0]!)[0]).toBe(long);
  });

  it('shows rows that share an id (the engine does not promise unique ids)', () => {
    const twice = decision().criteria.map((c) => ({ ...c, criterion: { ...c.criterion, id: 'same' } }));
    render(CriteriaTable, { props: { rows: twice, kind: 'criteria' } });
    expect(bodyRows()).toHaveLength(2);
  });
});
