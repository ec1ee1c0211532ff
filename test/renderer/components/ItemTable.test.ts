// The items of a test, before and after the fix.
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ItemTable from '../../../renderer/components/ItemTable.svelte';
import { testItems } from '../fixtures.ts';

const bodyRows = () => screen.getAllByRole('row').slice(1);

describe('ItemTable', () => {
  it('shows each item with its outcome before and after, and which ones changed', () => {
    const items = testItems(2);
    items[1]!.before = { ...items[1]!.before!, outcome: 'ok' };
    items[1]!.after = { ...items[1]!.after!, outcome: 'failed' };
    items.push({ ...testItems(1)[0]!, ratingKey: '999', title: 'Timed out film', after: { outcome: 'timeout', signatures: {}, markers: {}, durationMs: null }, before: null });
    render(ItemTable, { props: { items } });
    expect(bodyRows().map((r) => within(r).getAllByRole('cell').map((c) => c.textContent?.trim()))).toEqual([
      ['Film 1 #400', 'Failed', 'Failed'],
      ['Film 2 #401', 'OK', 'Failed(worse)'],
      ['Timed out film #999', 'Not tested', 'Timed out'],
    ]);
    expect(bodyRows()[1]!.classList.contains('worse')).toBe(true);
  });

  it('shows all of 40 items in a region the keyboard can scroll', () => {
    render(ItemTable, { props: { items: testItems(40) } });
    expect(bodyRows()).toHaveLength(40);
    expect(screen.getAllByText('(better)')).toHaveLength(26);
    const region = screen.getByRole('region', { name: 'Test items' });
    expect(region.tabIndex).toBe(0);
  });

  it('shows very long titles whole, with the full title as a tooltip', () => {
    const long = `The Extraordinarily Long Director's Cut Edition ${'Part '.repeat(100)}`.trim();
    render(ItemTable, { props: { items: testItems(1, () => long) } });
    const title = screen.getByText(long);
    expect(title.getAttribute('title')).toBe(long);
  });

  it('shows non-ASCII titles exactly', () => {
    const titles = ['Amélie', '東京物語', 'Ånglar — «Überfahrt» 🎬', 'Ωμέγα'];
    render(ItemTable, { props: { items: testItems(4, (i) => titles[i]!) } });
    for (const t of titles) expect(screen.getByText(t)).toBeTruthy();
  });

  it('names an item without a title, and says when nothing was refreshed', () => {
    const { unmount } = render(ItemTable, { props: { items: testItems(1, () => '') } });
    expect(screen.getByText('Untitled')).toBeTruthy();
    unmount();
    render(ItemTable, { props: { items: [] } });
    expect(screen.getByText('No item was refreshed.')).toBeTruthy();
  });
});
