// The popover in a real browser on the real engine, with the simulated Plex behind it (issue 10,
// Must show): the loop from start to a kept fix and its rollback, by mouse and by keyboard alone;
// a fix that does not work; every view in a screenshot and scanned by axe; no error in the page.
import { changedFiles, FIXTURE_BUNDLES, hashesUnder } from './bundles.ts';
import { expect, REFUSING_SCENARIO, test } from './fixtures.ts';
import type { Popover } from './popover.ts';

/** The diagnosis's first fix in the demo's world, and the one file it changes. */
const FIX = "Send browser-like headers with GEVI's IAFD requests";
const FIX_FILE = 'GEVI.bundle/Contents/Code/utils.py';
const ROLLBACK_QUESTION = 'Undo this fix and put the files back as they were?';

const heading = (p: Popover) => p.proposal.getByRole('heading', { level: 2 });
const historyRow = (p: Popover) => p.view('history').getByRole('listitem').filter({ has: p.page.getByText(FIX, { exact: true }) });

test.describe('the loop in the popover', () => {
  test('start → proposal → Proceed → progress → KEEP → Roll back: the agents’ files are as shipped again', async ({ popover, devWeb, page }) => {
    const shipped = await hashesUnder(FIXTURE_BUNDLES);
    expect(await hashesUnder(devWeb.pluginsDir)).toEqual(shipped);
    await popover.check('status');

    await popover.button('Start loop').click();
    // the loop measures the starting point before it proposes anything
    await expect(popover.view('running').getByRole('list', { name: 'Steps of this fix' })).toBeVisible();
    await popover.check('running');

    await expect(heading(popover)).toHaveText(FIX);
    await expect(popover.proposal.getByText(FIX_FILE, { exact: true })).toBeVisible();
    await popover.check('proposal');
    await popover.button('Proceed').click();

    await expect(page.getByRole('progressbar')).toBeVisible();
    await expect(page.getByText(/\d+ \/ 20 items refreshed/)).toBeVisible();

    const result = popover.view('result');
    await expect(result.getByText('KEEP', { exact: true })).toBeVisible();
    await expect(result.getByRole('heading', { level: 2 })).toHaveText(FIX);
    await expect(result.getByText('It worked. The change stays.')).toBeVisible();
    expect(changedFiles(shipped, await hashesUnder(devWeb.pluginsDir))).toEqual([FIX_FILE]);
    await popover.check('result');

    // the loop asks its next question (carry the fix over to the identical agents); the result stays
    await expect(page.getByText('A fix is waiting for your answer.')).toBeVisible();
    await popover.button('Review').click();
    await expect(heading(popover)).toHaveText(/^Carry /);
    await popover.button('Stop', popover.proposal).click();
    await expect(page.getByRole('heading', { name: 'The loop has ended' })).toBeVisible();

    await popover.tab('History').click();
    await expect(historyRow(popover)).toBeVisible();
    await popover.check('history');
    await popover.button('Details', historyRow(popover)).click();
    await expect(result.getByText('KEEP', { exact: true })).toBeVisible();

    await popover.button('Roll back', result).click();
    const confirm = result.getByRole('group', { name: ROLLBACK_QUESTION });
    await expect(confirm).toBeVisible();
    await popover.capture('result-rollback-confirm');
    await popover.button('Roll back', confirm).click();
    await expect(result.getByRole('status')).toContainText(`Rolled back "${FIX}": 1 file restored from the backup and checked (sha256).`);
    await expect(result.getByText(FIX_FILE, { exact: true })).toBeVisible();
    expect(await hashesUnder(devWeb.pluginsDir)).toEqual(shipped);

    await popover.tab('Settings').click();
    await expect(popover.view('settings')).toBeVisible();
    await popover.check('settings');

    // the popover follows the Mac's appearance: the views that stay reachable, dark
    await page.emulateMedia({ colorScheme: 'dark' });
    await popover.check('settings-dark');
    await popover.tab('Status').click();
    await expect(popover.view('status')).toBeVisible();
    await popover.check('status-dark');
    await popover.tab('History').click();
    await expect(historyRow(popover)).toBeVisible();
    await popover.check('history-dark');
    await popover.button('Details', historyRow(popover)).click();
    await expect(result.getByText('KEEP', { exact: true })).toBeVisible();
    await popover.check('result-dark');
  });

  test('the same path from the keyboard alone: Tab, Shift+Tab, Enter, Space and Escape', async ({ popover, devWeb, page }) => {
    const shipped = await hashesUnder(FIXTURE_BUNDLES);
    const keys = page.keyboard;

    await popover.tabTo(popover.button('Start loop'));
    await keys.press('Enter');
    // the question takes the focus (its title), so Tab goes on to its answers
    await expect(heading(popover)).toBeFocused();
    await expect(heading(popover)).toHaveText(FIX);
    await popover.tabTo(popover.button('Proceed'));
    await keys.press('Space');

    const result = popover.view('result');
    await expect(result.getByText('KEEP', { exact: true })).toBeVisible();
    expect(changedFiles(shipped, await hashesUnder(devWeb.pluginsDir))).toEqual([FIX_FILE]);
    await popover.tabTo(popover.button('Review'));
    await keys.press('Enter');
    await expect(heading(popover)).toHaveText(/^Carry /);
    await popover.tabTo(popover.button('Stop', popover.proposal));
    await keys.press('Enter');
    await expect(page.getByRole('heading', { name: 'The loop has ended' })).toBeVisible();

    await popover.tabTo(popover.tab('History'), { backwards: true });
    await keys.press('Enter');
    await expect(historyRow(popover)).toBeVisible();
    await popover.tabTo(popover.button('Details', historyRow(popover)));
    await keys.press('Enter');
    await expect(result.getByText('KEEP', { exact: true })).toBeVisible();

    const rollBack = popover.button('Roll back', result);
    const confirm = result.getByRole('group', { name: ROLLBACK_QUESTION });
    await popover.tabTo(rollBack);
    await keys.press('Enter');
    await expect(popover.button('Cancel', confirm)).toBeFocused();
    // Escape backs out of the question, and the focus returns to the button
    await keys.press('Escape');
    await expect(confirm).toBeHidden();
    await expect(rollBack).toBeFocused();
    await keys.press('Enter');
    await expect(popover.button('Cancel', confirm)).toBeFocused();
    await keys.press('Shift+Tab');
    await expect(popover.button('Roll back', confirm)).toBeFocused();
    await keys.press('Space');
    await expect(result.getByRole('status')).toContainText(`Rolled back "${FIX}"`);
    expect(await hashesUnder(devWeb.pluginsDir)).toEqual(shipped);

    // with nothing left to close, Escape asks to hide the popover: a browser tab stays as it is
    await keys.press('Escape');
    await expect(result.getByRole('status')).toContainText(`Rolled back "${FIX}"`);
  });
});

test.describe('a fix that does not work', () => {
  test.use({ scenario: REFUSING_SCENARIO });

  test('ends in ROLLBACK with its reason shown, and the change is already undone', async ({ popover, devWeb, page }) => {
    const shipped = await hashesUnder(FIXTURE_BUNDLES);
    await popover.button('Start loop').click();
    await expect(heading(popover)).toHaveText(FIX);
    await popover.button('Proceed').click();
    await expect(page.getByRole('progressbar')).toBeVisible();

    const result = popover.view('result');
    await expect(result.getByText('ROLLBACK', { exact: true })).toBeVisible();
    await expect(result.getByText('It did not work. The change should be undone.')).toBeVisible();
    await expect(result.getByText('Met 1 of 3 success criteria (33.3 %), below 50 %: roll back.')).toBeVisible();
    await expect(result.getByText(/^Not met: IAFD URL errors per item down by at least 20 %/)).toBeVisible();
    await expect(result.getByText('This change is not in the agent’s files.')).toBeVisible();
    expect(await hashesUnder(devWeb.pluginsDir)).toEqual(shipped);
    await popover.check('result');
  });
});
