import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, stat, writeFile, chmod } from 'node:fs/promises';
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

const made: string[] = [];
afterAll(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'ad-atomic-'));
  made.push(d);
  return d;
};

describe('prepareAtomicWrite (a transaction over several files)', () => {
  it('writes a synced temp file under the given name; the target changes only on commit', async () => {
    const { prepareAtomicWrite } = await import('../../../../main/engine/util/atomic-write.ts');
    const dir = await tempDir();
    const file = join(dir, 'utils.py');
    await writeFile(file, 'old');
    const prepared = await prepareAtomicWrite(file, 'new', { tempName: '.utils.py.tx1.tmp' });
    expect(prepared.temp).toBe(join(dir, '.utils.py.tx1.tmp'));
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readFile(prepared.temp, 'utf8')).toBe('new');
    await prepared.commit();
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['utils.py']);
  });

  it('discard leaves the target untouched; setMode overrides the existing mode', async () => {
    const { prepareAtomicWrite } = await import('../../../../main/engine/util/atomic-write.ts');
    const dir = await tempDir();
    const file = join(dir, 'a.py');
    await writeFile(file, 'old');
    await chmod(file, 0o644);
    await (await prepareAtomicWrite(file, 'x')).discard();
    expect(await readdir(dir)).toEqual(['a.py']);
    await atomicWrite(file, 'restored', { setMode: 0o600 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('ensureDir creates nested folders and accepts existing ones', async () => {
    const { ensureDir } = await import('../../../../main/engine/util/atomic-write.ts');
    const dir = await tempDir();
    await ensureDir(join(dir, 'a', 'b', 'c'));
    await ensureDir(join(dir, 'a', 'b', 'c'));
    expect((await stat(join(dir, 'a', 'b', 'c'))).isDirectory()).toBe(true);
  });
});
