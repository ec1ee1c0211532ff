// loop_state.json: everything the loop needs to carry on after a crash, a quit or `--resume`,
// written atomically after every transition (lessons #19: the predecessor wrapped its state on
// save, never unwrapped it on load, and printed "State has been saved" without saving). Versioned;
// read back through the same schema, so a damaged file is refused with its path, never guessed at.
// What is in the agents' files is not taken from here: the journal, the list of applied fixes and
// the files' sha256 decide that (fixes/), so a state saved a moment too early cannot apply a fix twice.
import { join } from 'node:path';
import { z } from 'zod';
import { VerdictSchema } from '../../../shared/decision.ts';
import { PhaseSchema } from '../../../shared/events.ts';
import { FIX_ID, FixSchema } from '../../../shared/fix.ts';
import { RestartStrategySchema, RUN_ID } from '../../../shared/ipc.ts';
import { ProposalAnswerSchema } from '../../../shared/proposal.ts';
import { UserError, diskFull } from '../errors.ts';
import { atomicWriteJson, ensureDir } from '../util/atomic-write.ts';
import { readJsonFile } from '../util/json-file.ts';
import { TestPassSchema, TestPlanSchema } from '../verify/index.ts';
import { ExitReasonSchema } from './exit-conditions.ts';
import { EvaluationItemSchema, MeasurementSchema } from './measurement.ts';

export const LOOP_STATE_FILE = 'loop_state.json';
export const LOOP_STATE_VERSION = 1;

const at = z.iso.datetime({ offset: false });
const fixId = z.string().regex(FIX_ID).max(64);

export const LoopSettingsSchema = z.object({
  /** real path of the Plug-ins folder */
  pluginsDir: z.string().min(1),
  /** the Plex logs folder (holds "PMS Plugin Logs") */
  logsDir: z.string().min(1),
  serverUrl: z.string().min(1),
  /** where the token is read from again on resume (the token itself is never stored) */
  preferencesPath: z.string().nullable(),
  maxIterations: z.number().int().min(1).max(50),
  /** items per test (up to) and per agent in a measurement */
  items: z.number().int().min(1).max(100),
  plateauPct: z.number().min(0).max(100),
  keepPct: z.number().int().min(1).max(100),
  monitorPct: z.number().int().min(0).max(99),
  /** diagnostic reports that are the fix source, the first for iteration 1 and so on; empty:
   *  Agent Doctor diagnoses the fresh logs of every iteration */
  reports: z.array(z.string().min(1)),
  /** hours of history read for iteration 1; null: everything in the logs */
  historyHours: z.number().positive().nullable(),
  itemTimeoutMs: z.number().int().positive(),
  restartOrder: z.array(RestartStrategySchema).min(1),
});
export type LoopSettings = z.infer<typeof LoopSettingsSchema>;

export const ValidationSummarySchema = z.object({
  verdict: z.enum(['started', 'failed', 'unconfirmed', 'not-restarted']),
  reason: z.string(),
});

/** A test's verdict as the loop keeps it; the whole decision is in testing_decisions.json. */
export const TestedSchema = z.object({
  verdict: VerdictSchema,
  criteriaMetPct: z.number().nullable(),
  /** the deciding reason */
  why: z.string(),
  /** the test report, relative to the run folder */
  report: z.string(),
  decidedAt: at,
});
export type Tested = z.infer<typeof TestedSchema>;

/** kept · rolled-back (by its verdict, a failed start, or a re-test) · monitor / modify: left
 *  applied · skipped by the person · refused before anything changed · covered: the same change
 *  already landed through a kept propagation · failed: it could not be applied or tested */
export const AttemptOutcomeSchema = z.enum(['kept', 'rolled-back', 'monitor', 'modify', 'skipped', 'refused', 'covered', 'failed']);
export type AttemptOutcome = z.infer<typeof AttemptOutcomeSchema>;

/** The steps of one tested change, as the state keeps them: its test plan and paired baseline,
 *  its application, the check after the restart, and the test's verdict. */
const CHANGE_STEPS = {
  plan: TestPlanSchema.optional(),
  before: TestPassSchema.optional(),
  /** the application in the list of applied fixes (fixes/applied-fixes.ts) */
  appliedId: z.string().optional(),
  changedAt: at.optional(),
  validation: ValidationSummarySchema.optional(),
  tested: TestedSchema.optional(),
};

export const SiblingSchema = z.object({
  agent: z.string().min(1),
  identifier: z.string().min(1),
  /** the derived fix: the canary's change in this bundle */
  fixId,
  /** relative to the Plug-ins folder */
  files: z.array(z.string().min(1)).min(1),
  /** tested before the propagation is called kept */
  sampled: z.boolean(),
  ...CHANGE_STEPS,
  rolledBack: z.boolean(),
});
export type Sibling = z.infer<typeof SiblingSchema>;

