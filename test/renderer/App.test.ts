// The popover as a whole: it loads the status and follows main's events — a question from
// the loop, progress, a finished test, a click on a notification, Plex coming and going.
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from '../../renderer/App.svelte';
import type { BridgeEvent } from '../../shared/ipc.ts';
import { fail, fakeBridge } from './fake-bridge.ts';
import { AT, REF, RUN_ID, appStatus, notice, proposal, runStatus } from './fixtures.ts';

async function open(setup: (bridge: ReturnType<typeof fakeBridge>) => void = () => {}) {
  const bridge = fakeBridge();
  setup(bridge);
  const view = render(App, { props: { api: bridge } });
  await screen.findByText(/Plex 1\.41|Plex not connected/);
  return { bridge, user: userEvent.setup(), ...view };
}

/** Plays an event and lets the popover redraw. */
async function emit(bridge: ReturnType<typeof fakeBridge>, event: BridgeEvent) {
  bridge.emit(event);
  await Promise.resolve();
}

const tab = (name: string) => screen.getByRole('button', { name: new RegExp(`^${name}`) });

describe('App', () => {
  it('shows Plex, the agents and the actions once the status is in', async () => {
    const { bridge } = await open();
    expect(bridge.getStatus).toHaveBeenCalledOnce();
    expect(screen.getByText('Plex 1.41.3.9314')).toBeTruthy();
    expect(screen.getByText('GEVI')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Start loop' })).toBeTruthy();
    expect(tab('Status').getAttribute('aria-current')).toBe('page');
  });

  it('shows why the status could not be loaded, with the hint, and tries again', async () => {
    const bridge = fakeBridge();
    bridge.getStatus.mockReturnValueOnce(fail({ code: 'engine-starting', message: 'Agent Doctor is still starting.', hint: 'Try again in a moment.' }));
    render(App, { props: { api: bridge } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Agent Doctor is still starting.');
    expect(alert.textContent).toContain('Try again in a moment.');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('GEVI')).toBeTruthy();
  });

  it('shows the proposal card when the loop asks, and Proceed answers with the fix id', async () => {
    const { bridge, user } = await open((b) => b.getStatus.mockReturnValue(Promise.resolve({ ok: true, value: appStatus({ run: runStatus({ phase: 'propose' }) }) })));
    await emit(bridge, { type: 'needsConfirmation', at: AT, proposal: proposal() });
    expect(screen.getByRole('heading', { level: 2, name: 'Browser headers for IAFD requests' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Proceed' }));
    expect(bridge.answerProposal).toHaveBeenCalledExactlyOnceWith({ fixId: 'iafd-browser-headers', answer: 'proceed' });
    // the card is gone; the running view shows the run with the fix's title
    expect(screen.queryByRole('button', { name: 'Proceed' })).toBeNull();
    expect(screen.getByRole('list', { name: 'Steps of this fix' })).toBeTruthy();
    expect(screen.getByText('Browser headers for IAFD requests')).toBeTruthy();
  });

  it('keeps the card and shows the error when an answer is refused', async () => {
    const { bridge, user } = await open();
    bridge.answerProposal.mockReturnValueOnce(fail({ code: 'no-question', message: 'The loop is no longer waiting for this fix.', hint: 'Open Status to see where it is.' }));
    await emit(bridge, { type: 'needsConfirmation', at: AT, proposal: proposal() });
    await user.click(screen.getByRole('button', { name: 'Skip' }));
    expect(bridge.answerProposal).toHaveBeenCalledWith({ fixId: 'iafd-browser-headers', answer: 'skip' });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The loop is no longer waiting for this fix.');
    expect(alert.textContent).toContain('Open Status to see where it is.');
    expect(screen.getByRole('button', { name: 'Proceed' })).toBeTruthy();
  });

  it('shows the question already waiting when the popover opens', async () => {
    await open((b) => b.getStatus.mockReturnValue(Promise.resolve({ ok: true, value: appStatus({ pending: { kind: 'proposal', proposal: proposal({ title: 'Waiting fix' }) } }) })));
    expect(screen.getByRole('heading', { level: 2, name: 'Waiting fix' })).toBeTruthy();
  });

  it('shows the manual-restart card, and Continue tells main', async () => {
    const { bridge, user } = await open();
    await emit(bridge, { type: 'needsManualRestart', at: AT, text: 'The other restart methods did not work on this Mac.' });
    expect(screen.getByText('Quit and reopen Plex, then press Continue.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(bridge.continueRestart).toHaveBeenCalledOnce();
  });

  it('moves the progress bar with progress events', async () => {
    const { bridge, user } = await open((b) => b.getStatus.mockReturnValue(Promise.resolve({ ok: true, value: appStatus({ run: runStatus() }) })));
    await user.click(screen.getByRole('button', { name: 'Show progress' }));
    await emit(bridge, { type: 'progress', at: AT, runId: RUN_ID, fixId: REF.fixId, pass: 'after', started: 9, finished: 7, total: 20 });
    expect(screen.getByText(/7 \/ 20 items refreshed/).textContent).toBe('With the fix: 7 / 20 items refreshed');
    expect((screen.getByRole('progressbar') as HTMLProgressElement).value).toBe(7);
    await emit(bridge, { type: 'progress', at: AT, runId: RUN_ID, fixId: REF.fixId, pass: 'after', started: 20, finished: 20, total: 20 });
    expect(screen.getByText(/items refreshed/).textContent).toBe('With the fix: 20 / 20 items refreshed');
  });

  it('follows phases on the stepper and lists the latest events', async () => {
    const { bridge, user } = await open((b) => b.getStatus.mockReturnValue(Promise.resolve({ ok: true, value: appStatus({ run: runStatus({ phase: 'implement' }) }) })));
    await user.click(screen.getByRole('button', { name: 'Show progress' }));
    await emit(bridge, { type: 'phase', at: AT, runId: RUN_ID, iteration: 1, phase: 'restart', fixId: REF.fixId });
    await emit(bridge, { type: 'message', at: AT, level: 'info', text: 'Started plug-in seen for GEVI' });
    const current = screen.getAllByRole('listitem').find((li) => li.getAttribute('aria-current') === 'step');
    expect(current?.textContent).toContain('Restart');
    const feed = screen.getByRole('list', { name: 'Latest' });
    expect(within(feed).getAllByRole('listitem').map((li) => li.textContent)).toEqual([expect.stringContaining('Started plug-in seen for GEVI'), expect.stringContaining('Restarting the plug-in')]);
  });

  it('opens the result when a test finishes', async () => {
    const { bridge } = await open();
    await emit(bridge, { type: 'testFinished', at: AT, ...REF, fixTitle: 'Browser headers for IAFD requests', verdict: 'KEEP', why: 'All criteria met.', reportPath: '/r.md' });
    expect(bridge.getResult).toHaveBeenCalledWith(REF);
    expect(await screen.findByText('It worked. The change stays.')).toBeTruthy();
    expect(tab('History').getAttribute('aria-current')).toBe('page');
  });

  it('offers the result instead of leaving Settings when a test finishes there', async () => {
    const { bridge, user } = await open();
    await user.click(tab('Settings'));
    await screen.findByRole('heading', { name: 'Settings' });
    await emit(bridge, { type: 'testFinished', at: AT, ...REF, fixTitle: 'Browser headers', verdict: 'ROLLBACK', why: 'The plug-in did not start.', reportPath: '/r.md' });
    expect(screen.getByRole('heading', { name: 'Settings' })).toBeTruthy();
    expect(screen.getByText(/Test finished: Browser headers — ROLLBACK/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show the result' }));
    expect(bridge.getResult).toHaveBeenCalledWith(REF);
    expect(screen.queryByText(/Test finished/)).toBeNull();
  });

  it('keeps a finished test on screen when the loop asks its next question: a banner points to it', async () => {
    const { bridge, user } = await open();
    await emit(bridge, { type: 'testFinished', at: AT, ...REF, fixTitle: 'Browser headers for IAFD requests', verdict: 'KEEP', why: 'All criteria met.', reportPath: '/r.md' });
    expect(await screen.findByText('It worked. The change stays.')).toBeTruthy();
    await emit(bridge, { type: 'needsConfirmation', at: AT, proposal: proposal({ fixId: 'next-fix', title: 'The next fix' }) });
    expect(screen.getByText('It worked. The change stays.')).toBeTruthy();
    expect(screen.getByText('A fix is waiting for your answer.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Review' }));
    expect(screen.getByRole('heading', { level: 2, name: 'The next fix' })).toBeTruthy();
  });

  it('closes an open confirm step on Escape first; the next Escape asks main to hide the popover', async () => {
    const { bridge, user } = await open();
    await emit(bridge, { type: 'navigate', to: { view: 'result', ref: REF } });
    await user.click(await screen.findByRole('button', { name: 'Roll back' }));
    expect(screen.getByRole('group')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('group')).toBeNull();
    expect(bridge.hidePopover).not.toHaveBeenCalled();
    await user.keyboard('{Escape}');
    expect(bridge.hidePopover).toHaveBeenCalledExactlyOnceWith();
    expect(bridge.rollback).not.toHaveBeenCalled();
  });

  it('points to a waiting question from Settings instead of dropping unsaved edits', async () => {
    const { bridge, user } = await open();
    await user.click(tab('Settings'));
    await screen.findByRole('heading', { name: 'Settings' });
    await emit(bridge, { type: 'needsConfirmation', at: AT, proposal: proposal() });
    expect(screen.getByRole('heading', { name: 'Settings' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Review' }));
    expect(screen.getByRole('button', { name: 'Proceed' })).toBeTruthy();
  });

  it.each([
    [{ view: 'history' }, 'History'],
    [{ view: 'settings' }, 'Settings'],
  ] as const)('goes where a notification click says: %j', async (to, heading) => {
    const { bridge } = await open();
    await emit(bridge, { type: 'navigate', to });
    expect(await screen.findByRole('heading', { name: heading })).toBeTruthy();
  });

  it('opens a result from a notification click', async () => {
    const { bridge } = await open();
    await emit(bridge, { type: 'navigate', to: { view: 'result', ref: REF } });
    expect(bridge.getResult).toHaveBeenCalledWith(REF);
  });

  it('shows Plex going away and coming back', async () => {
    const { bridge } = await open();
    bridge.getStatus.mockReturnValue(Promise.resolve({ ok: true, value: appStatus({ plex: { serverUrl: 'http://127.0.0.1:32400', connected: false, version: null, problem: 'Plex does not answer at http://127.0.0.1:32400. Open Plex Media Server.' } }) }));
    await emit(bridge, { type: 'plex', at: AT, connected: false });
    expect(screen.getByText('Plex not connected')).toBeTruthy();
    expect(await screen.findByText('Plex does not answer at http://127.0.0.1:32400. Open Plex Media Server.')).toBeTruthy();
    await emit(bridge, { type: 'plex', at: AT, connected: true, version: '1.41.4.9400' });
    expect(screen.getByText('Plex 1.41.4.9400')).toBeTruthy();
  });

  it('adds a notice pushed by main, with a count on the Status tab', async () => {
    const { bridge } = await open();
    await emit(bridge, { type: 'notice', notice: notice({ title: 'A notification could not be shown' }) });
    expect(screen.getByText('A notification could not be shown')).toBeTruthy();
    expect(tab('Status').textContent).toContain('1');
  });

  it('stops listening when it is closed', async () => {
    const { bridge, unmount } = await open();
    expect(bridge.listeners).toBe(1);
    unmount();
    expect(bridge.listeners).toBe(0);
  });
});
