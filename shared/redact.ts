// Plex token redaction (agent-logs.md §11). PGMA logs the token itself, so every line we
// store, show or export passes through here. Pure string code: usable in every layer.

export const REDACTED = '<redacted>';

// Keep group 1, replace group 2. Wider than agent-logs.md §11: URL-encoded separators (a token
// inside another URL), `PlexToken=` without a space, `authenticationToken`/`accessToken` and a
// JSON "token" key. PGMA's "Plex Token" dump needs a separator or a column gap and a token-
// shaped value, so our own sentences ("The Plex token was refused") stay readable.
const PATTERNS: readonly RegExp[] = [
  /(X-Plex-Token["']?\s*(?:[=:]|%3D|%3A)\s*["']?)([A-Za-z0-9_\-~.]{8,})/gi,
  /(PlexOnlineToken["']?\s*(?:[=:]|%3D|%3A)\s*["']?)([^"'\s&<]+)/gi,
  /(Plex ?Token["']?(?:\s*[:=]\s*["']?|\s{2,}))([A-Za-z0-9_\-~.]{8,})/gi,
  /((?:authToken|authenticationToken|accessToken)["']?\s*[:=]\s*["']?)([^"'\s&]+)/gi,
  /(["']token["']\s*:\s*["'])([^"'\s]+)/gi,
];

/** Replaces every Plex token in `text`: the known patterns, plus exact occurrences of any
 *  secret we hold (`known`), wherever they appear. */
export function redact(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const secret of known) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  for (const re of PATTERNS) out = out.replace(re, (_m, keep: string, value: string) => (value === REDACTED ? keep + value : keep + REDACTED));
  return out;
}
