// final_improvement_report.md: the run for people — why it stopped, the progress block, every fix
// and what was decided about it, what was carried over to sibling bundles and what was left
// alone, each agent before and after, each iteration's improvement, and what to do next.
// Generated from the state, the decision log and the last metrics only (lessons #21): every number
// is a measurement of this run, and what was not measured says so.
import { isAdviceOnly } from '../../../shared/fix.ts';
import type { Metrics } from '../../../shared/metrics.ts';
import { redact } from '../../../shared/redact.ts';
import type { DecisionEntry } from './decision-log.ts';
import { PLATEAU_ITERATIONS } from './exit-conditions.ts';
import { improvementText, perItemText, plural, shareText, utcText } from './format.ts';
import { errorsPerItem, MAX_EVALUATION_ITEMS, successRate, totals, type Measurement } from './measurement.ts';
import { progressOf, renderProgress } from './progress.ts';
import type { Attempt, AttemptOutcome, LoopState } from './state.ts';

const OUTCOME_WORDS: Record<AttemptOutcome, string> = {
  kept: 'kept',
  'rolled-back': 'rolled back',
  monitor: 'left applied, to watch (MONITOR)',
  modify: 'left applied, needs changing (MODIFY)',
  skipped: 'skipped by you',
  refused: 'refused before any change',
  covered: 'already made by a propagation',
  failed: 'could not be applied or tested',
};

const EXIT_TITLES = {
  'all-fixes-attempted': 'All fixes attempted',
  plateau: 'Plateau',
  'max-iterations': 'Maximum iterations reached',
  regression: 'Regression below the starting point',
  'user-stop': 'Stopped by you',
} as const;

/** Lines of the remaining-errors list. */
const MAX_REMAINING = 8;

