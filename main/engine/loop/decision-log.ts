// decision_log.json: every decision of the run and what the loop did about it, in the order they
// were made — the run's audit trail (the seed's "audit trail of all decisions"). One entry per
// (iteration, fix, kind): recording it again after an interruption replaces it, never doubles it.
import { join } from 'node:path';
import { z } from 'zod';
import { VerdictSchema } from '../../../shared/decision.ts';
import { FIX_ID } from '../../../shared/fix.ts';
import { redact } from '../../../shared/redact.ts';
import { atomicWriteJson } from '../util/atomic-write.ts';
import { readJsonFile } from '../util/json-file.ts';

export const DECISION_LOG_FILE = 'decision_log.json';

export const DecisionEntrySchema = z.object({
  at: z.iso.datetime({ offset: false }),
  iteration: z.number().int().positive(),
  fixId: z.string().regex(FIX_ID),
  title: z.string(),
  /** fix: its own test · retest: a MONITOR tested again · propagation: the change carried to
   *  sibling bundles · start-check: the plug-in did not start with it · regression: the kept fixes
   *  offered for rollback when the agents did worse than at the start */
  kind: z.enum(['fix', 'retest', 'propagation', 'start-check', 'regression']),
  verdict: VerdictSchema.nullable(),
  /** what the loop did: kept it, rolled it back, left it applied to watch, or changed nothing */
  action: z.enum(['kept', 'rolled-back', 'left-applied', 'nothing-changed']),
  why: z.string(),
  /** the report it rests on, relative to the run folder */
  report: z.string().nullable(),
});
export type DecisionEntry = z.infer<typeof DecisionEntrySchema>;

export const DecisionLogSchema = z.object({ version: z.literal(1), runId: z.string(), decisions: z.array(DecisionEntrySchema) });

export async function readDecisionLog(runDir: string): Promise<DecisionEntry[]> {
  return (await readJsonFile(join(runDir, DECISION_LOG_FILE), DecisionLogSchema, 'decision log'))?.decisions ?? [];
}

export async function recordDecision(runDir: string, runId: string, entry: DecisionEntry, secrets: readonly string[]): Promise<void> {
  const decisions = await readDecisionLog(runDir);
  const clean: DecisionEntry = { ...entry, title: redact(entry.title, secrets), why: redact(entry.why, secrets) };
  const same = decisions.findIndex((d) => d.iteration === entry.iteration && d.fixId === entry.fixId && d.kind === entry.kind);
  if (same >= 0) decisions[same] = clean;
  else decisions.push(clean);
  await atomicWriteJson(join(runDir, DECISION_LOG_FILE), DecisionLogSchema.parse({ version: 1, runId, decisions }));
}
