// The proposal card: everything the user needs before a fix is applied, whatever the data.
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import ProposalCard from '../../../renderer/components/ProposalCard.svelte';
import type { Proposal } from '../../../shared/proposal.ts';
import { proposal } from '../fixtures.ts';

const LONG_TITLE = `Send browser headers on every IAFD request made by getFilmOnIAFD, matchCast and matchDirectors ${'and-more-'.repeat(60)}end`;
const NON_ASCII = 'Überschriften für IAFD – 東京物語 — «Amélie» 🎬';

function show(data: Proposal = proposal(), extra: Partial<{ busy: boolean; error: { code: string; message: string; hint?: string } | null }> = {}) {
  const onanswer = vi.fn();
  const view = render(ProposalCard, { props: { proposal: data, onanswer, ...extra } });
  return { onanswer, ...view };
}

const section = (name: string) => {
  const heading = screen.getByRole('heading', { level: 3, name });
  return heading.nextElementSibling as HTMLElement;
};

describe('ProposalCard', () => {
  it('shows BEFORE, AFTER, SUCCESS CRITERIA and FAILURE INDICATORS with their lines', () => {
    show();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Browser headers for IAFD requests');
    expect(within(section('Before (now)')).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['•IAFD pages fail with a URL error for 14 of 20 items', '•No cast from IAFD is added']);
    expect(within(section('After (expected)')).getAllByRole('listitem')).toHaveLength(2);
    expect(within(section('Success criteria')).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '✓IAFD URL errors per item down by at least 20 %',
      '✓FoundOnIAFD for at least one item',
      '✓No new error types',
    ]);
    expect(within(section('Failure indicators')).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['✗The plug-in does not start', '✗More items fail than before']);
    expect(screen.getByText('Fix for GEVI · iteration 1')).toBeTruthy();
  });

  it('lists the files touched and highlights the diff: + lines added, − lines removed', () => {
    const { container } = show();
    expect(within(section('Files (1)')).getByText('GEVI.bundle/Contents/Code/utils.py')).toBeTruthy();
    const diff = screen.getByRole('region', { name: 'Changes to the files' });
    expect([...diff.querySelectorAll('.add')].map((l) => l.textContent)).toEqual(['+    headers = {"User-Agent": BROWSER_AGENT}', '+    html = HTTP.Request(url, headers=headers).content']);
    expect([...diff.querySelectorAll('.remove')].map((l) => l.textContent)).toEqual(['-    html = HTTP.Request(url).content']);
    expect(container.querySelectorAll('.diff .header')).toHaveLength(2);
  });

  it('says so when a proposal has no criteria, no indicators, no files and no diff', () => {
    show(proposal({ successCriteria: [], failureIndicators: [], files: [], diff: '', before: [], after: [] }));
    expect(screen.getAllByText('None listed.')).toHaveLength(4);
    expect(screen.getByText('This fix changes no file.')).toBeTruthy();
    expect(screen.getByText('No changes.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Proceed' })).toBeTruthy();
  });

  it('shows a very long title whole, so it can wrap', () => {
    show(proposal({ title: LONG_TITLE }));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(LONG_TITLE);
  });

  it('shows non-ASCII titles, lines and diffs exactly', () => {
    const diff = '@@ -1 +1 @@\n-titre = "Amelie"\n+titre = "Amélie – 東京物語"';
    show(proposal({ title: NON_ASCII, before: ['Keine Besetzung für „Der Zauberberg“'], diff }));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(NON_ASCII);
    expect(screen.getByText('Keine Besetzung für „Der Zauberberg“')).toBeTruthy();
    expect(screen.getByText('+titre = "Amélie – 東京物語"').classList.contains('add')).toBe(true);
  });

  it('shows the checker warnings', () => {
    show(proposal({ warnings: ['utils.py: line 212 uses a name Plex may refuse'] }));
    expect(within(section('Worth a look')).getByText('utils.py: line 212 uses a name Plex may refuse')).toBeTruthy();
  });

  it.each([
    ['Proceed', 'proceed'],
    ['Skip', 'skip'],
    ['Stop', 'no'],
  ])('%s answers %s', async (button, answer) => {
    const { onanswer } = show();
    await userEvent.setup().click(screen.getByRole('button', { name: button }));
    expect(onanswer).toHaveBeenCalledExactlyOnceWith(answer);
  });

  it('takes the keyboard focus, and Tab goes through the diff to Proceed, Skip, Stop', async () => {
    show();
    const user = userEvent.setup();
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2 }));
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('region', { name: 'Changes to the files' }));
    const order = [];
    for (let i = 0; i < 3; i++) {
      await user.tab();
      order.push(document.activeElement?.textContent);
    }
    expect(order).toEqual(['Proceed', 'Skip', 'Stop']);
  });

  it('moves the focus back to the title when the next proposal replaces this one', async () => {
    const props = $state({ proposal: proposal(), onanswer: vi.fn() });
    render(ProposalCard, { props });
    screen.getByRole('button', { name: 'Skip' }).focus();
    props.proposal = proposal({ fixId: 'iafd-timeout', title: 'Longer IAFD timeout' });
    flushSync();
    expect(document.activeElement?.textContent).toBe('Longer IAFD timeout');
  });

  it('disables its answers while one is being sent, and shows why an answer failed', () => {
    show(proposal(), { busy: true, error: { code: 'engine-unavailable', message: 'The loop is not running any more.', hint: 'Start the loop again from Status.' } });
    for (const name of ['Proceed', 'Skip', 'Stop']) expect((screen.getByRole('button', { name }) as HTMLButtonElement).disabled).toBe(true);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The loop is not running any more.');
    expect(alert.textContent).toContain('Start the loop again from Status.');
  });
});
