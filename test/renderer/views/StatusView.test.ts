// The status view's actions, each through the bridge.
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import StatusView from '../../../renderer/views/StatusView.svelte';
import { fail } from '../fake-bridge.ts';
import { AT, REF, appStatus, notice, runStatus } from '../fixtures.ts';
import { PLEX_DOWN, appWith } from './helpers.ts';

describe('StatusView', () => {
  it('shows each agent with its error-rate sparkline', async () => {
    const { app } = await appWith();
    render(StatusView, { props: { app } });
    const agents = within(screen.getByRole('list', { name: '' }).closest('section')!).getAllByRole('listitem');
    expect(agents.map((li) => li.querySelector('.agent')?.textContent)).toEqual(['GEVI', 'AEBN', 'GayAdult']);
    expect(within(agents[0]!).getByRole('img').getAttribute('aria-label')).toBe('Error rate: 35 % of items failed (was 70 %, 4 scans)');
    expect(within(agents[2]!).getByText('Not scanned yet')).toBeTruthy();
  });

  it('scans the logs and shows what was found', async () => {
    const { app, bridge, user } = await appWith();
    render(StatusView, { props: { app } });
    await user.click(screen.getByRole('button', { name: 'Scan logs' }));
    expect(bridge.scanLogs).toHaveBeenCalledOnce();
    expect(screen.getByText('GEVI: 14 of 20 items failed, 31 errors to fix')).toBeTruthy();
    expect(bridge.getStatus).toHaveBeenCalledTimes(2);
  });

  it('starts the loop and goes to the running view', async () => {
    const { app, bridge, user } = await appWith();
    render(StatusView, { props: { app } });
    await user.click(screen.getByRole('button', { name: 'Start loop' }));
    expect(bridge.startLoop).toHaveBeenCalledOnce();
    expect(app.view).toEqual({ view: 'running' });
  });

  it('shows a bridge error with its hint and stays put', async () => {
    const { app, bridge, user } = await appWith();
    bridge.startLoop.mockReturnValueOnce(fail(PLEX_DOWN));
    render(StatusView, { props: { app } });
    await user.click(screen.getByRole('button', { name: 'Start loop' }));
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText(PLEX_DOWN.message)).toBeTruthy();
    expect(within(alert).getByText(PLEX_DOWN.hint)).toBeTruthy();
    expect(app.view).toEqual({ view: 'status' });
  });

  it('offers to resume an interrupted run', async () => {
    const { app, bridge, user } = await appWith(appStatus({ resumable: { runId: '20260301-220000', iteration: 3, phase: 'test', savedAt: AT, summary: 'Stopped while testing “Browser headers for IAFD requests”.' } }));
    render(StatusView, { props: { app } });
    expect(screen.getByRole('heading', { name: 'Resume the loop?' })).toBeTruthy();
    expect(screen.getByText('Stopped while testing “Browser headers for IAFD requests”.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    expect(bridge.resumeLoop).toHaveBeenCalledOnce();
    expect(app.view).toEqual({ view: 'running' });
  });

  it('shows the current run instead of Start, and can stop it', async () => {
    const { app, bridge, user } = await appWith(appStatus({ run: runStatus({ phase: 'restart', iteration: 2 }) }));
    render(StatusView, { props: { app } });
    expect(screen.getByText('Restarting the plug-in · iteration 2')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Start loop' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    expect(bridge.stopLoop).toHaveBeenCalledOnce();
  });

  it('points to Settings when no token is stored', async () => {
    const { app, user } = await appWith(appStatus({ hasToken: false }));
    render(StatusView, { props: { app } });
    await user.click(screen.getByRole('button', { name: 'Add one in Settings' }));
    expect(app.view).toEqual({ view: 'settings' });
  });

  it('shows notices; Show opens the result, Dismiss removes it through the bridge', async () => {
    const { app, bridge, user } = await appWith(appStatus({ notices: [notice({ id: 'n1', title: 'Test finished: KEEP', ref: REF })] }));
    render(StatusView, { props: { app } });
    await user.click(screen.getByRole('button', { name: 'Show' }));
    expect(app.view).toEqual({ view: 'result', ref: REF });
    await user.click(screen.getByRole('button', { name: 'Dismiss “Test finished: KEEP”' }));
    expect(bridge.dismissNotice).toHaveBeenCalledWith({ id: 'n1' });
    expect(screen.queryByText('Test finished: KEEP')).toBeNull();
  });

  it('says when no agent was found', async () => {
    const { app } = await appWith(appStatus({ agents: [] }));
    render(StatusView, { props: { app } });
    expect(screen.getByText('No agents found. Press Scan logs, or check the folders in Settings.')).toBeTruthy();
  });
});
