// Plex token redaction (agent-logs.md §11). PGMA logs the token itself, so every line we
// store, show or export passes through here. Pure string code: usable in every layer.

export const REDACTED = '<redacted>';

// Keep group 1, replace group 2.
const PATTERNS: readonly RegExp[] = [
  /(X-Plex-Token["']?\s*[=:]\s*["']?)([A-Za-z0-9_\-~.]{8,})/gi,
  /(PlexOnlineToken["']?\s*[=:]\s*["']?)([^"'\s&<]+)/gi,
  /(Plex ?Token\s*[:=]?\s+)(\S+)/gi,
  /(authToken["']?\s*[:=]\s*["']?)([^"'\s&]+)/gi,
];

/** Replaces every Plex token in `text`: the known patterns, plus exact occurrences of any
 *  secret we hold (`known`), wherever they appear. */
export function redact(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const secret of known) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  for (const re of PATTERNS) out = out.replace(re, (_m, keep: string, value: string) => (value === REDACTED ? keep + value : keep + REDACTED));
  return out;
}
