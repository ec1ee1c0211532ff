// Shared by the python checker tests: an in-process check (the same pipeline the worker runs,
// without the thread, so big tables stay fast) and the CPython 2.7 oracle.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkPythonSource } from '../../../../main/engine/python/check.ts';
import type { CheckResult, Finding } from '../../../../main/engine/python/finding.ts';
import { PythonParser } from '../../../../main/engine/python/parser.ts';
import { wasmPaths } from '../../../../main/engine/python/wasm.ts';

let parser: Promise<PythonParser> | undefined;

export function loadParser(): Promise<PythonParser> {
  parser ??= PythonParser.load(wasmPaths());
  return parser;
}

const encoder = new TextEncoder();

export async function check(source: string | Uint8Array, options: { sandbox?: boolean; original?: string | Uint8Array } = {}): Promise<CheckResult> {
  const bytes = (s: string | Uint8Array) => (typeof s === 'string' ? encoder.encode(s) : s);
  return checkPythonSource(await loadParser(), {
    source: bytes(source),
    original: options.original === undefined ? undefined : bytes(options.original),
    sandbox: options.sandbox ?? false,
    deadline: performance.now() + 20_000,
  });
}

export const errorsOf = (r: CheckResult): Finding[] => r.findings.filter((f) => f.severity === 'error');
export const show = (fs: Finding[]): string => fs.map((f) => `${f.line}:${f.column} ${f.severity} ${f.rule}: ${f.message}`).join('\n') || '(none)';

export const FIXTURES = join(import.meta.dirname, '../../../fixtures/python');

/** python2.7 for the oracle: $PYTHON27, else python2.7 on PATH, else the pyenv build; undefined if none runs */
export function findPython27(): string | undefined {
  const candidates = [process.env.PYTHON27, 'python2.7', '/root/.pyenv/versions/2.7.18/bin/python2.7'].filter((c): c is string => Boolean(c));
  for (const candidate of candidates) {
    if (candidate.includes('/') && !existsSync(candidate)) continue;
    try {
      const out = execFileSync(candidate, ['-c', 'import sys; print(sys.version_info[:2])'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      if (out.trim() === '(2, 7)') return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

export interface OracleVerdict {
  type: string;
  message: string;
  line: number | null;
}

export type OracleJob = { id: string; path: string } | { id: string; b64: string };

/** One python2.7 process compiles every job (test/fixtures/python/oracle.py). */
export function runOracle(python: string, jobs: OracleJob[]): Record<string, OracleVerdict | null> {
  const out = execFileSync(python, [join(FIXTURES, 'oracle.py')], { input: JSON.stringify(jobs), maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
  return JSON.parse(out) as Record<string, OracleVerdict | null>;
}

export const b64 = (code: string | Uint8Array): string => Buffer.from(typeof code === 'string' ? encoder.encode(code) : code).toString('base64');
