// `agent-doctor diagnose`: metrics and code in, the report out, the fixes listed in order;
// clear words for every input it cannot use.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli.ts';
import { parseDiagnosticReport } from '../../../main/engine/diagnose/index.ts';
import { captureIO } from '../../helpers/cli-io.ts';
import { BUNDLES, fixtureMetrics } from '../engine/diagnose/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli-diagnose-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const io = { ...captureIO(), cwd: dir };
  const code = await runCli(['diagnose', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('agent-doctor diagnose', () => {
  it('writes the report and lists the fixes in the order they would be tried', async () => {
    writeFileSync(join(dir, 'metrics.json'), JSON.stringify(await fixtureMetrics()));
    cpSync(BUNDLES, join(dir, 'Plug-ins'), { recursive: true });
    const { code, stdout } = await run(['--metrics', 'metrics.json', '--plugins', 'Plug-ins', '--iteration', '2']);
    expect(code).toBe(0);
    expect(stdout).toEqual([
      "1. [GEVI] Send browser-like headers with GEVI's IAFD requests (iafd-browser-headers-gevi) — changes GEVI.bundle/Contents/Code/utils.py",
      "2. [GEVI] Skip GEVI's IAFD look-ups and carry on with its own site (iafd-skip-gevi) — changes GEVI.bundle/Contents/Code/utils.py; fallback of iafd-browser-headers-gevi",
      '7 more problems have advice only (no change is made for them).',
      `Report written to ${join(dir, 'diagnostic_report_iteration_2.md')}.`,
    ]);
    const fixes = parseDiagnosticReport(readFileSync(join(dir, 'diagnostic_report_iteration_2.md'), 'utf8'));
    expect(fixes.map((f) => f.id).slice(0, 2)).toEqual(['iafd-browser-headers-gevi', 'iafd-skip-gevi']);
  });

  it('asks for the metrics file when it is not named', async () => {
    const { code, stderr } = await run([]);
    expect(code).toBe(2);
    expect(stderr[0]).toMatch(/^Name the metrics file with --metrics FILE/);
  });

  it.each([
    ['a missing metrics file', 'nope.json', undefined, /^There is no metrics file ".*nope\.json"\.$/],
    ['a file that is not JSON', 'bad.json', '{ not json', /^".*bad\.json" is not JSON/],
    ['JSON that is not metrics', 'other.json', '{"schemaVersion": 9}', /^".*other\.json" is not a metrics file Agent Doctor can read \(schemaVersion: /],
  ])('explains %s in one line, with what to do', async (_case, name, content, message) => {
    if (content !== undefined) writeFileSync(join(dir, name), content);
    const { code, stderr } = await run(['--metrics', name, '--out', 'never.md']);
    expect(code).toBe(1);
    expect(stderr[0]).toMatch(message);
    expect(stderr[1]).toMatch(/agent-doctor aggregate --json FILE/);
    expect(existsSync(join(dir, 'never.md'))).toBe(false);
  });

  it('refuses a Plug-ins folder that does not exist', async () => {
    writeFileSync(join(dir, 'metrics.json'), JSON.stringify(await fixtureMetrics()));
    const { code, stderr } = await run(['--metrics', 'metrics.json', '--plugins', 'no-such-folder']);
    expect(code).toBe(1);
    expect(stderr).toEqual([`There is no folder "${join(dir, 'no-such-folder')}".`, "Pass Plex's Plug-ins folder with --plugins DIR."]);
  });
});
