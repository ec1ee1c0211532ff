// Errors a person can act on. `message` says what went wrong in plain words; `hint` says
// what to do. The CLI prints both on one or two lines; the app shows them in the popover.
export class UserError extends Error {
  readonly hint: string | undefined;
  readonly code: string;
  constructor(code: string, message: string, hint?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UserError';
    this.code = code;
    this.hint = hint;
  }
}

export const isUserError = (e: unknown): e is UserError => e instanceof UserError;

/** A full disk (ENOSPC) becomes a UserError that says what it interrupted (`what` continues
 *  "The disk became full …"); anything else passes unchanged. */
export function diskFull(err: unknown, what: string, hint = 'Free some disk space, then try again.'): unknown {
  if (isUserError(err) || (err as NodeJS.ErrnoException).code !== 'ENOSPC') return err;
  return new UserError('no-space', `The disk became full ${what}`, hint, { cause: err });
}
