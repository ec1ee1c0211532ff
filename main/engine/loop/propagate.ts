// Propagation (lessons #9: the predecessor patched all 21 agents at once, twice, and its file walk
// patched the backup copies too). PGMA-style families ship one identical utils.py in many bundles.
// After a fix is kept on the agent it was tested on (the canary), the same change is offered for
// the sibling bundles whose file is byte-identical (sha256) to the canary's ORIGINAL — never a file
// that differs, which is named and left alone. Each sibling is its own transaction with its own
// backup; a sample of them is tested (paired, like any fix) before the propagation is called kept,
// and if one of them fails, every sibling is rolled back.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Verdict } from '../../../shared/decision.ts';
import { FixSchema, type Fix } from '../../../shared/fix.ts';
import type { Metrics } from '../../../shared/metrics.ts';
import type { Proposal } from '../../../shared/proposal.ts';
import { isUserError } from '../errors.ts';
import { applyPlan, planFix, restartAndValidate, type AppliedFix, type Plan } from '../fixes/index.ts';
import { listAgents } from '../plex/index.ts';
import { sha256 } from '../util/sha256.ts';
import { planTest, postTest, preTest } from '../verify/index.ts';
import { applicationById, applicationOf, filesState, rollBack } from './applications.ts';
import type { Run } from './context.ts';
import { recordDecision } from './decision-log.ts';
import { testedOf } from './fix-attempt.ts';
import { plural } from './format.ts';
import type { Attempt, IterationRecord, Propagation, Sibling } from './state.ts';

/** Siblings tested before a propagation is called kept (the rest follow their verdict). */
export const PROPAGATION_SAMPLE = 2;

const VERDICT_ORDER: readonly Verdict[] = ['ROLLBACK', 'MODIFY', 'MONITOR', 'KEEP'];

/** The worst of some verdicts: one failed sibling fails the propagation. */
export const worstVerdict = (verdicts: readonly Verdict[]): Verdict | null => VERDICT_ORDER.find((v) => verdicts.includes(v)) ?? null;

