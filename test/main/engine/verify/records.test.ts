import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestingDecisionsSchema } from '../../../../shared/decision.ts';
import { readDecisions, writeTestRecords } from '../../../../main/engine/verify/records.ts';
import { FIX, judgement } from './judgement.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'verify-records-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const TOKEN = 'abcdefghijklmnop';

describe('writeTestRecords', () => {
  it('writes test_report_<fix>_iteration_N.md and starts testing_decisions.json', async () => {
    const w = await writeTestRecords(dir, FIX, judgement(), [TOKEN]);
    expect(w.reportPath).toBe(join(dir, 'test_report_iafd-browser-headers_iteration_2.md'));
    expect(w.decisionsPath).toBe(join(dir, 'testing_decisions.json'));
    const decisions = TestingDecisionsSchema.parse(JSON.parse(readFileSync(w.decisionsPath, 'utf8')));
    expect(decisions).toEqual([w.record]);
    expect(w.record).toMatchObject({ fixId: FIX.id, fixTitle: FIX.title, report: 'test_report_iafd-browser-headers_iteration_2.md' });
  });

  it('appends, and never overwrites an earlier report of the same fix and iteration', async () => {
    await writeTestRecords(dir, FIX, judgement());
    const second = await writeTestRecords(dir, FIX, judgement());
    const third = await writeTestRecords(dir, FIX, judgement());
    expect([second.record.report, third.record.report]).toEqual(['test_report_iafd-browser-headers_iteration_2_run_2.md', 'test_report_iafd-browser-headers_iteration_2_run_3.md']);
    expect((await readDecisions(third.decisionsPath)).map((r) => r.report)).toHaveLength(3);
  });

  it('removes the Plex token from the report and the decisions', async () => {
    const w = await writeTestRecords(dir, FIX, judgement(), [TOKEN]);
    expect(readFileSync(w.reportPath, 'utf8')).not.toContain(TOKEN);
    expect(readFileSync(w.decisionsPath, 'utf8')).not.toContain(TOKEN);
    expect(readFileSync(w.decisionsPath, 'utf8')).toContain('Plex Token <redacted>');
  });

  it.each([
    ['not JSON', '{"oops', /is not a list of test decisions \(it is not JSON\); it was left as it is\.$/],
    ['not a list of decisions', '[{"fixId": 3}]', /is not a list of test decisions \(0\.fixId: .*\); it was left as it is\.$/],
  ])('refuses to append to a decisions file that is %s, and leaves it and the folder as they were', async (_what, content, message) => {
    const path = join(dir, 'testing_decisions.json');
    writeFileSync(path, content);
    await expect(writeTestRecords(dir, FIX, judgement())).rejects.toThrow(message);
    expect(readFileSync(path, 'utf8')).toBe(content);
    expect(() => readFileSync(join(dir, 'test_report_iafd-browser-headers_iteration_2.md'))).toThrow(/ENOENT/);
  });

  it('creates the iteration folder when it does not exist yet', async () => {
    const w = await writeTestRecords(join(dir, 'runs', 'r1', 'iteration_2'), FIX, judgement());
    expect(readFileSync(w.reportPath, 'utf8')).toMatch(/^# Test report: /);
  });
});
