// Loop handlers: each passes the (validated) request straight to the engine.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../../main/engine/errors.ts';
import { harness, ref } from './harness.ts';

describe('loop handlers', () => {
  it('starts, stops and resumes the loop', async () => {
    const h = harness();
    expect(await h.call('startLoop')).toEqual({ ok: true, value: { runId: ref.runId } });
    expect(await h.call('stopLoop')).toEqual({ ok: true, value: null });
    expect(await h.call('resumeLoop')).toEqual({ ok: true, value: { runId: ref.runId } });
    expect(h.engine.startLoop).toHaveBeenCalledTimes(1);
    expect(h.engine.stopLoop).toHaveBeenCalledTimes(1);
    expect(h.engine.resumeLoop).toHaveBeenCalledTimes(1);
  });

  it('passes the answer to a proposal, and the manual restart confirmation', async () => {
    const h = harness();
    expect(await h.call('answerProposal', { fixId: ref.fixId, answer: 'skip' })).toEqual({ ok: true, value: null });
    expect(h.engine.answerProposal).toHaveBeenCalledWith({ fixId: ref.fixId, answer: 'skip' });
    expect(await h.call('continueRestart')).toEqual({ ok: true, value: null });
    expect(h.engine.continueRestart).toHaveBeenCalledTimes(1);
  });

  it("returns the engine's reason when it refuses", async () => {
    const h = harness();
    h.engine.answerProposal = async () => {
      throw new UserError('stale-proposal', 'That question was already answered.', 'Look at the popover for the current one.');
    };
    expect(await h.call('answerProposal', { fixId: 'other-fix', answer: 'proceed' })).toEqual({
      ok: false,
      error: { code: 'stale-proposal', message: 'That question was already answered.', hint: 'Look at the popover for the current one.' },
    });
  });
});
