// History: runs → iterations → fixes, with rollback (confirmed) and reports.
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import HistoryView from '../../../renderer/views/HistoryView.svelte';
import { fail } from '../fake-bridge.ts';
import { REF, RUN_ID, appStatus, runStatus } from '../fixtures.ts';
import { appWith } from './helpers.ts';

async function showHistory() {
  const setup = await appWith();
  render(HistoryView, { props: { app: setup.app } });
  await screen.findByText('Browser headers for IAFD requests');
  return setup;
}
const row = (title: string) => screen.getByText(title).closest('li')!;

describe('HistoryView', () => {
  it('lists each fix of each iteration with its decision', async () => {
    await showHistory();
    expect(screen.getByText('Ended', { exact: false }).textContent).toContain('All fixes were tried.');
    expect(screen.getByRole('heading', { level: 4 }).textContent).toBe('Iteration 1 · 42 % fewer errors');
    expect(within(row('Browser headers for IAFD requests')).getByText('KEEP')).toBeTruthy();
    expect(within(row('Longer IAFD timeout')).getByText('Rolled back')).toBeTruthy();
    expect(within(row('Cast from the studio page')).getByText('Not tested')).toBeTruthy();
  });

  it('offers rollback only for a fix still in the files', async () => {
    await showHistory();
    expect(within(row('Browser headers for IAFD requests')).getByRole('button', { name: 'Roll back' })).toBeTruthy();
    expect(within(row('Longer IAFD timeout')).queryByRole('button', { name: 'Roll back' })).toBeNull();
    expect(within(row('Cast from the studio page')).queryByRole('button', { name: 'Roll back' })).toBeNull();
  });

  it('says before a rollback that a running loop stops first', async () => {
    const setup = await appWith(appStatus({ run: runStatus() }));
    render(HistoryView, { props: { app: setup.app } });
    const fix = (await screen.findByText('Browser headers for IAFD requests')).closest('li')!;
    await setup.user.click(within(fix).getByRole('button', { name: 'Roll back' }));
    expect(within(fix).getByRole('group').getAttribute('aria-label')).toBe('The loop stops first (after its current step). Undo “Browser headers for IAFD requests” and put the files back as they were?');
  });

  it('rolls a fix back after the confirm step, and reloads the history', async () => {
    const { bridge, user } = await showHistory();
    const fix = row('Browser headers for IAFD requests');
    await user.click(within(fix).getByRole('button', { name: 'Roll back' }));
    expect(bridge.rollback).not.toHaveBeenCalled();
    expect(within(fix).getByRole('group').getAttribute('aria-label')).toBe('Undo “Browser headers for IAFD requests” and put the files back as they were?');
    await user.click(within(within(fix).getByRole('group')).getByRole('button', { name: 'Roll back' }));
    expect(bridge.rollback).toHaveBeenCalledExactlyOnceWith(REF);
    expect(bridge.getHistory).toHaveBeenCalledTimes(2);
    expect(within(fix).getByRole('status').textContent).toBe('The files are back as they were before the fix.');
  });

  it('shows a rollback error next to its fix', async () => {
    const { bridge, user } = await showHistory();
    bridge.rollback.mockReturnValueOnce(fail({ code: 'loop-running', message: 'A loop is running.', hint: 'Stop it first, then roll back.' }));
    const fix = row('Browser headers for IAFD requests');
    await user.click(within(fix).getByRole('button', { name: 'Roll back' }));
    await user.click(within(within(fix).getByRole('group')).getByRole('button', { name: 'Roll back' }));
    expect(within(fix).getByRole('alert').textContent).toContain('Stop it first, then roll back.');
  });

  it('opens a result, a test report, the final report and the reports folder', async () => {
    const { app, bridge, user } = await showHistory();
    const fix = row('Browser headers for IAFD requests');
    await user.click(within(fix).getByRole('button', { name: 'Report' }));
    expect(bridge.openReport).toHaveBeenCalledWith({ kind: 'test', ...REF });
    await user.click(screen.getByRole('button', { name: 'Open the final report' }));
    expect(bridge.openReport).toHaveBeenCalledWith({ kind: 'final', runId: RUN_ID });
    await user.click(screen.getByRole('button', { name: 'Open reports folder' }));
    expect(bridge.openReportsFolder).toHaveBeenCalledOnce();
    await user.click(within(fix).getByRole('button', { name: 'Details' }));
    expect(app.view).toEqual({ view: 'result', ref: REF });
  });

  it('says when there is no run yet', async () => {
    const { app, bridge } = await appWith();
    bridge.getHistory.mockResolvedValue({ ok: true, value: { runs: [] } });
    render(HistoryView, { props: { app } });
    expect(await screen.findByText('No runs yet. Start the loop from Status.')).toBeTruthy();
  });
});
