// runAction: one action from request to answer, and every way it can fail — as a value.
import { describe, expect, it, vi } from 'vitest';
import { UserError } from '../../../../main/engine/errors.ts';
import { redactDeep, runAction } from '../../../../main/app/ipc/dispatch.ts';
import { ref, capturingLog } from './harness.ts';

const TOKEN = 'SeCrEt-Token-12345';
const ctx = () => ({ log: capturingLog(() => [TOKEN]), known: () => [TOKEN] });

describe('runAction', () => {
  it('passes the parsed request to the handler and answers with its result', async () => {
    const handler = vi.fn(async () => ({ runId: 'r1' }));
    expect(await runAction('startLoop', undefined, handler, ctx())).toEqual({ ok: true, value: { runId: 'r1' } });
    expect(handler).toHaveBeenCalledWith(undefined);
  });

  it('refuses an invalid request with a typed error, without calling the handler or logging the payload', async () => {
    const c = ctx();
    const handler = vi.fn();
    const result = await runAction('setToken', { token: `${TOKEN} with spaces` }, handler, c);
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid-request', message: 'Agent Doctor could not accept this request: token: a Plex token has only letters, digits, "-", "_", "~" and ".".', hint: 'Check the value and try again.' },
    });
    expect(handler).not.toHaveBeenCalled();
    expect(c.log.lines.join('\n')).not.toContain(TOKEN);
  });

  it.each([
    ['a string instead of a reference', 'getResult', 'iafd'],
    ['a number', 'rollback', 7],
    ['an array', 'answerProposal', ['proceed']],
    ['an argument where none is taken', 'getStatus', { x: 1 }],
    ['an unknown answer', 'answerProposal', { fixId: 'a', answer: 'maybe' }],
    ['a prototype-polluting key', 'getResult', JSON.parse('{"__proto__": {"admin": true}, "runId": "r", "iteration": 1, "fixId": "a"}')],
  ] as const)('refuses %s', async (_name, action, payload) => {
    const handler = vi.fn();
    const result = await runAction(action, payload, handler, ctx());
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('invalid-request');
    expect(handler).not.toHaveBeenCalled();
  });

  it("turns an engine UserError into its code, message and hint, redacted", async () => {
    const handler = async () => {
      throw new UserError('token-rejected', `Plex rejected the token ${TOKEN} from the preferences.`, 'Set the token again in Settings.');
    };
    expect(await runAction('scanLogs', undefined, handler, ctx())).toEqual({
      ok: false,
      error: { code: 'token-rejected', message: 'Plex rejected the token <redacted> from the preferences.', hint: 'Set the token again in Settings.' },
    });
  });

  it('turns any other failure into a plain "unexpected" error and logs it redacted', async () => {
    const c = ctx();
    const handler = async () => {
      throw new TypeError(`cannot read GET http://127.0.0.1:32400/?X-Plex-Token=${TOKEN}`);
    };
    const result = await runAction('getHistory', undefined, handler, c);
    expect(result).toEqual({ ok: false, error: { code: 'unexpected', message: 'Something went wrong inside Agent Doctor.', hint: expect.any(String) } });
    expect(c.log.lines.join('\n')).toContain('getHistory failed: TypeError: cannot read GET http://127.0.0.1:32400/?X-Plex-Token=<redacted>');
  });

  it('refuses to send an answer that breaks the contract', async () => {
    const c = ctx();
    const result = await runAction('startLoop', undefined, async () => ({ runId: '../../etc' }), c);
    expect(result).toMatchObject({ ok: false, error: { code: 'unexpected' } });
    expect(c.log.lines.join('\n')).toContain('does not match the IPC contract');
  });

  it('drops fields the contract does not name and redacts the token wherever it appears', async () => {
    const answer = { ref, files: [`x?X-Plex-Token=${TOKEN}`], text: `restored with ${TOKEN}`, token: TOKEN };
    const result = await runAction('rollback', ref, async () => answer as never, ctx());
    expect(result).toEqual({ ok: true, value: { ref, files: ['x?X-Plex-Token=<redacted>'], text: 'restored with <redacted>' } });
  });
});

describe('redactDeep', () => {
  it('redacts every string, at any depth, and keeps everything else', () => {
    expect(redactDeep({ a: [TOKEN, 1, null, { b: `t=${TOKEN}` }], c: true }, [TOKEN])).toEqual({ a: ['<redacted>', 1, null, { b: 't=<redacted>' }], c: true });
  });
});
