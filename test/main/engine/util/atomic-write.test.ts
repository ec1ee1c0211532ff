import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atomicWrite, atomicWriteJson } from '../../../../main/engine/util/atomic-write.ts';

describe('atomicWrite', () => {
  it('replaces the content and keeps the existing mode', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ad-atomic-'));
    const file = join(dir, 'utils.py');
    await writeFile(file, 'old');
    await chmod(file, 0o600);
    await atomicWrite(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['utils.py']);
  });

  it('leaves no temp file and the old content when the folder is gone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ad-atomic-'));
    await expect(atomicWrite(join(dir, 'missing', 'x.json'), '{}')).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes JSON with a trailing newline', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ad-atomic-'));
    await atomicWriteJson(join(dir, 'a.json'), { a: 1 });
    expect(await readFile(join(dir, 'a.json'), 'utf8')).toBe('{\n  "a": 1\n}\n');
  });
});
