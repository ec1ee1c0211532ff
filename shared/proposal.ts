// What the user sees before a fix is applied (the seed's "IMPLEMENTING …" card), in the
// popover and in the CLI alike, and the answer they give.
import { z } from 'zod';
import { FIX_ID } from './fix.ts';

export const ProposalSchema = z.object({
  fixId: z.string().regex(FIX_ID),
  title: z.string(),
  iteration: z.number().int().positive(),
  agents: z.array(z.string()),
  /** BEFORE IMPLEMENTATION: observed, with numbers from the metrics */
  before: z.array(z.string()),
  /** AFTER IMPLEMENTATION (EXPECTED) */
  after: z.array(z.string()),
  successCriteria: z.array(z.string()),
  failureIndicators: z.array(z.string()),
  /** paths relative to the Plug-ins folder */
  files: z.array(z.string()),
  /** unified diff of every file touched */
  diff: z.string(),
  /** checker warnings and other things worth a look; never blocking */
  warnings: z.array(z.string()),
});
export type Proposal = z.infer<typeof ProposalSchema>;

/** proceed = apply it · skip = not now, try the next fix · no = stop the loop */
export const ProposalAnswerSchema = z.enum(['proceed', 'skip', 'no']);
export type ProposalAnswer = z.infer<typeof ProposalAnswerSchema>;
