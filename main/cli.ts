// `agent-doctor` — the command-line face of the engine. Parses argv, dispatches to one
// command module, turns errors into one or two plain lines and an exit code:
// 0 ok · 1 the command failed or found problems · 2 wrong invocation.
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { commands } from './cli/commands.ts';
import { UsageError, type CliIO, type Command } from './cli/command.ts';
import { isUserError } from './engine/errors.ts';
import { redact } from '../shared/redact.ts';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  return [
    'Agent Doctor — repairs legacy Plex metadata agents, one measured fix at a time.',
    '',
    'Usage: agent-doctor <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "agent-doctor <command> --help" for the options of one command.',
  ].join('\n');
}

export function commandHelp(c: Command): string {
  return `Usage: agent-doctor ${c.usage}\n\n${c.summary}\n\n${c.help.trimEnd()}`;
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    io.out(target ? commandHelp(target) : mainHelp());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(version);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}". Run "agent-doctor --help" to see the commands.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({ args: [...rest], options: command.options, allowPositionals: command.positionals ?? false, strict: true });
    return await command.run(values, positionals, io);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(err as Error).message}\nUsage: agent-doctor ${command.usage}`);
      return 2;
    }
    const known = io.env.PLEX_TOKEN ? [io.env.PLEX_TOKEN] : [];
    if (isUserError(err)) {
      io.err(redact(err.message, known));
      if (err.hint) io.err(redact(err.hint, known));
      return 1;
    }
    io.err(`Unexpected error: ${redact(err instanceof Error ? (err.stack ?? err.message) : String(err), known)}`);
    return 1;
  }
}

function processIO(): CliIO {
  return {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    ask: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return (await rl.question(question)).trim();
      } finally {
        rl.close();
      }
    },
    interactive: Boolean(process.stdin.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await runCli(process.argv.slice(2), processIO());
}

export { processIO };
