// One action, end to end, without Electron: validate the request, run the handler, turn any
// failure into a typed error value, validate and redact the answer. handle.ts puts the sender
// check in front of it for Electron IPC; a WebSocket bridge for `dev:web` can reuse it as is.
import type { z } from 'zod';
import { IPC, describeIssue, type Action, type IpcError, type IpcResult, type ParsedRequestOf, type ResponseInputOf, type ResponseOf } from '../../../shared/ipc.ts';
import { redact } from '../../../shared/redact.ts';
import { isUserError } from '../../engine/errors.ts';
import type { Log } from '../log.ts';

export type ActionHandler<A extends Action> = (request: ParsedRequestOf<A>) => Promise<ResponseInputOf<A>>;

export interface DispatchContext {
  log: Log;
  /** secrets held by main: never in an answer, never in a log */
  known(): readonly string[];
}

export async function runAction<A extends Action>(action: A, payload: unknown, handler: ActionHandler<A>, ctx: DispatchContext): Promise<IpcResult<ResponseOf<A>>> {
  // Indexing the table with a generic action gives a union TypeScript cannot call precisely.
  const contract: { request: z.ZodType; response: z.ZodType } = IPC[action];
  const request = contract.request.safeParse(payload);
  if (!request.success) {
    const what = describeIssue(request.error);
    // The payload itself is never logged: it may hold a token.
    ctx.log.warn(`${action}: refused an invalid request (${what})`);
    return failure({ code: 'invalid-request', message: `Agent Doctor could not accept this request: ${what}.`, hint: 'Check the value and try again.' });
  }
  let raw: ResponseInputOf<A>;
  try {
    raw = await handler(request.data as ParsedRequestOf<A>);
  } catch (err) {
    if (isUserError(err)) return failure(redactDeep({ code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) }, ctx.known()));
    ctx.log.error(`${action} failed`, err);
    return failure(UNEXPECTED);
  }
  const response = contract.response.safeParse(raw);
  if (!response.success) {
    ctx.log.error(`${action}: the answer does not match the IPC contract (${describeIssue(response.error)})`);
    return failure(UNEXPECTED);
  }
  return { ok: true, value: redactDeep(response.data as ResponseOf<A>, ctx.known()) };
}

const UNEXPECTED: IpcError = {
  code: 'unexpected',
  message: 'Something went wrong inside Agent Doctor.',
  hint: 'Try again. If it happens again, quit and reopen Agent Doctor.',
};

export const failure = (error: IpcError): { ok: false; error: IpcError } => ({ ok: false, error });

/** Every string inside `value` passed through redact(): tokens never cross the bridge. */
export function redactDeep<T>(value: T, known: readonly string[]): T {
  if (typeof value === 'string') return redact(value, known) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, known)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, known)])) as T;
  }
  return value;
}
