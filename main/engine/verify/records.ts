// What a test leaves behind in the iteration folder (design.md, files a run writes): the test
// report, and one more entry in testing_decisions.json. An existing decisions file that is not
// a valid list is left untouched and reported: appending must never lose earlier decisions.
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TestingDecisionsSchema, TestRecordSchema, type TestRecord } from '../../../shared/decision.ts';
import type { Fix } from '../../../shared/fix.ts';
import { redact } from '../../../shared/redact.ts';
import { UserError } from '../errors.ts';
import { atomicWrite, atomicWriteJson } from '../util/atomic-write.ts';
import type { Judgement } from './judge.ts';
import { renderTestReport } from './report.ts';

export const DECISIONS_FILE = 'testing_decisions.json';

export interface WrittenRecords {
  record: TestRecord;
  reportPath: string;
  decisionsPath: string;
}

export async function writeTestRecords(dir: string, fix: Fix, judgement: Judgement, secrets: readonly string[] = []): Promise<WrittenRecords> {
  await mkdir(dir, { recursive: true });
  const decisionsPath = join(dir, DECISIONS_FILE);
  const earlier = await readDecisions(decisionsPath);
  const report = await freeReportName(dir, fix.id, judgement.decision.iteration);
  // the token is removed from every string we store, wherever it hides (agent-logs.md §11)
  const record = TestRecordSchema.parse(
    JSON.parse(redact(JSON.stringify({ fixId: fix.id, fixTitle: fix.title, decision: judgement.decision, items: judgement.items, notes: judgement.notes, report }), secrets)),
  );
  const reportPath = join(dir, report);
  await atomicWrite(reportPath, redact(renderTestReport(fix, record), secrets));
  await atomicWriteJson(decisionsPath, [...earlier, record]);
  return { record, reportPath, decisionsPath };
}

export async function readDecisions(path: string): Promise<TestRecord[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw damaged(path, 'it is not JSON');
  }
  const parsed = TestingDecisionsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw damaged(path, `${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'wrong shape'}`);
  }
  return parsed.data;
}

const damaged = (path: string, why: string) =>
  new UserError('testing-decisions-damaged', `${path} is not a list of test decisions (${why}); it was left as it is.`, 'Move the file aside or repair it, then run the test again.');

/** test_report_<fix>_iteration_N.md; a re-test of the same fix in the same iteration (after a
 *  MONITOR) gets _run_2, _run_3 … so no report is overwritten. */
async function freeReportName(dir: string, fixId: string, iteration: number): Promise<string> {
  for (let run = 1; ; run++) {
    const name = `test_report_${fixId}_iteration_${iteration}${run === 1 ? '' : `_run_${run}`}.md`;
    if (!(await stat(join(dir, name)).catch(() => null))) return name;
  }
}