/** Offers, applies and tests the propagation of a kept fix; true when the person said "no" (stop). */
export async function propagate(run: Run, iter: IterationRecord, a: Attempt, fix: Fix): Promise<boolean> {
  const n = iter.iteration;
  if (!a.propagation) {
    a.propagation = await findSiblings(run, a, fix);
    await run.save();
  }
  const p = a.propagation;
  if (p.stage === 'done') return false;
  const ctx = run.fixContext(n);
  const metrics = await run.metricsOf(iter);
  const canary = canaryBundle(fix)!;

  if (p.stage === 'offered') {
    if (p.answer === undefined) {
      await run.phase('propagate', n, fix.id);
      const plans: Plan[] = [];
      for (const s of [...p.siblings]) {
        const planned = await planFix(siblingFix(fix, canary, s), ctx);
        if (planned.ok) plans.push(planned.plan);
        else leaveAlone(p, s, planned.refusal.message);
      }
      if (p.siblings.length === 0) return end(run, n, a, { verdict: null, outcome: null, why: 'No sibling bundle could take the change; nothing was carried over.' }, 'nothing-changed');
      const answer = await run.deps.ports.confirm(propagationProposal(n, fix, a, p, plans));
      p.answer = answer;
      if (answer !== 'proceed') {
        await end(run, n, a, { verdict: null, outcome: 'declined', why: answer === 'skip' ? 'You chose not to carry the fix over; the sibling bundles were not changed.' : 'You stopped the loop here; the sibling bundles were not changed.' }, 'nothing-changed');
        return answer === 'no';
      }
      chooseSample(p, metrics, fix);
      await run.save();
    }
    await run.phase('test', n, fix.id);
    for (const s of p.siblings.filter((x) => x.sampled)) {
      try {
        s.plan ??= await planTest(run.deps.session.client, { fix: siblingFix(fix, canary, s), baseline: metrics, maxItems: run.settings.items, signal: run.deps.control.abort });
      } catch (err) {
        if (!isUserError(err)) throw err;
        s.sampled = false;
        run.say(`${s.agent} cannot be tested (${err.message}); it follows the tested siblings' verdict.`);
        continue;
      }
      await run.save();
      run.say(`Testing ${s.agent} before the change: refreshing ${plural(s.plan.items.length, 'item')} (the paired baseline).`);
      s.before = await preTest(run.verifyContext(), s.plan, run.passOptions());
      await run.save();
    }
    if (!p.siblings.some((s) => s.sampled)) return end(run, n, a, { verdict: null, outcome: 'failed', why: 'None of the sibling bundles has items to test the change on, so it was not carried over.' }, 'nothing-changed');
    p.stage = 'pretested';
    await run.save();
  }

  if (p.stage === 'pretested') {
    await run.phase('implement', n, fix.id);
    for (const s of [...p.siblings]) {
      if (s.appliedId) continue;
      const earlier = await applicationOf(run, n, s.fixId);
      if (earlier && (earlier.state === 'rolled-back' || (await filesState(earlier)) === 'after')) {
        // applied just before an interruption: not applied again
        Object.assign(s, { appliedId: earlier.id, changedAt: earlier.appliedAt, rolledBack: earlier.state === 'rolled-back' });
      } else {
        const applied = await applySibling(run, n, fix, canary, s);
        if (typeof applied === 'string') {
          leaveAlone(p, s, applied);
          await run.save();
          continue;
        }
        Object.assign(s, { appliedId: applied.id, changedAt: applied.appliedAt });
        run.say(`Carried "${fix.title}" over to ${s.agent}; its original is in ${applied.backupDir}.`);
      }
      await run.save();
    }
    p.stage = 'applied';
    await run.save();
  }

  if (p.stage === 'applied') {
    await run.phase('restart', n, fix.id);
    for (const s of p.siblings) {
      if (!s.appliedId || s.validation) continue;
      const applied = await applicationById(run, s.appliedId);
      if (!applied || applied.state === 'rolled-back') {
        Object.assign(s, { rolledBack: true, validation: { verdict: 'failed', reason: 'The plug-in did not start with the change, so it was rolled back at once.' } });
      } else {
        const outcome = await restartAndValidate(applied, ctx, run.restartDeps());
        Object.assign(s, { validation: { verdict: outcome.validation.verdict, reason: outcome.validation.reason }, rolledBack: outcome.rollback !== undefined });
      }
      await run.save();
    }
    await run.phase('test', n, fix.id);
    for (const s of p.siblings) {
      if (!s.sampled || s.rolledBack || s.tested) continue;
      run.say(`Testing ${s.agent} with the change: refreshing the same ${plural(s.plan!.items.length, 'item')}.`);
      const result = await postTest(
        run.verifyContext(),
        { fix: siblingFix(fix, canary, s), plan: s.plan!, baseline: metrics, before: s.before!, iteration: n, dir: run.iterationDir(n), changedAt: new Date(s.changedAt!), thresholds: run.thresholds() },
        run.passOptions(),
      );
      s.tested = testedOf(run, result);
      await run.save();
    }
    p.stage = 'tested';
    await run.save();
  }

  // tested: decide for all of them
  await run.phase('decide', n, fix.id);
  const failedStart = p.siblings.filter((s) => s.rolledBack);
  const verdict = worstVerdict([...p.siblings.flatMap((s) => (s.tested ? [s.tested.verdict] : [])), ...(failedStart.length ? (['ROLLBACK'] as const) : [])]);
  const tested = p.siblings.filter((s) => s.tested).map((s) => `${s.agent}: ${s.tested!.verdict}`);
  const seen = [...tested, ...failedStart.map((s) => `${s.agent}: did not start`)].join(', ');
  if (verdict === 'ROLLBACK') {
    for (const s of p.siblings) {
      if (!s.appliedId || s.rolledBack) continue;
      await rollBack(run, n, s.appliedId, `The propagation of "${fix.title}" failed on a tested sibling (${seen}).`);
      s.rolledBack = true;
      await run.save();
    }
    return end(run, n, a, { verdict, outcome: 'rolled-back', why: `A sibling did not take the change well (${seen}), so it was rolled back from every sibling.` }, 'rolled-back');
  }
  const names = p.siblings.map((s) => s.agent).join(', ');
  if (verdict === 'KEEP') return end(run, n, a, { verdict, outcome: 'kept', why: `Carried over to ${names} and kept (${seen}).` }, 'kept');
  return end(run, n, a, { verdict, outcome: 'monitor', why: `Carried over to ${names}; not yet proven (${seen}), so it stays applied and should be tested again later.` }, 'left-applied');
}

