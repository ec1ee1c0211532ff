// Typed failures of a conversation with Plex Media Server. Each is a UserError whose message
// says what happened and whose hint says what the person can do about it.
import { UserError } from '../errors.ts';
import { describeTokenSource, type TokenSource } from './token-source.ts';

export type PlexErrorKind = 'unauthorized' | 'notFound' | 'unavailable' | 'timeout' | 'server';

export class PlexError extends UserError {
  readonly kind: PlexErrorKind;
  /** the HTTP status when Plex answered at all */
  readonly status: number | undefined;
  constructor(kind: PlexErrorKind, message: string, hint: string, status?: number, options?: ErrorOptions) {
    super(`plex-${kind}`, message, hint, options);
    this.name = 'PlexError';
    this.kind = kind;
    this.status = status;
  }
}

export const isPlexError = (e: unknown, kind?: PlexErrorKind): e is PlexError => e instanceof PlexError && (kind === undefined || e.kind === kind);

/** `what` names the request in words a person recognises, e.g. "GET /library/sections". */
export function unauthorized(serverUrl: string, source: TokenSource): PlexError {
  if (source.kind === 'none') {
    return new PlexError(
      'unauthorized',
      `Plex Media Server at ${serverUrl} asked for a token and none was found (looked in: ${source.looked.join('; ')}).`,
      'Sign in to Plex Media Server on this Mac so it stores a token, or set the PLEX_TOKEN environment variable.',
      401,
    );
  }
  return new PlexError(
    'unauthorized',
    `Token rejected: Plex Media Server at ${serverUrl} did not accept the token from ${describeTokenSource(source)}.`,
    source.kind === 'env'
      ? 'Set PLEX_TOKEN to a current token, or unset it so the token is read from the Plex preferences.'
      : 'Open Plex Media Server on this Mac and sign in again so it stores a fresh token, or set PLEX_TOKEN.',
    401,
  );
}

export function notFound(serverUrl: string, what: string): PlexError {
  return new PlexError(
    'notFound',
    `Plex Media Server at ${serverUrl} has no ${what} (404).`,
    'If this is a library item, it may have been removed or re-added (its number changes then): look it up again by title.',
    404,
  );
}

export function unavailable(serverUrl: string, detail?: string, status?: number, cause?: unknown): PlexError {
  const starting = status === 503;
  return new PlexError(
    'unavailable',
    starting
      ? `Plex Media Server at ${serverUrl} is starting or stopping (503).`
      : `Plex Media Server is not answering at ${serverUrl}${detail ? ` (${detail})` : ''}.`,
    starting ? 'Wait a moment and try again.' : 'Start Plex Media Server (or check the server address), then try again.',
    status,
    { cause },
  );
}

export function timedOut(serverUrl: string, what: string, timeoutMs: number, cause?: unknown): PlexError {
  return new PlexError(
    'timeout',
    `Plex Media Server at ${serverUrl} did not answer ${what} within ${formatSeconds(timeoutMs)}.`,
    'Plex may be busy (a library scan or many refreshes). Try again in a minute.',
    undefined,
    { cause },
  );
}

export function serverError(serverUrl: string, what: string, status: number): PlexError {
  return new PlexError(
    'server',
    `Plex Media Server at ${serverUrl} failed on ${what} (HTTP ${status}).`,
    'Look in "Plex Media Server.log" for the cause, then try again.',
    status,
  );
}

/** Plex answered, but not in the shape plex-facts.md describes. */
export function unexpectedAnswer(serverUrl: string, what: string, detail: string): PlexError {
  return new PlexError(
    'server',
    `Plex Media Server at ${serverUrl} gave an answer to ${what} that Agent Doctor does not understand (${detail}).`,
    'Check that the address points to Plex Media Server; if it does, report this with your Plex version.',
  );
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
