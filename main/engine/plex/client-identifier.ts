// X-Plex-Client-Identifier: generated once per install and kept, so Plex sees one device
// instead of a new one on every run (plex-facts.md §1).
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { atomicWrite } from '../util/atomic-write.ts';
import { UserError } from '../errors.ts';

export const CLIENT_IDENTIFIER_FILE = 'plex-client-identifier';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads the identifier kept in `dataDir`, creating it (and the folder) on first use. A file
 *  that holds anything but one UUID is left alone and reported: it is not ours to overwrite. */
export async function loadClientIdentifier(dataDir: string): Promise<string> {
  const path = join(dataDir, CLIENT_IDENTIFIER_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const fresh = randomUUID();
    await mkdir(dataDir, { recursive: true });
    await atomicWrite(path, fresh + '\n', { mode: 0o600 });
    return fresh;
  }
  const value = text.trim();
  if (!UUID.test(value)) {
    throw new UserError(
      'plex-client-identifier-invalid',
      `The Plex client identifier file ${path} does not hold a client identifier.`,
      'Delete that file; Agent Doctor will create a new one on the next run.',
    );
  }
  return value;
}
