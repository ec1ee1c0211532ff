import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_IDENTIFIER_FILE, loadClientIdentifier } from '../../../../main/engine/plex/client-identifier.ts';

describe('loadClientIdentifier', () => {
  it('creates one UUID on first use (and the folder) and returns the same one afterwards', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ad-cid-')), 'Agent Doctor');
    const first = await loadClientIdentifier(dir);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await loadClientIdentifier(dir)).toBe(first);
    expect(readFileSync(join(dir, CLIENT_IDENTIFIER_FILE), 'utf8')).toBe(first + '\n');
  });

  it('refuses a damaged file and leaves it as it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ad-cid-'));
    writeFileSync(join(dir, CLIENT_IDENTIFIER_FILE), 'not an id');
    await expect(loadClientIdentifier(dir)).rejects.toThrow(/does not hold a client identifier/);
    expect(readFileSync(join(dir, CLIENT_IDENTIFIER_FILE), 'utf8')).toBe('not an id');
  });
});
