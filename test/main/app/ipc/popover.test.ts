// The popover handler: the page owns Escape and asks main to hide when nothing is left to close.
import { describe, expect, it } from 'vitest';
import { harness } from './harness.ts';

describe('hidePopover', () => {
  it('hides the popover', async () => {
    const h = harness();
    expect(await h.call('hidePopover')).toEqual({ ok: true, value: null });
    expect(h.ctx.hidePopover).toHaveBeenCalledOnce();
  });

  it('refuses a request with a payload, and does not hide', async () => {
    const h = harness();
    const call = h.call as (action: 'hidePopover', request: unknown) => ReturnType<typeof h.call>;
    expect(await call('hidePopover', { window: 'another' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(h.ctx.hidePopover).not.toHaveBeenCalled();
  });
});
