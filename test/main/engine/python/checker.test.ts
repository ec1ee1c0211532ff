// The checker as the engine calls it: in a worker thread, with a size limit, a time limit,
// recycling, and clear errors when the worker cannot start, hangs, crashes or talks nonsense.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PythonChecker, checkPython } from '../../../../main/engine/python/index.ts';
import { FIXTURES, check } from './helpers.ts';

const UTILS = readFileSync(join(FIXTURES, 'PGMA-Sample.bundle/Contents/Code/utils.py'));
const fakeWorker = (name: string) => pathToFileURL(join(FIXTURES, 'workers', name));
const checkers: PythonChecker[] = [];
const make = (options: ConstructorParameters<typeof PythonChecker>[0] = {}) => {
  const c = new PythonChecker(options);
  checkers.push(c);
  return c;
};
afterAll(async () => {
  await Promise.all(checkers.map((c) => c.close()));
});

describe('checking in the worker', () => {
  it('gives the same result as the pipeline itself', async () => {
    const checker = make();
    const code = 'def f():\n    _x = 1\n    return f"{_x}"\n';
    expect(await checker.check(code, { path: 'A.bundle/Contents/Code/a.py' })).toEqual(await check(code, { sandbox: true }));
  });

  it('accepts text or bytes alike', async () => {
    const checker = make();
    const code = '# -*- coding: utf-8 -*-\nx = u"café"\ny = rb"x"\n';
    expect(await checker.check(code)).toEqual(await checker.check(new TextEncoder().encode(code)));
  });

  it('answers queued checks in order, each with its own result', async () => {
    const checker = make();
    const results = await Promise.all(['x = 1\n', 'x = f"y"\n', 'def f(:\n', '_x = 1\n'].map((code) => checker.check(code)));
    expect(results.map((r) => r.ok)).toEqual([true, false, false, false]);
    expect(results.map((r) => r.findings[0]?.rule)).toEqual([undefined, 'py3-fstring', 'syntax-error', 'restricted-name']);
    expect(checker.workersStarted).toBe(1);
  });

  it('applies the sandbox rules by path, unless told otherwise', async () => {
    const checker = make();
    const code = '_x = 1\n';
    expect((await checker.check(code, { path: 'GEVI.bundle/Contents/Code/__init__.py' })).ok).toBe(false);
    expect((await checker.check(code, { path: 'GEVI.bundle/Contents/Libraries/Shared/lib.py' })).ok).toBe(true);
    expect((await checker.check(code, { path: 'GEVI.bundle/Contents/Libraries/Shared/lib.py', sandbox: true })).ok).toBe(false);
    expect((await checker.check(code)).ok).toBe(false);
  });

  it('compares with the original in the same call', async () => {
    const checker = make();
    const result = await checker.check('_a = 1\n_b = 2\n', { original: '_a = 1\n' });
    expect(result.findings).toMatchObject([{ line: 2 }]);
    expect(result.preExisting).toMatchObject([{ line: 1 }]);
  });

  it('checkPython() uses one shared checker', async () => {
    expect((await checkPython('print "x"\n')).ok).toBe(true);
  });
});

describe('limits', () => {
  it('refuses more than 2 MB before starting any work', async () => {
    const checker = make();
    const big = new Uint8Array(2 * 1024 * 1024 + 1).fill(0x20);
    await expect(checker.check(big)).rejects.toMatchObject({ code: 'python-file-too-large', message: expect.stringMatching(/2\.0 MB.*up to 2\.0 MB/) });
    await expect(checker.check('x = 1\n', { original: big })).rejects.toMatchObject({ code: 'python-file-too-large', message: expect.stringMatching(/original/) });
    expect(checker.workersStarted).toBe(0);
  });

  it('stops a check that runs past its time, then carries on with a fresh worker', async () => {
    // ~1.7 MB takes several hundred ms; a one-liner takes about one
    const huge = Buffer.concat([UTILS, UTILS, UTILS, UTILS]);
    const checker = make({ timeoutMs: 150 });
    await expect(checker.check(huge)).rejects.toMatchObject({ code: 'python-check-timeout', message: expect.stringMatching(/0\.15 s/) });
    await expect(checker.check('x = 1\n')).resolves.toMatchObject({ ok: true });
    expect(checker.workersStarted).toBe(2);
  });

  it('ends a worker that never answers', async () => {
    const checker = make({ workerUrl: fakeWorker('silent-worker.mjs'), timeoutMs: 100 });
    await expect(checker.check('x = 1\n')).rejects.toMatchObject({ code: 'python-check-timeout', hint: expect.stringMatching(/Nothing was changed/) });
    await expect(checker.check('x = 1\n')).rejects.toMatchObject({ code: 'python-check-timeout' });
    expect(checker.workersStarted).toBe(2);
  });

  it('reports a worker that crashes, and starts a new one for the next check', async () => {
    const checker = make({ workerUrl: fakeWorker('crashing-worker.mjs') });
    await expect(checker.check('x = 1\n')).rejects.toMatchObject({ code: 'python-checker-crashed', message: expect.stringMatching(/exit code 3/) });
    await expect(checker.check('x = 1\n')).rejects.toMatchObject({ code: 'python-checker-crashed' });
    expect(checker.workersStarted).toBe(2);
  });

  it('does not trust an answer of the wrong shape', async () => {
    const checker = make({ workerUrl: fakeWorker('lying-worker.mjs') });
    await expect(checker.check('x = 1\n')).rejects.toMatchObject({ code: 'python-check-failed' });
  });

  it('says which parser file is missing when the worker cannot start', async () => {
    const checker = make({ wasmDir: '/nonexistent/wasm' });
    await expect(checker.check('x = 1\n')).rejects.toMatchObject({
      code: 'python-checker-unavailable',
      message: expect.stringContaining('/nonexistent/wasm/web-tree-sitter.wasm'),
      hint: expect.stringMatching(/Reinstall/),
    });
  });
});

describe('recycling', () => {
  it('replaces the worker after N checks', async () => {
    const checker = make({ recycleAfterChecks: 2 });
    for (let i = 0; i < 5; i++) await checker.check('x = 1\n');
    expect(checker.workersStarted).toBe(3);
  });

  it('replaces the worker after a large input (its WebAssembly memory never shrinks)', async () => {
    const checker = make({ recycleAboveBytes: 100 * 1024 });
    await checker.check('x = 1\n');
    await checker.check(UTILS);
    await checker.check('x = 1\n');
    expect(checker.workersStarted).toBe(2);
  });

  it('can be used again after close()', async () => {
    const checker = make();
    await checker.check('x = 1\n');
    await checker.close();
    expect((await checker.check('x = f"a"\n')).ok).toBe(false);
    expect(checker.workersStarted).toBe(2);
  });
});

describe('the process', () => {
  it('can exit while the checker is idle (the worker does not hold it open)', async () => {
    const entry = pathToFileURL(join(import.meta.dirname, '../../../../main/engine/python/index.ts')).href;
    const script = join(mkdtempSync(join(tmpdir(), 'checker-exit-')), 'one-check.mjs');
    writeFileSync(script, `import { checkPython } from ${JSON.stringify(entry)};\nconst r = await checkPython('x = f"a"\\n');\nconsole.log(JSON.stringify(r.findings.map((f) => f.rule)));\n`);
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [script], { timeout: 30_000 }, (err, out) => (err ? reject(err) : resolve(out)));
    });
    expect(stdout.trim()).toBe('["py3-fstring"]');
  });
});