/** The fix's single bundle folder as it names it ("GEVI.bundle"); undefined when it changes several. */
export function canaryBundle(fix: Pick<Fix, 'agents' | 'changes'>): string | undefined {
  const bundles = new Set(fix.changes.map((c) => c.file.split('/')[0]!));
  return fix.agents.length === 1 && bundles.size === 1 ? [...bundles][0] : undefined;
}

/** The canary's change, in a sibling bundle. */
export function siblingFix(fix: Fix, canary: string, s: Pick<Sibling, 'agent' | 'fixId'>): Fix {
  const { alternativeOf: _alternativeOf, ...rest } = fix;
  return FixSchema.parse({
    ...rest,
    id: s.fixId,
    title: `${fix.title} (carried over to ${s.agent})`,
    agents: [s.agent],
    changes: fix.changes.map((c) => ({ ...c, file: `${s.agent}.bundle/${c.file.slice(canary.length + 1)}` })),
  });
}

/** `iafd-headers-gevi` for AEBN → `iafd-headers-gevi-to-aebn` (at most 64 characters). */
export function siblingFixId(fixId: string, agent: string): string {
  const tail = `-to-${agent.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`;
  return `${fixId.slice(0, 64 - tail.length).replace(/[-_]+$/, '')}${tail}`.slice(0, 64);
}

/** The same change, carried over from a kept fix: a sibling's own diagnosed fix that this run's
 *  propagation already made. */
export function coveredBy(run: Run, fix: Fix): { attempt: Attempt; verdict: Verdict } | undefined {
  if (fix.agents.length !== 1) return undefined;
  for (const iter of run.state.iterations) {
    for (const a of iter.attempts) {
      const p = a.propagation;
      if (!p || (p.outcome !== 'kept' && p.outcome !== 'monitor') || p.verdict === null) continue;
      const sibling = p.siblings.find((s) => s.agent.toLowerCase() === fix.agents[0]!.toLowerCase() && !s.rolledBack);
      const canaryFix = iter.fixes.find((f) => f.id === a.fixId);
      const canary = canaryFix && canaryBundle(canaryFix);
      if (sibling && canaryFix && canary && JSON.stringify(siblingFix(canaryFix, canary, sibling).changes) === JSON.stringify(fix.changes)) return { attempt: a, verdict: p.verdict };
    }
  }
  return undefined;
}

async function findSiblings(run: Run, a: Attempt, fix: Fix): Promise<Propagation> {
  const none = (why: string): Propagation => ({ stage: 'done', siblings: [], untouched: [], verdict: null, outcome: null, why });
  const canary = canaryBundle(fix);
  if (!canary) return none('The fix changes more than one agent, so there is no single canary to carry it over from.');
  const applied = await applicationById(run, a.appliedId!);
  if (!applied) return none('Its application is not in the list of applied fixes, so nothing was carried over.');
  const canaryName = canary.slice(0, -'.bundle'.length);
  const siblings: Sibling[] = [];
  const untouched: Propagation['untouched'] = [];
  for (const bundle of (await listAgents(run.settings.pluginsDir)).agents) {
    if (bundle.name === canaryName) continue;
    const states = await Promise.all(applied.files.map((f) => siblingFileState(run.settings.pluginsDir, f, bundle.name)));
    if (states.includes('missing')) continue; // not of the family
    const files = applied.files.map((f) => siblingPath(f.named, bundle.name));
    if (states.every((s) => s === 'original')) siblings.push({ agent: bundle.name, identifier: bundle.identifier, fixId: siblingFixId(fix.id, bundle.name), files, sampled: false, rolledBack: false });
    else if (states.every((s) => s === 'changed')) untouched.push({ agent: bundle.name, file: files.join(', '), why: `it already has this change` });
    else untouched.push({ agent: bundle.name, file: files.join(', '), why: `it differs from ${canaryName}'s before the fix (sha256), so the change may not fit it` });
  }
  if (siblings.length === 0) {
    return { ...none(untouched.length ? 'No sibling bundle has a byte-identical copy of the file, so nothing was carried over.' : 'No other bundle has this file.'), untouched };
  }
  return { stage: 'offered', siblings, untouched, verdict: null, outcome: null, why: null };
}

