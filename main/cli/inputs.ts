// Inputs every CLI command reads the same way: the app's version, and a metrics file written by
// `agent-doctor aggregate --json` (refused whole and plainly when it is not one).
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { MetricsSchema, type Metrics } from '../../shared/metrics.ts';
import { UserError } from '../engine/errors.ts';

/** Agent Doctor's version, as package.json says (sent to Plex as X-Plex-Version). */
export const APP_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Metrics of a busy library are a few MB; anything this large is not a metrics file. */
export const MAX_METRICS_BYTES = 256 * 1024 * 1024;

const REWRITE = 'Write the metrics again with "agent-doctor aggregate --json FILE".';

export async function readMetricsFile(path: string): Promise<Metrics> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new UserError('metrics-missing', `There is no metrics file "${path}".`, 'Write one with "agent-doctor aggregate --json FILE".');
  if (info.size > MAX_METRICS_BYTES) throw new UserError('metrics-too-large', `"${path}" is ${(info.size / 1024 / 1024).toFixed(0)} MB, far larger than metrics are; it was not read.`, 'Check that this is the file "agent-doctor aggregate --json" wrote.');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new UserError('metrics-invalid', `"${path}" is not JSON (${(err as Error).message}).`, REWRITE);
  }
  const parsed = MetricsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError('metrics-invalid', `"${path}" is not a metrics file Agent Doctor can read (${issue.path.join('.') || 'top level'}: ${issue.message}).`, REWRITE);
  }
  return parsed.data;
}
