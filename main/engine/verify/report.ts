// test_report_<fix-id>_iteration_N.md: the seed's "Expected Result Validation" — EXPECTED RESULT,
// ACTUAL RESULT with ✓/✗ per criterion, DECISION and why — then the items the verdict rests
// on. A rendering of the decision for people; never read back.
import type { CriterionResult, ItemPass, TestItem, TestRecord } from '../../../shared/decision.ts';
import type { Criterion, Fix } from '../../../shared/fix.ts';
import { signatureById } from '../logs/index.ts';
import { BUILTIN_CHECKS } from './builtin-checks.ts';
import { targetText } from './criteria.ts';
import { formatP, formatPct } from './decide.ts';

export function renderTestReport(fix: Fix, record: TestRecord): string {
  const d = record.decision;
  const out: string[] = [];
  out.push(`# Test report: ${fix.title}`, '');
  out.push(`Fix \`${fix.id}\` · iteration ${d.iteration} · agents ${fix.agents.join(', ')} · decided ${d.decidedAt}`, '');
  const refreshed = record.items.filter((i) => i.after !== null).length;
  out.push(
    d.pairedBaseline
      ? `${refreshed} items were refreshed just before the fix and again after it; only the log lines written during each refresh count.`
      : `${refreshed} items were refreshed after the fix and compared with the aggregated baseline (no paired pre-test).`,
    '',
  );

  out.push('## EXPECTED RESULT (from the diagnostic report)', '');
  for (const a of fix.after) out.push(`- ${a}`);
  out.push('', 'Success criteria:');
  if (fix.successCriteria.length === 0) out.push('- none');
  for (const c of fix.successCriteria) out.push(`- ${c.description} (${measureOf(c)}, wanted: ${targetText(c)})`);
  out.push('', 'Failure indicators (the fix fails if one of these happens):');
  for (const c of fix.failureIndicators) out.push(`- ${c.description}${c.severity === 'critical' ? ' — critical' : ''} (${measureOf(c)}, fires when: ${targetText(c)})`);
  for (const b of BUILTIN_CHECKS) out.push(`- ${b.description}${b.severity === 'critical' ? ' — critical' : ''} (checked on every test)`);
  out.push('');

  out.push('## ACTUAL RESULT (from the fresh logs of the refreshed items)', '');
  if (d.criteria.length === 0) out.push('- no success criteria to check');
  for (const r of d.criteria) out.push(`- ${mark(r.holds, true)} ${r.criterion.description}: ${r.text}`);
  out.push('', 'Failure indicators (✓ = did not happen):');
  for (const r of d.indicators) out.push(`- ${mark(r.holds, false)} ${r.criterion.description}${severityNote(r)}: ${r.text}`);
  out.push('');

  const pct = d.criteriaMetPct === null ? 'no success criterion could be measured' : `met ${formatPct(d.criteriaMetPct)} of criteria`;
  out.push(`## DECISION: ${d.verdict} (${pct})`, '');
  out.push('Why:');
  for (const r of d.reasons) out.push(`- ${r}`);
  out.push('');
  const p = d.paired;
  out.push(
    `Paired outcomes (${d.pairedBaseline ? 'same items, before and after' : 'aggregated baseline vs after'}): failed → ok ${p.failToOk} · ok → failed ${p.okToFail} · ok → ok ${p.okToOk} · failed → failed ${p.failToFail} · without an outcome on one side ${p.unpaired}${p.pValue === null ? '' : ` · sign test p = ${formatP(p.pValue)}`}`,
    '',
  );

  if (record.notes.length) {
    out.push('## About the sample', '');
    for (const n of record.notes) out.push(`- ${n}`);
    out.push('');
  }

  out.push('## Items', '');
  out.push('| # | Item | ratingKey | chosen because | before | after | refresh | errors before → after | after the fix |');
  out.push('|---|---|---|---|---|---|---|---|---|');
  record.items.forEach((item, n) => out.push(itemRow(n + 1, item)));
  out.push('');
  out.push('Errors = occurrences of actionable error signatures while the item was refreshed. Outcome "unknown" = the log said neither that data was scraped nor that it failed; "timeout" = Plex did not finish in time (not counted as a failure).');
  return out.join('\n') + '\n';
}

const measureOf = (c: Criterion) => `\`${c.metric}\``;

function mark(holds: boolean | null, isCriterion: boolean): string {
  if (holds === null) return '?';
  return holds === isCriterion ? '✓' : '✗';
}

function severityNote(r: CriterionResult): string {
  if (r.holds !== true) return '';
  return r.criterion.severity === 'critical' ? ' — critical' : ' — minor';
}

function itemRow(n: number, item: TestItem): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const a = item.after;
  const time = a?.durationMs == null ? '' : `${(a.durationMs / 1000).toFixed(1)} s${a.detectedBy === 'poll' ? ' (polled)' : ''}`;
  return `| ${n} | ${cell(item.title)} | ${item.ratingKey} | ${item.reason === 'addressed-signature' ? 'showed the signature' : 'failed otherwise'} | ${item.before?.outcome ?? '—'} | ${a?.outcome ?? '—'} | ${time} | ${errors(item.before)} → ${errors(item.after)} | ${cell(facts(a))} |`;
}

function errors(pass: ItemPass | null): string {
  if (!pass) return '—';
  let n = 0;
  for (const [id, count] of Object.entries(pass.signatures)) if (signatureById.get(id)?.actionable) n += count;
  return String(n);
}

function facts(pass: ItemPass | null): string {
  if (!pass) return '';
  const shown: string[] = [];
  for (const [k, v] of Object.entries(pass.markers)) shown.push(typeof v === 'boolean' ? `${k} ${v ? 'yes' : 'no'}` : `${k} ${v}`);
  const worst = Object.entries(pass.signatures)
    .filter(([id]) => signatureById.get(id)?.actionable)
    .sort((x, y) => y[1] - x[1])
    .slice(0, 3)
    .map(([id, c]) => `${id} ×${c}`);
  return [...shown, ...worst].join(', ');
}