const siblingPath = (named: string, agent: string): string => `${agent}.bundle/${named.split('/').slice(1).join('/')}`;

async function siblingFileState(pluginsDir: string, f: AppliedFix['files'][number], agent: string): Promise<'original' | 'changed' | 'different' | 'missing'> {
  const path = join(pluginsDir, agent + '.bundle', ...f.path.split('/').slice(1));
  const sha = await readFile(path).then(sha256, () => null);
  if (sha === null) return 'missing';
  return sha === f.before.sha256 ? 'original' : sha === f.after.sha256 ? 'changed' : 'different';
}

/** The siblings with the most items showing the fix's signatures are tested. */
function chooseSample(p: Propagation, metrics: Metrics, fix: Fix): void {
  const addressed = new Set(fix.signatures);
  const showing = (agent: string) => Object.values(metrics.agents[agent]?.items ?? {}).filter((i) => Object.entries(i.signatures).some(([id, n]) => n > 0 && addressed.has(id))).length;
  const order = [...p.siblings].sort((x, y) => showing(y.agent) - showing(x.agent) || x.agent.localeCompare(y.agent));
  for (const s of p.siblings) s.sampled = order.indexOf(s) < PROPAGATION_SAMPLE;
}

function leaveAlone(p: Propagation, s: Sibling, why: string): void {
  p.siblings.splice(p.siblings.indexOf(s), 1);
  p.untouched.push({ agent: s.agent, file: s.files.join(', '), why });
}

async function applySibling(run: Run, n: number, fix: Fix, canary: string, s: Sibling): Promise<AppliedFix | string> {
  const ctx = run.fixContext(n);
  const planned = await planFix(siblingFix(fix, canary, s), ctx);
  if (!planned.ok) return planned.refusal.message;
  try {
    return await applyPlan(planned.plan, ctx);
  } catch (err) {
    if (!isUserError(err)) throw err;
    return err.message;
  }
}

function propagationProposal(n: number, fix: Fix, a: Attempt, p: Propagation, plans: readonly Plan[]): Proposal {
  const names = p.siblings.map((s) => s.agent);
  const canary = fix.agents[0]!;
  const files = plans.flatMap((plan) => plan.files.map((f) => f.rel));
  return {
    fixId: propagationId(fix.id),
    title: `Carry "${fix.title}" over to ${names.join(', ')}`,
    iteration: n,
    agents: names,
    before: [
      `${names.join(', ')} ${names.length === 1 ? 'has' : 'have'} ${p.siblings[0]!.files.map((f) => f.split('/').slice(1).join('/')).join(', ')} byte for byte as ${canary} had it before the fix.`,
      `On ${canary} the fix was kept: ${a.tested?.why ?? a.why ?? ''}`.trim(),
    ],
    after: [
      'The same change in each of them, each as its own change with its own backup.',
      `Tested on their own items before it is called kept (up to ${PROPAGATION_SAMPLE} of them); if one of them fails, it is rolled back from all of them.`,
    ],
    successCriteria: fix.successCriteria.map((c) => c.description),
    failureIndicators: fix.failureIndicators.map((c) => c.description),
    files,
    diff: plans.map((plan) => plan.diff).join(''),
    warnings: [...p.untouched.map((u) => `Left alone: ${u.file} (${u.agent}): ${u.why}.`), ...plans.flatMap((plan) => plan.warnings)],
  };
}

/** The proposal id of a propagation, distinct from the fix's own. */
export const propagationId = (fixId: string): string => `carry-${fixId}`.slice(0, 64).replace(/[-_]+$/, '');

async function end(run: Run, n: number, a: Attempt, result: Pick<Propagation, 'verdict' | 'outcome' | 'why'>, action: 'kept' | 'rolled-back' | 'left-applied' | 'nothing-changed'): Promise<false> {
  const p = a.propagation!;
  Object.assign(p, result, { stage: 'done' });
  const reports = p.siblings.flatMap((s) => (s.tested ? [s.tested.report] : []));
  await recordDecision(run.runDir, run.state.runId, { at: run.now(), iteration: n, fixId: a.fixId, title: a.title, kind: 'propagation', verdict: result.verdict, action, why: result.why!, report: reports[0] ?? null }, run.secrets);
  await run.save();
  return false;
}