export function renderFinalReport(state: LoopState, decisions: readonly DecisionEntry[], latestMetrics: Metrics | null, secrets: readonly string[]): string {
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  const ran = state.iterations.filter((i) => i.attempts.length > 0 || i.measurement);
  push(`# Final improvement report — run ${state.runId}`, '');
  push(`Started ${utcText(state.startedAt)}${state.exit ? `, ended ${utcText(state.exit.at)}` : ''}; ${plural(ran.length, 'iteration')}. Plug-ins folder: ${state.settings.pluginsDir}.`);
  push(`Fixes came from ${state.settings.reports.length ? `the diagnostic reports given (${state.settings.reports.join(', ')})` : "Agent Doctor's diagnosis of each iteration's logs"}.`, '');
  if (state.exit) {
    push(`## Why the loop stopped: ${EXIT_TITLES[state.exit.reason]}`, '', state.exit.text);
    if (state.exit.rollback) push('', state.exit.rollback.text);
    push('');
  }

  push('## Overall progress', '', '```', ...renderProgress(ran.at(-1)?.iteration ?? 1, progressOf(state), true), '```', '');
  push(...measurementNote(state));

  push('## Fixes and decisions', '');
  const attempts = state.iterations.flatMap((i) => i.attempts.map((a) => ({ iteration: i.iteration, a })));
  if (attempts.length === 0) push('No fix was tried.', '');
  else {
    push('| Iteration | Fix | Agents | Verdict | What was done | Why | Report |', '|---|---|---|---|---|---|---|');
    for (const { iteration, a } of attempts) {
      // with a re-test, this row is the first test and the next one the re-test
      const first = a.retest?.tested ? a.tested : undefined;
      push(row([String(iteration), `${a.title} (\`${a.fixId}\`)`, a.agents.join(', '), first?.verdict ?? a.verdict ?? '—', a.outcome ? OUTCOME_WORDS[a.outcome] : 'not finished', first?.why ?? a.why ?? '', reportLink(a)]));
      if (a.retest?.tested) push(row([String(iteration), `↳ re-test of \`${a.fixId}\` (${a.retest.due})`, a.agents.join(', '), a.retest.tested.verdict, a.outcome ? OUTCOME_WORDS[a.outcome] : '', a.why ?? '', `[test report](${a.retest.tested.report})`]));
      else if (a.retest) push(row([String(iteration), `↳ re-test of \`${a.fixId}\` planned ${a.retest.due}`, a.agents.join(', '), '—', 'not re-tested: the run ended first', '', '']));
      const p = a.propagation;
      if (p && p.siblings.length) push(row([String(iteration), `↳ carried over to ${p.siblings.map((s) => s.agent).join(', ')}`, p.siblings.map((s) => s.agent).join(', '), p.verdict ?? '—', p.outcome ?? 'not finished', p.why ?? '', p.siblings.flatMap((s) => (s.tested ? [`[${s.agent}](${s.tested.report})`] : [])).join(' ')]));
    }
    push('');
  }
  push(`The decision log (decision_log.json) holds ${plural(decisions.length, 'decision')} of this run, in the order they were made.`, '');

  const propagations = attempts.filter(({ a }) => a.propagation && (a.propagation.siblings.length || a.propagation.untouched.length));
  if (propagations.length) {
    push('## Carried over to sibling bundles', '');
    for (const { a } of propagations) {
      const p = a.propagation!;
      push(`**${a.title}** (kept on ${a.agents.join(', ')}):`, '');
      for (const s of p.siblings) {
        const state = s.rolledBack ? 'rolled back' : s.appliedId ? 'changed' : 'not changed';
        push(`- ${s.agent}: ${state}${s.tested ? `, tested: ${s.tested.verdict} — ${s.tested.why}` : s.sampled ? '' : ' (not in the tested sample)'}${s.validation ? ` Start check: ${s.validation.reason}` : ''}`);
      }
      for (const u of p.untouched) push(`- ${u.agent}: left untouched — ${u.file}: ${u.why}.`);
      if (p.outcome === 'declined') push('- You chose not to carry it over.');
      push('');
    }
  }

  push(...perAgent(state));
  push(...iterationsTable(state));
  push(...advice(state));
  push('## What to do next', '', ...nextSteps(state, latestMetrics).map((l) => `- ${l}`), '');
  return redact(out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n', secrets);
}

/** One line for notifications and the CLI: what was kept, and the error reduction. */
export function finalSummary(state: LoopState): string {
  const p = progressOf(state);
  const parts = [`${plural(p.fixesKept, 'fix', 'fixes')} kept, ${p.fixesRolledBack} rolled back`];
  const base = state.baseline ? errorsPerItem(totals(state.baseline)) : null;
  const last = latestMeasurement(state);
  const now = last ? errorsPerItem(totals(last)) : null;
  if (base !== null && now !== null && last !== state.baseline) parts.push(`actionable errors per refreshed item ${perItemText(base)} → ${perItemText(now)} (${improvementText(p.errorReductionPct)} fewer)`);
  if (p.itemSuccessRate.baseline !== null && last !== state.baseline) parts.push(`items updated well ${shareText(p.itemSuccessRate.baseline)} → ${shareText(p.itemSuccessRate.now)}`);
  return `${parts.join('; ')}. ${state.exit ? EXIT_TITLES[state.exit.reason] : 'Not finished'}.`;
}

function latestMeasurement(state: LoopState): Measurement | null {
  return [...state.iterations].reverse().find((i) => i.measurement)?.measurement ?? state.baseline;
}

function measurementNote(state: LoopState): string[] {
  if (!state.baseline) return ['No measurement was taken: the run ended before the starting point was measured.', ''];
  const t = totals(state.baseline);
  return [
    `Every measurement refreshes the same ${plural(t.refreshed, 'item')} once (per agent the most recent items with a known outcome when the run began, up to ${state.settings.items} per agent and ${MAX_EVALUATION_ITEMS} in all) and reads only the log lines written meanwhile, so the numbers compare per refreshed item.`,
    '',
  ];
}

function perAgent(state: LoopState): string[] {
  const start = state.baseline;
  const end = latestMeasurement(state);
  if (!start || !end) return [];
  const lines = ['## Per agent, before and after', '', '| Agent | Refreshed | Actionable errors per refreshed item | Items updated well |', '|---|---|---|---|'];
  for (const a of start.agents) {
    const t0 = totals(start, a.agent);
    const t1 = totals(end, a.agent);
    const e0 = errorsPerItem(t0);
    const e1 = errorsPerItem(t1);
    lines.push(row([a.agent, String(t1.refreshed), `${e0 === null ? 'n/a' : perItemText(e0)} → ${e1 === null ? 'n/a' : perItemText(e1)}`, `${shareText(successRate(t0))} → ${shareText(successRate(t1))}`]));
  }
  if (end === start) lines.push('', 'No iteration was measured after the start, so "after" is the starting point.');
  return [...lines, ''];
}

function iterationsTable(state: LoopState): string[] {
  const done = state.iterations.filter((i) => i.attempts.length > 0 || i.measurement);
  if (done.length === 0) return [];
  const lines = ['## Iterations', '', '| Iteration | Fixes tried | Kept | Actionable errors per refreshed item after it | Improvement |', '|---|---|---|---|---|'];
  for (const i of done) {
    const tried = i.attempts.filter((a) => a.outcome !== 'covered' && a.outcome !== 'skipped').length;
    const kept = i.attempts.filter((a) => a.outcome === 'kept').length;
    const e = i.measurement ? errorsPerItem(totals(i.measurement)) : null;
    lines.push(row([String(i.iteration), String(tried), String(kept), i.measurement ? (e === null ? 'n/a' : perItemText(e)) : 'not measured (the run ended first)', i.measurement ? improvementText(i.improvementPct) : '—']));
  }
  lines.push('', `Improvement = the relative drop of actionable errors per refreshed item against the measurement before the iteration. Under ${state.settings.plateauPct} % in ${PLATEAU_ITERATIONS} iterations in a row is a plateau.`);
  return [...lines, ''];
}

function advice(state: LoopState): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const i of state.iterations) {
    for (const f of i.fixes) {
      if (!isAdviceOnly(f) || seen.has(f.id)) continue;
      seen.add(f.id);
      lines.push(`- **${f.title}** (${f.agents.join(', ')}): ${[...f.advice].join(' ') || f.after.join(' ')}`);
    }
  }
  return lines.length ? ['## Advice only (never applied)', '', ...lines, ''] : [];
}

