// Main-process log lines. Every line passes through redact() with the tokens this process has
// seen, so a token can never reach a log (CONTRIBUTING.md, Security).
import { redact } from '../../shared/redact.ts';

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

export function createLog(known: () => readonly string[], sink: Pick<Console, 'info' | 'warn' | 'error'> = console): Log {
  const clean = (text: string) => redact(text, known());
  return {
    info: (message) => sink.info(clean(`[agent-doctor] ${message}`)),
    warn: (message) => sink.warn(clean(`[agent-doctor] ${message}`)),
    error: (message, err) => {
      const detail = err === undefined ? '' : `: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
      sink.error(clean(`[agent-doctor] ${message}${detail}`));
    },
  };
}
