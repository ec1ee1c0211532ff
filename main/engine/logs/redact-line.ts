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

/** A copy that owns its characters. Text cut from a line points into the whole decoded chunk
 *  (about a megabyte); anything we keep beyond the line would hold that chunk in memory. */
export function keep(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}

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