export const PropagationSchema = z.object({
  stage: z.enum(['offered', 'pretested', 'applied', 'tested', 'done']),
  answer: ProposalAnswerSchema.optional(),
  siblings: z.array(SiblingSchema),
  /** bundles with the same file that differs from the canary's original: never touched */
  untouched: z.array(z.object({ agent: z.string(), file: z.string(), why: z.string() })),
  verdict: VerdictSchema.nullable(),
  outcome: z.enum(['kept', 'rolled-back', 'monitor', 'declined', 'failed']).nullable(),
  why: z.string().nullable(),
});
export type Propagation = z.infer<typeof PropagationSchema>;

export const ATTEMPT_STAGES = ['proposed', 'confirmed', 'pretested', 'applied', 'validated', 'tested', 'done'] as const;

export const AttemptSchema = z.object({
  fixId,
  title: z.string(),
  agents: z.array(z.string()),
  /** the last durable step: proposed (asked) → confirmed → pretested (plan and paired baseline
   *  saved) → applied → validated (restarted and checked) → tested (verdict known) → done (acted on) */
  stage: z.enum(ATTEMPT_STAGES),
  outcome: AttemptOutcomeSchema.nullable(),
  verdict: VerdictSchema.nullable(),
  /** one plain line: why it ended as it did */
  why: z.string().nullable(),
  ...CHANGE_STEPS,
  /** MONITOR: re-tested at the end of the iteration; when, what it said, and whether that was acted on */
  retest: z.object({ due: z.string(), tested: TestedSchema.optional(), done: z.boolean() }).optional(),
  propagation: PropagationSchema.optional(),
  /** the kept fix whose propagation already made this change */
  coveredBy: fixId.optional(),
});
export type Attempt = z.infer<typeof AttemptSchema>;

export const IterationSchema = z.object({
  iteration: z.number().int().positive(),
  startedAt: at,
  endedAt: at.nullable(),
  /** relative to the run folder */
  metricsFile: z.string(),
  diagnosticReport: z.string(),
  /** the fix source's fixes for this iteration, in priority order (advice-only ones included) */
  fixes: z.array(FixSchema),
  attempts: z.array(AttemptSchema),
  /** the closing measurement */
  measurement: MeasurementSchema.nullable(),
  /** relative drop of actionable errors per refreshed item versus the previous measurement, in % */
  improvementPct: z.number().nullable(),
});
export type IterationRecord = z.infer<typeof IterationSchema>;

export const LoopStateSchema = z.object({
  version: z.literal(LOOP_STATE_VERSION),
  runId: z.string().regex(RUN_ID),
  startedAt: at,
  updatedAt: at,
  /** running: not finished (a crash or a quit leaves it so: it can be resumed) */
  status: z.enum(['running', 'ended']),
  phase: PhaseSchema,
  /** the fix being worked on */
  fixId: fixId.nullable(),
  settings: LoopSettingsSchema,
  evaluation: z.array(EvaluationItemSchema).nullable(),
  /** the measurement before any change */
  baseline: MeasurementSchema.nullable(),
  iterations: z.array(IterationSchema),
  exit: z
    .object({
      reason: ExitReasonSchema,
      text: z.string(),
      at,
      /** regression: the kept fixes offered for rollback, and what became of the offer */
      rollback: z.object({ answer: ProposalAnswerSchema.nullable(), fixIds: z.array(fixId), text: z.string() }).optional(),
    })
    .nullable(),
  /** relative to the run folder, once written */
  finalReport: z.string().nullable(),
});
export type LoopState = z.infer<typeof LoopStateSchema>;

export const loopStatePath = (runDir: string): string => join(runDir, LOOP_STATE_FILE);

/** Replaces the run's state; on a full disk the last saved state stays, and the error says how to go on. */
export async function writeLoopState(runDir: string, state: LoopState): Promise<void> {
  const path = loopStatePath(runDir);
  try {
    await ensureDir(runDir);
    await atomicWriteJson(path, LoopStateSchema.parse(state));
  } catch (err) {
    throw diskFull(err, `while saving the run's state (${path}); the last saved state is kept.`, `Free some disk space, then resume the run (in the app, or: agent-doctor loop --resume "${path}").`);
  }
}

/** The state at `path` (a loop_state.json); a missing or damaged file is a UserError naming it. */
export async function readLoopState(path: string): Promise<LoopState> {
  const state = await readJsonFile(path, LoopStateSchema, 'loop state');
  if (!state) throw new UserError('loop-state-missing', `There is no loop state at ${path}.`, 'Name the loop_state.json of the run to resume (it is in <data>/runs/<run>/).');
  return state;
}

/** The iteration being worked on (the last one). */
export function currentIteration(state: LoopState): IterationRecord | undefined {
  return state.iterations.at(-1);
}
