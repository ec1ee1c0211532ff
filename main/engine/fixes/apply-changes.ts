// A fix's changes applied in memory, in order, to the files' current bytes. Nothing is written
// here: the plan holds the result, and the transaction writes it only after every check passed.
import type { Change } from '../../../shared/fix.ts';
import { UserError } from '../errors.ts';
import { applyPatch, PatchError } from './apply-patch.ts';
import { textToBinary } from './lines.ts';
import { countOccurrences } from '../diagnose/index.ts';

/** Applies one change to `source` (a byte string); a change that does not fit throws a UserError. */
export function applyChange(source: string, change: Change, index: number): string {
  const where = `Change ${index + 1} (${change.file})`;
  if (change.kind === 'replace') {
    const find = textToBinary(change.find);
    const found = countOccurrences(source, find);
    if (found !== change.occurrences) {
      throw new UserError(
        'replace-count',
        `${where}: the text to replace occurs ${found === 0 ? 'nowhere' : `${found} times`} in the file, but the fix expects it ${change.occurrences === 1 ? 'exactly once' : `exactly ${change.occurrences} times`}. Nothing was changed.`,
        found === 0
          ? 'The agent code differs from what the fix was written for (another version, or already fixed). Re-run the diagnosis on the current code.'
          : 'The fix would change more places than it says. Re-run the diagnosis, or make the text to find longer so it matches only the intended places.',
      );
    }
    return source.split(find).join(textToBinary(change.replace));
  }
  try {
    return applyPatch(source, textToBinary(change.diff));
  } catch (err) {
    if (!(err instanceof PatchError)) throw err;
    throw new UserError(
      'patch-mismatch',
      `${where}: the patch does not apply exactly: ${err.message}. Nothing was changed.`,
      'The agent code differs from what the patch was written for. Re-run the diagnosis on the current code.',
    );
  }
}
