import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli.ts';
import { captureIO } from '../../helpers/cli-io.ts';
import { fixOf, GEVI_INIT, makeWorkspace, treeHashes, type Workspace } from '../engine/fixes/workspace.ts';

describe('agent-doctor rollback', () => {
  let ws: Workspace;
  let report: string;
  beforeEach(() => {
    ws = makeWorkspace();
    report = join(mkdtempSync(join(tmpdir(), 'ad-rollback-')), 'diagnostic_report_iteration_1.md');
    const fix = fixOf({ id: 'new-version', title: 'New version number', changes: [{ kind: 'replace', file: GEVI_INIT, find: "VERSION_NO = '2024.05.24.01'", replace: "VERSION_NO = '2024.05.24.02'" }] });
    writeFileSync(report, '# Report\n\n```json\n' + JSON.stringify(fix) + '\n```\n');
  });
  afterEach(() => {
    ws.cleanup();
    rmSync(join(report, '..'), { recursive: true, force: true });
  });

  const folders = () => ['--plugins', ws.pluginsDir, '--data', ws.dataDir];
  const implement = async () => {
    const io = captureIO();
    expect(await runCli(['implement', '--fix', 'new-version', '--diagnostic-report', report, '--yes', '--no-restart', ...folders()], io), io.stderr.join('\n')).toBe(0);
    return io;
  };

  it('restores the files of the last fix and says what it did', async () => {
    const original = treeHashes(ws.pluginsDir);
    const applied = await implement();
    expect(applied.stdout.join('\n')).toContain('Not restarted (--no-restart): restart Plex Media Server yourself');
    const io = captureIO();
    expect(await runCli(['rollback', '--last', ...folders()], io)).toBe(0);
    expect(io.stdout).toEqual(['Rolled back "New version number": 1 file restored from the backup and verified (sha256). Restart the agent (or Plex) for it to run the restored code.']);
    expect(treeHashes(ws.pluginsDir)).toEqual(original);
    const again = captureIO();
    expect(await runCli(['rollback', '--fix', 'new-version', ...folders()], again)).toBe(1);
    expect(again.stderr[0]).toMatch(/^"New version number" was already rolled back \(.* UTC\)\.$/);
  });

  it('refuses a file edited since, naming it and --force, then forces', async () => {
    await implement();
    writeFileSync(join(ws.pluginsDir, GEVI_INIT), readFileSync(join(ws.pluginsDir, GEVI_INIT), 'utf8') + '# mine\n');
    const io = captureIO();
    expect(await runCli(['rollback', '--fix', 'new-version', ...folders()], io)).toBe(1);
    expect(io.stderr[0]).toBe(`${GEVI_INIT} was changed after "New version number" was applied, so rolling back would throw those changes away. Nothing was changed.`);
    expect(io.stderr[1]).toMatch(/^To roll back anyway, run "agent-doctor rollback --fix new-version --force"/);
    expect(await runCli(['rollback', '--fix', 'new-version', '--force', ...folders()], captureIO())).toBe(0);
    expect(readFileSync(join(ws.pluginsDir, GEVI_INIT), 'utf8')).toContain("VERSION_NO = '2024.05.24.01'");
  });

  it('needs exactly one of --fix and --last', async () => {
    for (const argv of [['rollback'], ['rollback', '--fix', 'x', '--last'], ['rollback', '--last', '--iteration', '2']]) {
      const io = captureIO();
      expect(await runCli([...argv, ...folders()], io)).toBe(2);
    }
  });

  it('says when there is nothing to roll back', async () => {
    const io = captureIO();
    expect(await runCli(['rollback', '--last', ...folders()], io)).toBe(1);
    expect(io.stderr).toEqual(['There is no applied fix to roll back.', 'No fix applied by Agent Doctor is in the agent files now.']);
  });
});
