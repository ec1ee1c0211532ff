import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonFile } from '../../../../main/engine/util/json-file.ts';

const Schema = z.object({ version: z.literal(1), names: z.array(z.string()) });

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'ad-json-'));
  dirs.push(d);
  return d;
};

describe('readJsonFile', () => {
  it('returns the parsed value, or undefined when the file does not exist', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.json'), '{"version":1,"names":["x"]}');
    expect(await readJsonFile(join(dir, 'a.json'), Schema, 'list')).toEqual({ version: 1, names: ['x'] });
    expect(await readJsonFile(join(dir, 'missing.json'), Schema, 'list')).toBeUndefined();
  });

  it('names the file and what is wrong when it is damaged', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'bad.json'), '{"version":1,');
    await writeFile(join(dir, 'shape.json'), '{"version":2,"names":[]}');
    await expect(readJsonFile(join(dir, 'bad.json'), Schema, 'list of fixes')).rejects.toMatchObject({ code: 'file-damaged', message: expect.stringMatching(/^The list of fixes .*bad\.json is not valid JSON/) });
    await expect(readJsonFile(join(dir, 'shape.json'), Schema, 'list of fixes')).rejects.toMatchObject({ code: 'file-damaged', message: expect.stringMatching(/shape\.json has an unexpected shape \(version: /) });
  });
});
