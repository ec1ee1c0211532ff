// A CliIO that records what a command prints and answers its questions from a list.
import type { CliIO } from '../../main/cli/command.ts';

export function captureIO(answers: string[] = []): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (l) => stdout.push(l),
    err: (l) => stderr.push(l),
    ask: async () => answers.shift() ?? '',
    interactive: answers.length > 0,
    env: {},
    cwd: process.cwd(),
  };
}
