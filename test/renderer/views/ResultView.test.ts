// The result view: expected vs actual, the decision, the items, and a rollback that asks.
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ResultView from '../../../renderer/views/ResultView.svelte';
import { fail } from '../fake-bridge.ts';
import { AT, REF, RUN_ID, appStatus, decision, fixResult, runStatus, testItems } from '../fixtures.ts';
import { appWith } from './helpers.ts';

const ROLLBACK_FAILED = { code: 'backup-mismatch', message: 'The backup of utils.py does not match its manifest, so nothing was restored.', hint: 'Open the reports folder and restore the file by hand.' };

async function showResult(result = fixResult()) {
  const setup = await appWith();
  setup.bridge.getResult.mockResolvedValue({ ok: true, value: result });
  render(ResultView, { props: { app: setup.app, fixRef: REF } });
  await screen.findByText(result.title);
  return setup;
}

describe('ResultView', () => {
  it('shows the decision, its reasons, expected vs actual and the paired counts', async () => {
    const { bridge } = await showResult();
    expect(bridge.getResult).toHaveBeenCalledWith(REF);
    expect(screen.getByText('KEEP')).toBeTruthy();
    expect(screen.getByText('100 % of criteria met · 20 items with an outcome', { normalizer: (s) => s.replace(/\s+/g, ' ').trim() })).toBeTruthy();
    expect(screen.getByText('100 % of the criteria were met and no failure indicator fired.')).toBeTruthy();
    expect(screen.getByText('IAFD URL errors per item: 2.10 → 0.40 (−81 %)')).toBeTruthy();
    expect(screen.getByText(/6 fixed/).closest('p')?.textContent).toBe('6 fixed (failed → OK) · 1 broken (OK → failed) · p = 0.125');
  });

  it('handles a result without criteria and with 40 items', async () => {
    await showResult(fixResult({ decision: decision({ verdict: 'MONITOR', criteria: [], indicators: [], criteriaMetPct: null, reasons: ['No criterion could be checked.'] }), items: testItems(40) }));
    expect(screen.getByText('This fix had no success criteria to check.')).toBeTruthy();
    expect(screen.getByText(/No criterion could be checked ·/)).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Test items' })).getAllByRole('row')).toHaveLength(41);
  });

  it('says when the comparison had no fresh before-test', async () => {
    await showResult(fixResult({ decision: decision({ pairedBaseline: false }) }));
    expect(screen.getByText('No fresh before-test: compared with the earlier logs.')).toBeTruthy();
  });

  it('rolls back only after the confirm step, then says what was restored', async () => {
    const { bridge, user } = await showResult();
    await user.click(screen.getByRole('button', { name: 'Roll back' }));
    expect(bridge.rollback).not.toHaveBeenCalled();
    await user.click(within(screen.getByRole('group')).getByRole('button', { name: 'Roll back' }));
    expect(bridge.rollback).toHaveBeenCalledExactlyOnceWith(REF);
    expect(screen.getByRole('status').textContent).toBe('The files are back as they were before the fix.');
    expect(screen.getByText('GEVI.bundle/Contents/Code/utils.py')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Roll back' })).toBeNull();
  });

  it('does not roll back when the confirm step is left with Escape', async () => {
    const { bridge, user } = await showResult();
    await user.click(screen.getByRole('button', { name: 'Roll back' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('group')).toBeNull();
    expect(bridge.rollback).not.toHaveBeenCalled();
  });

  it('shows why a rollback failed, with the hint, and keeps the button', async () => {
    const { bridge, user } = await showResult();
    bridge.rollback.mockReturnValueOnce(fail(ROLLBACK_FAILED));
    await user.click(screen.getByRole('button', { name: 'Roll back' }));
    await user.click(within(screen.getByRole('group')).getByRole('button', { name: 'Roll back' }));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(ROLLBACK_FAILED.message);
    expect(alert.textContent).toContain(ROLLBACK_FAILED.hint);
    expect(screen.getByRole('button', { name: 'Roll back' })).toBeTruthy();
  });

  it('reads the result again as the loop moves on: the change a ROLLBACK verdict left in the files is gone once the loop undid it', async () => {
    const setup = await appWith(appStatus({ run: runStatus({ phase: 'test' }) }));
    const rollbackVerdict = decision({ verdict: 'ROLLBACK' });
    setup.bridge.getResult.mockResolvedValueOnce({ ok: true, value: fixResult({ decision: rollbackVerdict, applied: true }) }).mockResolvedValue({ ok: true, value: fixResult({ decision: rollbackVerdict, applied: false }) });
    render(ResultView, { props: { app: setup.app, fixRef: REF } });
    expect(await screen.findByRole('button', { name: 'Roll back' })).toBeTruthy();
    setup.app.handle({ type: 'phase', at: AT, runId: RUN_ID, iteration: 1, phase: 'decide', fixId: REF.fixId });
    expect(await screen.findByText('This change is not in the agent’s files.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Roll back' })).toBeNull();
    expect(setup.bridge.getResult).toHaveBeenCalledTimes(2);
  });

  it('reads the result again when its run ends', async () => {
    const setup = await appWith(appStatus({ run: runStatus({ phase: 'propose', fixId: 'next-fix' }) }));
    render(ResultView, { props: { app: setup.app, fixRef: REF } });
    await screen.findByText(fixResult().title);
    setup.bridge.getStatus.mockResolvedValue({ ok: true, value: appStatus({ run: null }) });
    await setup.app.refresh();
    await expect.poll(() => setup.bridge.getResult.mock.calls.length).toBe(2);
  });

  it('does not read it again for the steps of another run', async () => {
    const setup = await appWith(appStatus({ run: runStatus({ runId: 'another-run' }) }));
    render(ResultView, { props: { app: setup.app, fixRef: REF } });
    await screen.findByText(fixResult().title);
    setup.app.handle({ type: 'phase', at: AT, runId: 'another-run', iteration: 1, phase: 'decide', fixId: 'other-fix' });
    await Promise.resolve();
    expect(setup.bridge.getResult).toHaveBeenCalledTimes(1);
  });

  it('says before a rollback that a running loop stops first', async () => {
    const setup = await appWith(appStatus({ run: runStatus({ phase: 'propose', fixId: 'next-fix' }) }));
    setup.bridge.getResult.mockResolvedValue({ ok: true, value: fixResult() });
    render(ResultView, { props: { app: setup.app, fixRef: REF } });
    await setup.user.click(await screen.findByRole('button', { name: 'Roll back' }));
    expect(screen.getByRole('group').getAttribute('aria-label')).toBe('The loop stops first (after its current step). Undo this fix and put the files back as they were?');
  });

  it('offers no rollback for a change that is not in the files', async () => {
    await showResult(fixResult({ applied: false, decision: decision({ verdict: 'ROLLBACK' }) }));
    expect(screen.queryByRole('button', { name: 'Roll back' })).toBeNull();
    expect(screen.getByText('This change is not in the agent’s files.')).toBeTruthy();
  });

  it('opens the test report', async () => {
    const { bridge, user } = await showResult();
    await user.click(screen.getByRole('button', { name: 'Open the test report' }));
    expect(bridge.openReport).toHaveBeenCalledWith({ kind: 'test', ...REF });
  });

  it('shows why the result could not be loaded', async () => {
    const { app, bridge } = await appWith();
    bridge.getResult.mockReturnValue(fail({ code: 'result-missing', message: 'This test has no result file.', hint: 'It may have been interrupted; see History.' }));
    render(ResultView, { props: { app, fixRef: REF } });
    expect((await screen.findByRole('alert')).textContent).toContain('It may have been interrupted; see History.');
  });
});
