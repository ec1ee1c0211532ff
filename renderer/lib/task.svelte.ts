// One bridge call at a time, with its busy flag and its error, for a button or a form.
// The bridge resolves to a result value and never rejects (shared/bridge.ts); a bridge that
// breaks that promise anyway is turned into an error value here, so a button never stays busy.
import type { IpcError, IpcResult } from '../../shared/ipc.ts';

export const NO_ANSWER: IpcError = {
  code: 'no-answer',
  message: 'Agent Doctor did not answer.',
  hint: 'Try again. If it keeps happening, quit and reopen Agent Doctor.',
};

export async function settle<T>(call: () => Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  try {
    return await call();
  } catch {
    return { ok: false, error: NO_ANSWER };
  }
}

export class Task {
  busy = $state(false);
  error = $state<IpcError | null>(null);

  /** Runs `call` unless one is already running (a double click); `onDone` gets the value.
   *  Resolves to whether the call succeeded. */
  async run<T>(call: () => Promise<IpcResult<T>>, onDone?: (value: T) => void): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.error = null;
    try {
      const result = await settle(call);
      if (!result.ok) {
        this.error = result.error;
        return false;
      }
      onDone?.(result.value);
      return true;
    } finally {
      this.busy = false;
    }
  }

  /** An error found before calling the bridge (a form value that will not be accepted). */
  fail(message: string, hint?: string): void {
    this.error = { code: 'invalid-value', message, ...(hint ? { hint } : {}) };
  }
}
