// Text as the fixes module handles it: every byte kept. A file is read as a "byte string"
// (latin1: one char per byte), so replacing and patching can never re-encode or drop a byte;
// text from a fix (find, replace, diff) is UTF-8 encoded into the same form first.

/** file bytes → byte string */
export const bytesToBinary = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
/** byte string → file bytes */
export const binaryToBytes = (text: string): Buffer => Buffer.from(text, 'latin1');
/** text from a fix (JS string) → the byte string of its UTF-8 bytes */
export const textToBinary = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
/** byte string → text for people (invalid UTF-8 shows as U+FFFD; display only) */
export const binaryToText = (text: string): string => Buffer.from(text, 'latin1').toString('utf8');

/** Lines with their terminators ("a\n", "b\r\n", a last "c" without one). */
export function splitKeepingEnds(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    lines.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}
