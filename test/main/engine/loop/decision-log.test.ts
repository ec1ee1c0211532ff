import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DECISION_LOG_FILE, readDecisionLog, recordDecision, type DecisionEntry } from '../../../../main/engine/loop/decision-log.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'decision-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const entry = (fixId: string, extra: Partial<DecisionEntry> = {}): DecisionEntry => ({
  at: '2026-02-01T12:00:00.000Z',
  iteration: 1,
  fixId,
  title: `Fix ${fixId}`,
  kind: 'fix',
  verdict: 'KEEP',
  action: 'kept',
  why: 'Met 2 of 2 success criteria.',
  report: `iteration_1/test_report_${fixId}_iteration_1.md`,
  ...extra,
});

describe('decision_log.json', () => {
  it('appends each decision in the order it was made', async () => {
    await recordDecision(dir, 'run-1', entry('a'), []);
    await recordDecision(dir, 'run-1', entry('b', { verdict: 'ROLLBACK', action: 'rolled-back' }), []);
    await recordDecision(dir, 'run-1', entry('a', { kind: 'retest', verdict: 'KEEP' }), []);
    expect((await readDecisionLog(dir)).map((d) => `${d.fixId}:${d.kind}:${d.verdict}`)).toEqual(['a:fix:KEEP', 'b:fix:ROLLBACK', 'a:retest:KEEP']);
    expect(JSON.parse(readFileSync(join(dir, DECISION_LOG_FILE), 'utf8'))).toMatchObject({ version: 1, runId: 'run-1' });
  });

  it('records a decision made again after an interruption once, where it was', async () => {
    await recordDecision(dir, 'run-1', entry('a'), []);
    await recordDecision(dir, 'run-1', entry('b'), []);
    await recordDecision(dir, 'run-1', entry('a', { why: 'again' }), []);
    expect((await readDecisionLog(dir)).map((d) => `${d.fixId}:${d.why}`)).toEqual(['a:again', 'b:Met 2 of 2 success criteria.']);
  });

  it('never stores the Plex token', async () => {
    await recordDecision(dir, 'run-1', entry('a', { why: 'the line said X-Plex-Token=abcdef123456 and secretTOKEN99' }), ['secretTOKEN99']);
    const text = readFileSync(join(dir, DECISION_LOG_FILE), 'utf8');
    expect(text).not.toContain('abcdef123456');
    expect(text).not.toContain('secretTOKEN99');
  });

  it('is empty before the first decision', async () => {
    expect(await readDecisionLog(dir)).toEqual([]);
  });
});
