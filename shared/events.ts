// The engine's event stream: one typed union shared by the CLI, the app (tray, notifications,
// popover) and the tests. Everything the engine wants a person to know travels as one of these.
import { z } from 'zod';
import { VerdictSchema } from './decision.ts';
import { ProposalSchema } from './proposal.ts';

export const PhaseSchema = z.enum(['idle', 'aggregate', 'diagnose', 'propose', 'implement', 'restart', 'test', 'decide', 'propagate', 'report']);
export type Phase = z.infer<typeof PhaseSchema>;

const at = z.iso.datetime({ offset: false });

export const EngineEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('phase'), at, runId: z.string(), iteration: z.number().int().nonnegative(), phase: PhaseSchema, fixId: z.string().optional() }),
  z.object({
    type: z.literal('progress'),
    at,
    runId: z.string(),
    fixId: z.string(),
    /** "baseline" = the paired pre-test, "after" = the test of the applied fix */
    pass: z.enum(['baseline', 'after']),
    started: z.number().int().nonnegative(),
    finished: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
  z.object({ type: z.literal('message'), at, level: z.enum(['info', 'warn', 'error']), text: z.string() }),
  z.object({ type: z.literal('needsConfirmation'), at, proposal: ProposalSchema }),
  z.object({ type: z.literal('needsManualRestart'), at, text: z.string() }),
  z.object({
    type: z.literal('testFinished'),
    at,
    runId: z.string(),
    iteration: z.number().int().positive(),
    fixId: z.string(),
    fixTitle: z.string(),
    verdict: VerdictSchema,
    /** one line: why */
    why: z.string(),
    reportPath: z.string(),
  }),
  z.object({ type: z.literal('loopEnded'), at, runId: z.string(), exitReason: z.string(), summary: z.string(), reportPath: z.string() }),
  z.object({ type: z.literal('plex'), at, connected: z.boolean(), version: z.string().optional() }),
]);
export type EngineEvent = z.infer<typeof EngineEventSchema>;
export type EngineEventOf<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;
