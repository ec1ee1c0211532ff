// Plan a fix and refuse early, before anything is touched (issue 6): every file resolved inside
// an agent bundle of the Plug-ins folder, the changes applied in memory, nothing unsafe added,
// the Python checker against the original (only new errors block), and room on the disks.
// A plan holds the exact bytes before and after; applyPlan writes those bytes and no others.
import { FixSchema, isAdviceOnly, type Fix } from '../../../shared/fix.ts';
import { redact } from '../../../shared/redact.ts';
import { UserError, isUserError } from '../errors.ts';
import { checkPython, describeFinding, type Finding } from '../python/index.ts';
import type { AgentBundle } from '../plex/index.ts';
import { applyChange } from './apply-changes.ts';
import { contentSafety } from '../diagnose/index.ts';
import { resolved, type IterationContext } from './context.ts';
import { checkFreeSpace } from './disk-space.ts';
import { readState, stateOf, type FileState } from './file-state.ts';
import { binaryToBytes, binaryToText, bytesToBinary } from './lines.ts';
import { assertNotLocked } from './lock.ts';
import { openPluginsFolder, resolvePluginFile } from './path-jail.ts';
import { unifiedDiff } from './unified-diff.ts';

export interface PlannedFile {
  /** as the fix names it, relative to the Plug-ins folder */
  rel: string;
  /** the real file relative to the real Plug-ins folder (the backup keeps this path) */
  realRel: string;
  /** absolute real path */
  path: string;
  bundle: AgentBundle;
  before: Buffer;
  after: Buffer;
  beforeState: FileState;
  afterState: FileState;
  /** unified diff for people (UTF-8 text) */
  diff: string;
}

export interface Plan {
  fix: Fix;
  /** real path of the Plug-ins folder */
  pluginsDir: string;
  iterationDir: string;
  files: PlannedFile[];
  /** checker warnings and other things worth a look, one line each; never blocking */
  warnings: string[];
  /** every file's diff, redacted */
  diff: string;
  plannedAt: string;
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; refusal: UserError };

/** Lines in a refusal that lists checker findings. */
const MAX_FINDINGS_SHOWN = 5;

/** Plans `fix`, or says why it cannot be applied (a UserError whose message ends "Nothing was changed."). */
export async function planFix(fix: Fix, ctx: IterationContext): Promise<PlanResult> {
  try {
    return { ok: true, plan: await plan(fix, ctx) };
  } catch (err) {
    if (isUserError(err)) return { ok: false, refusal: err };
    throw err;
  }
}

async function plan(input: Fix, ctx: IterationContext): Promise<Plan> {
  const parsed = FixSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError('bad-fix', `The fix is not valid (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}). Nothing was changed.`, 'Check the fix in the diagnostic report.');
  }
  const fix = parsed.data;
  if (isAdviceOnly(fix)) throw new UserError('advice-only', `"${fix.title}" is advice only: it changes no file, so there is nothing to apply.`, 'Read its advice in the diagnostic report.');
  const { clock, disk, secrets } = resolved(ctx);
  const folder = await openPluginsFolder(ctx.pluginsDir);
  await assertNotLocked(ctx, folder.real);

  // one entry per real file, in first-mention order; changes apply in their order
  const files = new Map<string, { rel: string; realRel: string; bundle: AgentBundle; before: Buffer; mode: number; text: string }>();
  for (const [i, change] of fix.changes.entries()) {
    const file = await resolvePluginFile(folder, change.file);
    let entry = files.get(file.path);
    if (!entry) {
      const current = await readState(file.path);
      if (!current) throw new UserError('file-missing', `The fix changes "${change.file}", which disappeared while it was read. Nothing was changed.`, 'Try again.');
      entry = { rel: change.file, realRel: file.realRel, bundle: file.bundle, before: current.bytes, mode: current.state.mode, text: bytesToBinary(current.bytes) };
      files.set(file.path, entry);
    }
    entry.text = applyChange(entry.text, change, i);
  }

  const planned: PlannedFile[] = [];
  const warnings: string[] = [];
  for (const [path, f] of files) {
    const after = binaryToBytes(f.text);
    if (after.equals(f.before)) continue;
    const unsafe = contentSafety(f.before.toString('utf8'), after.toString('utf8'))[0];
    if (unsafe) {
      throw new UserError(
        'unsafe-content',
        `The change to ${f.rel} ${unsafe.message} (line ${unsafe.line}). Nothing was changed.`,
        'Agent code runs inside Plex: a fix must not run programs, ask for administrator rights or delete files. Remove this fix from the diagnostic report or rewrite it without that.',
      );
    }
    if (f.realRel.toLowerCase().endsWith('.py')) warnings.push(...(await pythonCheck(f.rel, f.realRel, f.before, after)));
    if (f.realRel !== f.rel) warnings.push(`${f.rel} is a link to ${f.realRel}: the change lands there, for every bundle that uses that file.`);
    planned.push({
      rel: f.rel,
      realRel: f.realRel,
      path,
      bundle: f.bundle,
      before: f.before,
      after,
      beforeState: stateOf(f.before, f.mode),
      afterState: stateOf(after, f.mode),
      diff: binaryToText(unifiedDiff(bytesToBinary(f.before), f.text, { oldLabel: `a/${f.rel}`, newLabel: `b/${f.rel}` })),
    });
  }
  if (planned.length === 0) throw new UserError('no-change', `"${fix.title}" would leave every file as it is. Nothing was changed.`, 'The agent code may already contain this fix.');
  if (fix.risk === 'high') warnings.push('The diagnosis rates this fix as high risk: watch the test results closely.');

  await checkFreeSpace(disk, [
    { dir: ctx.iterationDir, bytes: sum(planned.map((f) => f.beforeState.size)), what: 'the backup' },
    { dir: folder.real, bytes: sum(planned.map((f) => f.afterState.size)), what: 'the new versions of the files' },
  ]);
  return {
    fix,
    pluginsDir: folder.real,
    iterationDir: ctx.iterationDir,
    files: planned,
    warnings: warnings.map((w) => redact(w, secrets)),
    diff: redact(planned.map((f) => f.diff).join(''), secrets),
    plannedAt: clock.now().toISOString(),
  };
}

/** Blocks on new errors; returns the new warnings as lines for the proposal. */
async function pythonCheck(rel: string, realRel: string, before: Buffer, after: Buffer): Promise<string[]> {
  const result = await checkPython(after, { original: before, path: realRel });
  const line = (f: Finding) => `${rel}: ${describeFinding(f)}`;
  if (!result.ok) {
    const errors = result.findings.filter((f) => f.severity === 'error');
    const shown = errors.slice(0, MAX_FINDINGS_SHOWN).map(line);
    if (errors.length > shown.length) shown.push(`… and ${errors.length - shown.length} more`);
    throw new UserError(
      'python-check',
      `The changed ${rel} would not load in Plex (Python 2.7 and Plex's sandbox rules):\n  ${shown.join('\n  ')}\nNothing was changed.`,
      'Plex would refuse to start the agent with this code. Fix the change in the diagnostic report, or skip this fix.',
    );
  }
  return result.findings.filter((f) => f.severity === 'warning').map(line);
}

const sum = (ns: readonly number[]) => ns.reduce((a, b) => a + b, 0);