function nextSteps(state: LoopState, latestMetrics: Metrics | null): string[] {
  const steps: string[] = [];
  const attempts = state.iterations.flatMap((i) => i.attempts);
  const kept = attempts.filter((a) => a.outcome === 'kept');
  const watch = attempts.filter((a) => a.outcome === 'monitor' || a.outcome === 'modify');
  const exit = state.exit;
  if (exit?.reason === 'regression' && exit.rollback?.answer !== 'proceed' && exit.rollback?.fixIds.length) {
    steps.push(`The agents do worse than at the start and the fixes are still applied. Roll them back with: ${exit.rollback.fixIds.map((id) => `agent-doctor rollback --fix ${id}`).join('; ')}.`);
  }
  for (const a of watch) {
    steps.push(
      a.outcome === 'monitor'
        ? `"${a.title}" is applied but not proven. Test it again in a few days (agent-doctor test --fix ${a.fixId} …), or roll it back: agent-doctor rollback --fix ${a.fixId}.`
        : `"${a.title}" is applied but a minor failure indicator fired: it needs changing. See its test report, or roll it back: agent-doctor rollback --fix ${a.fixId}.`,
    );
  }
  if (kept.length) steps.push(`Nothing to do for the ${plural(kept.length, 'kept fix', 'kept fixes')}; each can be undone with agent-doctor rollback --fix ID (${kept.map((a) => a.fixId).join(', ')}).`);
  const remaining = remainingErrors(latestMetrics);
  if (remaining.length) steps.push(`Errors still seen in the last measurement (items that showed them): ${remaining.join(', ')}. ${exit?.reason === 'all-fixes-attempted' || exit?.reason === 'plateau' ? 'No fix Agent Doctor can make addresses them further: see the advice in the last diagnostic report.' : 'Run the loop again to work on them.'}`);
  else if (latestMetrics) steps.push('The last measurement shows no actionable error on the refreshed items.');
  if (exit?.reason === 'user-stop') steps.push('You stopped the run; start a new one with agent-doctor loop (or the Start button) when you want to go on.');
  if (exit?.reason === 'max-iterations') steps.push('The iteration limit was reached: start a new run to go on.');
  return steps.length ? steps : ['Nothing: no fix was applied.'];
}

function remainingErrors(m: Metrics | null): string[] {
  if (!m) return [];
  const byId = new Map<string, number>();
  for (const a of Object.values(m.agents)) for (const s of Object.values(a.signatures)) if (s.actionable && s.items > 0) byId.set(s.id, (byId.get(s.id) ?? 0) + s.items);
  return [...byId]
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .slice(0, MAX_REMAINING)
    .map(([id, n]) => `${id} (${n})`);
}

function reportLink(a: Attempt): string {
  return a.tested ? `[test report](${a.tested.report})` : '';
}

/** A table row; pipes and line breaks inside a cell would break the table. */
function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ')).join(' | ')} |`;
}
