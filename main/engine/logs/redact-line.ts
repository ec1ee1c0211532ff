// Text from the logs that we show or store: tokens out (shared/redact.ts), home-folder user
// names out (personal data, agent-logs.md §11), and no more than a reader can use.
import { redact } from '../../../shared/redact.ts';

const HOME = /(\/(?:Users|home)\/)[^/\s'"]+/g;
/** Long enough for any real line with its ids and URLs (lessons #5: never cut to 120). */
export const MAX_EXAMPLE_CHARS = 8192;
const MAX_EXAMPLE_LINES = 24;

export function redactForOutput(text: string, secrets: readonly string[] = []): string {
  return keep(redact(text, secrets).replace(HOME, '$1…'));
}

/** A copy that owns its characters. Text cut from a line points into the whole decoded block
 *  of lines (tens of KB); anything we keep beyond the line would hold that block in memory. */
export function keep(text: string): string {
  if (text.length < 13) return text; // V8 copies short substrings anyway
  // through a scratch buffer (cheaper than a new Buffer each time) when it surely fits
  if (text.length * 3 > KEEP_SCRATCH.length) return Buffer.from(text, 'utf8').toString('utf8');
  return KEEP_SCRATCH.toString('utf8', 0, KEEP_SCRATCH.write(text, 0, 'utf8'));
}
const KEEP_SCRATCH = Buffer.allocUnsafe(16 * 1024);

/** A record's lines as an example: whole lines, redacted; a long traceback keeps its first
 *  and last lines. */
export function exampleText(lines: readonly string[], secrets: readonly string[] = []): string {
  let kept = lines;
  if (lines.length > MAX_EXAMPLE_LINES) {
    const half = MAX_EXAMPLE_LINES / 2;
    kept = [...lines.slice(0, half), `  … ${lines.length - MAX_EXAMPLE_LINES} lines left out …`, ...lines.slice(-half)];
  }
  const text = redactForOutput(kept.join('\n'), secrets);
  return text.length > MAX_EXAMPLE_CHARS ? `${text.slice(0, MAX_EXAMPLE_CHARS)} … (${text.length - MAX_EXAMPLE_CHARS} characters left out)` : text;
}
