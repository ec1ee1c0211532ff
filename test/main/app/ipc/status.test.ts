// Status handlers: the engine's status plus what only main knows (token present, notices).
import { describe, expect, it } from 'vitest';
import { engineStatus, harness } from './harness.ts';

describe('getStatus', () => {
  it("adds whether a token is stored and the unread notices to the engine's status", async () => {
    const h = harness();
    const notice = h.notices.add({ level: 'warn', title: 'Could not show a notification', body: 'KEEP: headers' });
    expect(await h.call('getStatus')).toEqual({ ok: true, value: { ...engineStatus(), hasToken: false, notices: [notice] } });
    await h.vault.save('abcdefgh12345678');
    expect(await h.call('getStatus')).toMatchObject({ ok: true, value: { hasToken: true } });
  });

  it('says plainly when there is no engine', async () => {
    const h = harness({ engineUp: false });
    h.slot.fail(new Error('boom'));
    expect(await h.call('getStatus')).toEqual({
      ok: false,
      error: { code: 'engine-unavailable', message: 'Agent Doctor could not start its engine.', hint: 'Quit and reopen Agent Doctor. If it happens again, reinstall it.' },
    });
  });

  it('says when the engine is still starting', async () => {
    const h = harness({ engineUp: false });
    expect(await h.call('scanLogs')).toMatchObject({ ok: false, error: { code: 'engine-starting' } });
  });
});

describe('scanLogs', () => {
  it("answers with the engine's scan summary", async () => {
    const h = harness();
    const result = await h.call('scanLogs');
    expect(result).toMatchObject({ ok: true, value: { filesRead: 6, agents: [{ agent: 'GEVI', failedItems: 14 }] } });
  });
});

describe('dismissNotice', () => {
  it('removes the notice from the badge', async () => {
    const h = harness();
    const notice = h.notices.add({ level: 'info', title: 't', body: 'b' });
    expect(await h.call('dismissNotice', { id: notice.id })).toEqual({ ok: true, value: null });
    expect(h.notices.list()).toEqual([]);
  });
});
