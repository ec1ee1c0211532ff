import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planFix, type Plan } from '../../../../main/engine/fixes/index.ts';
import type { Fix } from '../../../../shared/fix.ts';
import { loadFixtureFix } from '../../../plex-sim/testing.ts';
import { fixOf, GEVI_INIT, GEVI_UTILS, makeWorkspace, threeFileFix, treeHashes, type Workspace } from './workspace.ts';
import { holdLock } from './run-driver.ts';

let ws: Workspace;
afterEach(() => ws?.cleanup());

async function planned(fix: Fix, w = ws): Promise<Plan> {
  const r = await planFix(fix, w.ctx);
  if (!r.ok) throw r.refusal;
  return r.plan;
}

describe('planFix: a plan holds the exact bytes before and after', () => {
  it('applies replace changes in memory, one entry per file, with diffs and sha256s', async () => {
    ws = makeWorkspace();
    const before = treeHashes(ws.root);
    const plan = await planned(threeFileFix());
    expect(plan.files.map((f) => f.rel)).toEqual([GEVI_UTILS, GEVI_INIT, 'AEBN.bundle/Contents/Code/__init__.py']);
    const utils = plan.files[0]!;
    expect(utils.before.equals(readFileSync(join(ws.pluginsDir, GEVI_UTILS)))).toBe(true);
    expect(utils.after.toString().split("headers={'User-Agent': 'Mozilla/5.0'}").length - 1).toBe(3);
    expect(utils.bundle.identifier).toBe('com.plexapp.agents.GEVI');
    expect(utils.diff).toMatch(/^--- a\/GEVI\.bundle\/Contents\/Code\/utils\.py\n\+\+\+ b\/GEVI\.bundle\/Contents\/Code\/utils\.py\n@@ -29\d,7 \+29\d,7 @@/);
    expect(plan.diff).toContain("+VERSION_NO = '2024.05.24.02'");
    expect(plan.warnings).toEqual([]);
    expect(treeHashes(ws.root)).toEqual(before);
  });

  it('applies changes to the same file in order (the fixture IAFD headers fix)', async () => {
    ws = makeWorkspace();
    const plan = await planned(loadFixtureFix('iafd-browser-headers'));
    expect(plan.files).toHaveLength(1);
    expect(plan.files[0]!.after.toString()).toContain('headers=IAFD_HEADERS, timeout=20');
    expect(plan.files[0]!.after.toString()).toMatch(/^IAFD_HEADERS = \{'User-Agent'/m);
  });

  it('applies a unified-diff patch byte for byte, non-ASCII text included', async () => {
    ws = makeWorkspace();
    const diff = ['--- a/x', '+++ b/x', '@@ -22,2 +22,2 @@', "-VERSION_NO = '2024.05.24.01'", "+VERSION_NO = '2024.05.24.02' # é", " AGENT = 'GEVI'", ''].join('\n');
    const plan = await planned(fixOf({ changes: [{ kind: 'patch', file: GEVI_INIT, diff }] }));
    const original = readFileSync(join(ws.pluginsDir, GEVI_INIT));
    expect(plan.files[0]!.after.equals(Buffer.from(original.toString('utf8').replace("VERSION_NO = '2024.05.24.01'", "VERSION_NO = '2024.05.24.02' # é"), 'utf8'))).toBe(true);
  });

  it('shows checker warnings without blocking (a dunder method Plex may refuse)', async () => {
    ws = makeWorkspace();
    const plan = await planned(fixOf({ changes: [{ kind: 'replace', file: GEVI_INIT, find: "    ''' define Agent class '''\n", replace: "    ''' define Agent class '''\n    def __repr__(self):\n        return 'GEVI'\n" }] }));
    expect(plan.warnings.join('\n')).toMatch(/GEVI\.bundle\/Contents\/Code\/__init__\.py: Line \d+, column \d+: .*__repr__/);
  });

  it('follows a symlink that stays inside the Plug-ins folder and says so', async () => {
    ws = makeWorkspace();
    symlinkSync(join(ws.pluginsDir, 'AEBN.bundle/Contents/Code/utils.py'), join(ws.pluginsDir, 'GEVI.bundle/Contents/Code/shared_utils.py'));
    const plan = await planned(fixOf({ changes: [{ kind: 'replace', file: 'GEVI.bundle/Contents/Code/shared_utils.py', find: "IAFD_BASE = 'https://www.iafd.com'", replace: "IAFD_BASE = 'https://www.iafd.com' # same" }] }));
    expect(plan.files[0]).toMatchObject({ rel: 'GEVI.bundle/Contents/Code/shared_utils.py', realRel: 'AEBN.bundle/Contents/Code/utils.py', bundle: { name: 'AEBN' } });
    expect(plan.warnings.join('\n')).toMatch(/is a link to AEBN\.bundle\/Contents\/Code\/utils\.py/);
  });
});

describe('planFix refuses early, says why, and touches nothing', () => {
  const replaceIn = (file: string, find = "VERSION_NO = '2024.05.24.01'", replace = "VERSION_NO = '2'") => fixOf({ changes: [{ kind: 'replace', file, find, replace }] });
  /** a Fix object that skipped the schema (a hostile caller): the engine checks again */
  const unchecked = (file: string) => ({ ...replaceIn(GEVI_INIT), changes: [{ kind: 'replace' as const, file, find: 'x', replace: 'y', occurrences: 1 }] });

  const cases: [string, (w: Workspace) => Fix, string, RegExp][] = [
    ['a path with ".."', () => unchecked('GEVI.bundle/../../outside.py'), 'bad-fix', /must not contain "\.\."/],
    ['an absolute path', () => unchecked('/etc/hosts'), 'bad-fix', /must be relative to the Plug-ins folder/],
    [
      'a symlink whose real path leaves the Plug-ins folder',
      (w) => {
        writeFileSync(join(w.root, 'outside.py'), "VERSION_NO = '2024.05.24.01'\n");
        symlinkSync(join(w.root, 'outside.py'), join(w.pluginsDir, 'GEVI.bundle/Contents/Code/evil.py'));
        return replaceIn('GEVI.bundle/Contents/Code/evil.py');
      },
      'path-escape',
      /"GEVI\.bundle\/Contents\/Code\/evil\.py", which is a link to .*outside\.py, outside the Plug-ins folder\. Nothing was changed\./,
    ],
    [
      'a bundle that is a symlink to a folder outside',
      (w) => {
        cpSync(join(w.pluginsDir, 'GEVI.bundle'), join(w.root, 'elsewhere', 'GEVI.bundle'), { recursive: true });
        symlinkSync(join(w.root, 'elsewhere', 'GEVI.bundle'), join(w.pluginsDir, 'Linked.bundle'));
        return replaceIn('Linked.bundle/Contents/Code/__init__.py');
      },
      'path-escape',
      /outside the Plug-ins folder/,
    ],
    [
      "Plex's Framework bundle",
      (w) => {
        mkdirSync(join(w.pluginsDir, 'Framework.bundle/Contents/Code'), { recursive: true });
        writeFileSync(join(w.pluginsDir, 'Framework.bundle/Contents/Code/core.py'), "VERSION_NO = '2024.05.24.01'\n");
        return replaceIn('Framework.bundle/Contents/Code/core.py');
      },
      'plex-bundle',
      /in Framework\.bundle: Plex's own bundle\. Agent Doctor never changes it\./,
    ],
    [
      "a bundle whose identifier is Plex's System plug-in",
      (w) => {
        mkdirSync(join(w.pluginsDir, 'Sys.bundle/Contents/Code'), { recursive: true });
        writeFileSync(join(w.pluginsDir, 'Sys.bundle/Contents/Info.plist'), readFileSync(join(w.pluginsDir, 'GEVI.bundle/Contents/Info.plist'), 'utf8').replace('com.plexapp.agents.GEVI', 'com.plexapp.system'));
        writeFileSync(join(w.pluginsDir, 'Sys.bundle/Contents/Code/__init__.py'), "VERSION_NO = '2024.05.24.01'\n");
        return replaceIn('Sys.bundle/Contents/Code/__init__.py');
      },
      'plex-bundle',
      /Plex's own bundle \(com\.plexapp\.system\)/,
    ],
    [
      'a file outside any bundle',
      (w) => {
        writeFileSync(join(w.pluginsDir, 'notes.py'), "VERSION_NO = '2024.05.24.01'\n");
        return replaceIn('notes.py');
      },
      'not-agent-file',
      /not inside an agent bundle/,
    ],
    ['a file that does not exist', () => replaceIn('GEVI.bundle/Contents/Code/missing.py'), 'file-missing', /does not exist in/],
    ['a change that adds sudo', () => replaceIn(GEVI_INIT, "VERSION_NO = '2024.05.24.01'", "VERSION_NO = '2024.05.24.01'\nimport os\nos.system('sudo true')"), 'unsafe-content', /^The change to GEVI\.bundle\/Contents\/Code\/__init__\.py adds sudo .* \(line 24\)\. Nothing was changed\.$/],
    ['a change that adds subprocess', () => replaceIn(GEVI_INIT, 'import utils\n', 'import utils\nimport subprocess\n'), 'unsafe-content', /adds subprocess/],
    ['a change the Python checker fails (the "_" name that took down 12 agents)', () => loadFixtureFix('pgma-stubs-path'), 'python-check', /would not load in Plex[\s\S]*"_add_pgma_stubs_to_path"[\s\S]*Nothing was changed\./],
    ['a change that is not Python 2.7', () => replaceIn(GEVI_INIT, "VERSION_NO = '2024.05.24.01'", "VERSION_NO = f'{1}'"), 'python-check', /f-string|Python 3/],
    ['a replace whose text occurs nowhere', () => replaceIn(GEVI_INIT, 'this text is not there'), 'replace-count', /occurs nowhere in the file, but the fix expects it exactly once\. Nothing was changed\./],
    ['a replace whose text occurs twice', () => replaceIn(GEVI_UTILS, 'def ', 'def  '), 'replace-count', /occurs \d+ times in the file, but the fix expects it exactly once/],
    [
      'a patch that does not fit',
      () => fixOf({ changes: [{ kind: 'patch', file: GEVI_INIT, diff: "--- a/x\n+++ b/x\n@@ -21,1 +21,1 @@\n-VERSION_NO = '2024.05.24.01'\n+VERSION_NO = '2'\n" }] }),
      'patch-mismatch',
      /does not apply exactly: hunk 1 .* does not match line 21/,
    ],
    ['advice only', () => fixOf({ changes: [], advice: ['Check the site by hand.'] }), 'advice-only', /advice only/],
    ['a change that changes nothing', () => replaceIn(GEVI_INIT, "VERSION_NO = '2024.05.24.01'", "VERSION_NO = '2024.05.24.01'"), 'no-change', /would leave every file as it is/],
  ];

  it.each(cases)('%s', async (_what, make, code, message) => {
    ws = makeWorkspace();
    const fix = make(ws);
    const before = treeHashes(ws.root);
    const r = await planFix(fix, ws.ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.refusal.code).toBe(code);
    expect(r.refusal.message).toMatch(message);
    expect(r.refusal.hint).toBeTruthy();
    expect(treeHashes(ws.root)).toEqual(before);
  });

  it('a full disk (injected through the disk-space port) before any write', async () => {
    ws = makeWorkspace({ disk: { freeBytes: async () => 200_000 } });
    const before = treeHashes(ws.root);
    const r = await planFix(threeFileFix(), ws.ctx);
    expect(r.ok || r.refusal.code).toBe('no-space');
    expect(r.ok || r.refusal.message).toMatch(/Not enough free disk space: the backup and the new versions of the files need 1\.\d MB on the disk that holds .*, but only 195\.3 KB is free\. Nothing was changed\./);
    expect(treeHashes(ws.root)).toEqual(before);
  });

  it('a Plug-ins folder inside the Plex app', async () => {
    ws = makeWorkspace();
    const own = join(ws.root, 'Plex Media Server.app/Contents/Resources/Plug-ins-c0dd5a73e');
    mkdirSync(own, { recursive: true });
    const r = await planFix(threeFileFix(), { ...ws.ctx, pluginsDir: own });
    expect(r.ok || r.refusal.code).toBe('plex-own-folder');
  });

  it('a Plug-ins folder another Agent Doctor is working on (its process named)', async () => {
    ws = makeWorkspace();
    const holder = await holdLock({ ctx: { ...ws.ctx, program: 'agent-doctor loop' } });
    try {
      const before = treeHashes(ws.pluginsDir);
      const r = await planFix(threeFileFix(), ws.ctx);
      expect(r.ok || r.refusal.code).toBe('plugins-locked');
      expect(r.ok || r.refusal.message).toMatch(new RegExp(`Another Agent Doctor is working on .*Plug-ins: agent-doctor loop \\(process ${holder.pid}, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\)\\. Nothing was changed\\.`));
      expect(r.ok || r.refusal.hint).toBe('Wait until it has finished, or quit it, then try again.');
      expect(treeHashes(ws.pluginsDir)).toEqual(before);
    } finally {
      await holder.kill();
    }
    // its process is gone: the lock is stale and no longer in the way
    expect((await planFix(threeFileFix(), ws.ctx)).ok).toBe(true);
  });
});
