// The shape of one CLI command. Each command lives in its own module under main/cli/ and is
// listed in commands.ts; main/cli.ts only parses argv and dispatches.
import type { ParseArgsOptionsConfig } from 'node:util';

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  /** asks a question on the terminal; resolves with the trimmed answer */
  ask(question: string): Promise<string>;
  /** true when stdin is a terminal a person can answer */
  interactive: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface Command {
  name: string;
  /** one line for the command list */
  summary: string;
  /** full --help text after the usage line */
  help: string;
  usage: string;
  options: ParseArgsOptionsConfig;
  /** positional arguments allowed? */
  positionals?: boolean;
  /** returns the exit code */
  run(values: OptionValues, positionals: string[], io: CliIO): Promise<number>;
}

/** Thrown for a wrong invocation: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function numberOption(values: OptionValues, name: string, { min = -Infinity, max = Infinity, integer = false } = {}): number | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    throw new UsageError(`--${name} must be ${integer ? 'a whole number' : 'a number'}${Number.isFinite(min) ? ` ≥ ${min}` : ''}${Number.isFinite(max) ? ` and ≤ ${max}` : ''} (got "${raw}")`);
  }
  return n;
}
