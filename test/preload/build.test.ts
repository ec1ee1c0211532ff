// The preload as Electron loads it: one CommonJS file whose only require is `electron` —
// a sandboxed preload can load nothing else (electron-notes.md §2).
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';

let outDir: string;
let code: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'agent-doctor-preload-'));
  await build({ configFile: 'vite.preload.config.ts', logLevel: 'silent', build: { outDir } });
  code = readFileSync(join(outDir, 'index.cjs'), 'utf8');
});

describe('the built preload', () => {
  it('is one file, index.cjs', () => {
    expect(readdirSync(outDir)).toEqual(['index.cjs']);
  });

  it('requires electron and nothing else', () => {
    const required = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
    expect(code).not.toMatch(/\bimport\s*\(/);
  });

  it('exposes the bridge and carries no schema library', () => {
    expect(code).toContain('exposeInMainWorld(BRIDGE_KEY, api)');
    expect(code).not.toMatch(/zod/i);
    expect(code.length).toBeLessThan(10_000);
  });
});
