// `agent-doctor check-python FILE…`: the checker Agent Doctor runs before every write, on
// any file. One line per finding, `file:line:col rule message`; exit 1 when there are errors.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkPython, sandboxAppliesTo } from '../engine/python/index.ts';
import { isUserError } from '../engine/errors.ts';
import { UsageError, type Command } from './command.ts';

export const checkPythonCommand: Command = {
  name: 'check-python',
  summary: 'Check Python files the way Plex will load them (Python 2.7 + its sandbox).',
  usage: 'check-python [--sandbox] FILE…',
  help: `Checks each FILE as Python 2.7 source, without needing Python: syntax, indentation,
Python 3 constructs Plex cannot run, the coding line, and, for files in a bundle's
Contents/Code/ folder, the names Plex's sandbox refuses (like "_helper" or "__file__").

Prints one line per finding: FILE:LINE:COLUMN RULE MESSAGE.
Exit code: 0 no errors (warnings may be shown), 1 errors found or a file could not be read.

Options:
  --sandbox   apply Plex's sandbox rules even outside Contents/Code/ (e.g. to a copy)`,
  options: { sandbox: { type: 'boolean' } },
  positionals: true,
  async run(values, files, io) {
    if (files.length === 0) throw new UsageError('Name at least one Python file to check.');
    const forceSandbox = values.sandbox === true;
    let errors = 0;
    let warnings = 0;
    let failed = 0;
    for (const file of files) {
      const path = resolve(io.cwd, file);
      let bytes: Uint8Array;
      try {
        bytes = await readFile(path);
      } catch (err) {
        failed++;
        io.err(`${file}: cannot read it (${describeReadError(err)}).`);
        continue;
      }
      try {
        const result = await checkPython(bytes, { path, ...(forceSandbox ? { sandbox: true } : {}) });
        for (const f of [...result.findings, ...result.preExisting]) {
          io.out(`${file}:${f.line}:${f.column} ${f.rule} ${f.message}`);
          if (f.severity === 'error') errors++;
          else if (f.severity === 'warning') warnings++;
        }
        if (!forceSandbox && !sandboxAppliesTo(path)) io.err(`${file}: not in a bundle's Contents/Code/ folder, so Plex's sandbox rules were not applied (--sandbox applies them).`);
      } catch (err) {
        if (!isUserError(err)) throw err;
        failed++;
        io.err(`${file}: ${err.message}${err.hint ? ` ${err.hint}` : ''}`);
      }
    }
    const checked = files.length - failed;
    io.err(`${checked} file${checked === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${failed ? `, ${failed} not checked` : ''}.`);
    return errors > 0 || failed > 0 ? 1 : 0;
  },
};

function describeReadError(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (err as Error).message;
}
