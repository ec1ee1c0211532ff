// Reading our own JSON files back (journal, manifests, logs): parsed with their zod schema, a
// damaged file is a UserError that names it, a missing file is `undefined`.
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { UserError } from '../errors.ts';

export async function readJsonFile<S extends z.ZodType>(path: string, schema: S, what: string): Promise<z.infer<S> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError('file-unreadable', `The ${what} ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`, 'Check the permissions of the Agent Doctor data folder.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UserError('file-damaged', `The ${what} ${path} is not valid JSON (${(err as Error).message}).`, 'It was changed outside Agent Doctor or damaged. Restore it from a backup, or move it away to start afresh.');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError('file-damaged', `The ${what} ${path} has an unexpected shape (${issue ? `${issue.path.join('.') || 'top level'}: ${issue.message}` : 'invalid'}).`, 'It was changed outside Agent Doctor or damaged. Restore it from a backup, or move it away to start afresh.');
  }
  return parsed.data;
}
