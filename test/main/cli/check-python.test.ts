// `agent-doctor check-python FILE…`: one line per finding, exit 1 on errors, clear words
// for files it cannot read.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli.ts';
import { captureIO } from '../../helpers/cli-io.ts';

function workspace(files: Record<string, string | Uint8Array>) {
  const dir = mkdtempSync(join(tmpdir(), 'check-python-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

async function run(args: string[], cwd: string) {
  const io = { ...captureIO(), cwd };
  const code = await runCli(['check-python', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const CODE = 'GEVI.bundle/Contents/Code';

describe('agent-doctor check-python', () => {
  it('prints file:line:col rule message per finding and exits 1 on errors', async () => {
    const cwd = workspace({ [`${CODE}/__init__.py`]: 'import os\n\ndef _helper():\n    return f"{os.sep}"\n' });
    const { code, stdout, stderr } = await run([`${CODE}/__init__.py`], cwd);
    expect(code).toBe(1);
    expect(stdout).toEqual([
      `${CODE}/__init__.py:3:5 restricted-name Line 3: "_helper" is an invalid variable name because it starts with "_" (Plex's sandbox refuses to load the plug-in; rename it without the leading "_")`,
      `${CODE}/__init__.py:4:12 py3-fstring f-strings (f"…") are Python 3.6+ only; use "…" % (…) or .format() instead.`,
    ]);
    expect(stderr.at(-1)).toBe('1 file checked: 2 errors, 0 warnings.');
  });

  it('exits 0 when there are only warnings, and says so', async () => {
    const cwd = workspace({ [`${CODE}/a.py`]: 'x = 1\n', [`${CODE}/b.py`]: 'exec "y = 2"\n' });
    const { code, stdout, stderr } = await run([`${CODE}/a.py`, `${CODE}/b.py`], cwd);
    expect(code).toBe(0);
    expect(stdout).toEqual([expect.stringMatching(new RegExp(`^${CODE}/b.py:1:1 restricted-exec `))]);
    expect(stderr.at(-1)).toBe('2 files checked: 0 errors, 1 warning.');
  });

  it('applies the sandbox rules only inside Contents/Code/, unless --sandbox', async () => {
    const cwd = workspace({ 'copy/utils.py': '_cache = {}\n' });
    const plain = await run(['copy/utils.py'], cwd);
    expect(plain.code).toBe(0);
    expect(plain.stderr[0]).toMatch(/not in a bundle's Contents\/Code\/ folder.*--sandbox/);
    const forced = await run(['--sandbox', 'copy/utils.py'], cwd);
    expect(forced.code).toBe(1);
    expect(forced.stdout[0]).toMatch(/^copy\/utils.py:1:1 restricted-name /);
  });

  it('says which files it could not read, checks the others, and exits 1', async () => {
    const cwd = workspace({ 'ok.py': 'x = 1\n', 'folder/inner.py': 'x = 1\n' });
    const { code, stdout, stderr } = await run(['missing.py', 'ok.py', 'folder', '--sandbox'], cwd);
    expect(code).toBe(1);
    expect(stdout).toEqual([]);
    expect(stderr).toEqual(['missing.py: cannot read it (no such file).', 'folder: cannot read it (it is a folder).', '1 file checked: 0 errors, 0 warnings, 2 not checked.']);
  });

  it('refuses a file over 2 MB with the reason', async () => {
    const cwd = workspace({ 'huge.py': new Uint8Array(2 * 1024 * 1024 + 10).fill(0x20) });
    const { code, stderr } = await run(['--sandbox', 'huge.py'], cwd);
    expect(code).toBe(1);
    expect(stderr[0]).toMatch(/^huge.py: The file is 2\.0 MB; the Python checker reads files up to 2\.0 MB\. /);
  });

  it('needs at least one file (exit 2, with the usage)', async () => {
    const { code, stderr } = await run([], tmpdir());
    expect(code).toBe(2);
    expect(stderr.join('\n')).toMatch(/Name at least one Python file[\s\S]*Usage: agent-doctor check-python/);
  });

  it('explains itself with --help', async () => {
    const { code, stdout } = await run(['--help'], tmpdir());
    expect(code).toBe(0);
    expect(stdout.join('\n')).toMatch(/Usage: agent-doctor check-python \[--sandbox\] FILE…[\s\S]*FILE:LINE:COLUMN RULE MESSAGE[\s\S]*Exit code: 0/);
  });
});
