// A throw-away world for the fixes tests: a Plug-ins folder copied from the fixture bundles, an
// Agent Doctor data folder with one run's iteration folder, and a private lock folder.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { FixSchema, type Fix, type FixInput } from '../../../../shared/fix.ts';
import { sha256 } from '../../../../main/engine/util/sha256.ts';
import type { IterationContext } from '../../../../main/engine/fixes/index.ts';

export const BUNDLES = new URL('../../../fixtures/bundles/', import.meta.url).pathname;

export interface Workspace {
  root: string;
  pluginsDir: string;
  dataDir: string;
  iterationDir: string;
  lockDir: string;
  ctx: IterationContext;
  cleanup(): void;
}

export function makeWorkspace(extra: Partial<IterationContext> = {}): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'ad-fixes-'));
  const pluginsDir = join(root, 'Plex Media Server', 'Plug-ins');
  cpSync(BUNDLES, pluginsDir, { recursive: true });
  const dataDir = join(root, 'Agent Doctor');
  const iterationDir = join(dataDir, 'runs', 'run-1', 'iteration_1');
  const lockDir = join(root, 'locks');
  return {
    root,
    pluginsDir,
    dataDir,
    iterationDir,
    lockDir,
    ctx: { pluginsDir, dataDir, iterationDir, lockDir, program: 'the fixes tests', ...extra },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** sha256 of every file under `dir` (hidden and temp files included), by relative path. */
export function treeHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = sha256(readFileSync(path));
  }
  return out;
}

export function fixOf(input: Partial<FixInput> & Pick<FixInput, 'changes'>): Fix {
  return FixSchema.parse({
    id: 'test-fix',
    title: 'A test fix',
    priority: 1,
    agents: ['GEVI'],
    signatures: [],
    rootCause: 'test',
    before: ['it fails'],
    after: ['it works'],
    successCriteria: [{ id: 'starts', description: 'The plug-in starts', metric: 'pluginStarted', op: 'equals', target: 1 }],
    failureIndicators: [{ id: 'no-start', description: 'The plug-in does not start', metric: 'pluginStarted', op: 'equals', target: 0, severity: 'critical' }],
    ...input,
  });
}

export const GEVI_UTILS = 'GEVI.bundle/Contents/Code/utils.py';
export const GEVI_INIT = 'GEVI.bundle/Contents/Code/__init__.py';
export const AEBN_INIT = 'AEBN.bundle/Contents/Code/__init__.py';

/** Three files in two bundles: what the crash test applies and kills. */
export const threeFileFix = (): Fix =>
  fixOf({
    id: 'three-files',
    title: 'IAFD headers and new version numbers',
    agents: ['GEVI', 'AEBN'],
    changes: [
      {
        kind: 'replace',
        file: GEVI_UTILS,
        find: "HTTP.Request(iafdURL, timeout=20, sleep=delay())",
        replace: "HTTP.Request(iafdURL, headers={'User-Agent': 'Mozilla/5.0'}, timeout=20, sleep=delay())",
        occurrences: 3,
      },
      { kind: 'replace', file: GEVI_INIT, find: "VERSION_NO = '2024.05.24.01'", replace: "VERSION_NO = '2024.05.24.02'" },
      { kind: 'replace', file: AEBN_INIT, find: "VERSION_NO = '2024.05.24.01'", replace: "VERSION_NO = '2024.05.24.02'" },
    ],
  });
