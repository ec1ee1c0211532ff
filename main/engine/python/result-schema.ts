// The worker's answer crosses a thread boundary, so the main side validates it.
import { z } from 'zod';
import type { CheckResult } from './finding.ts';

const FindingSchema = z.object({
  rule: z.string().min(1),
  severity: z.enum(['error', 'warning', 'info']),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  message: z.string().min(1),
});

export const CheckResultSchema: z.ZodType<CheckResult> = z.object({
  ok: z.boolean(),
  findings: z.array(FindingSchema),
  preExisting: z.array(FindingSchema),
});
