// diagnostic_report_iteration_N.md: the diagnosis for people, with each fix also as a fenced
// ```json block — the machine-readable truth that parseDiagnosticReport reads back. Every
// number comes from the metrics; every log line shown is redacted.
import { filesOf, isAdviceOnly, operatorWords, type Change, type Criterion, type Fix } from '../../../shared/fix.ts';
import { redact } from '../../../shared/redact.ts';
import { atomicWrite } from '../util/atomic-write.ts';
import type { AgentSummary, Diagnosis, DiagnosisFinding } from './diagnose.ts';
import { itemsAndLines } from './evidence.ts';

export const reportFileName = (iteration: number): string => `diagnostic_report_iteration_${iteration}.md`;

const SEVERITY_WORDS = { crit: 'critical', err: 'error', warn: 'warning', info: 'information', noise: 'noise' } as const;
export async function writeDiagnosticReport(path: string, diagnosis: Diagnosis): Promise<void> {
  await atomicWrite(path, renderDiagnosticReport(diagnosis));
}

export function renderDiagnosticReport(d: Diagnosis): string {
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  push(`# Diagnostic report — iteration ${d.iteration}`, '');
  push(`Written ${utc(d.generatedAt)} from the metrics of ${utc(d.metricsGeneratedAt)} (logs ${windowText(d.window)}).`);
  push(d.pluginsDir ? `Agent code read from: ${d.pluginsDir}` : 'No Plug-ins folder was given: the agents\' code was not read, so every fix is advice only.');
  push('', 'Only the ```json blocks are read back by Agent Doctor; edit them to change a fix. The text around them is for you.', '');

  push(...summary(d));
  push(...order(d.fixes));

  const shown = new Set<string>();
  if (d.findings.length > 0) push('## Problems found', '');
  d.findings.forEach((f, i) => {
    push(...finding(f, i + 1));
    for (const id of f.fixIds) {
      const fix = d.fixes.find((x) => x.id === id);
      if (!fix || shown.has(id)) continue;
      shown.add(id);
      push(...fixSection(fix, '####'));
    }
  });
  const others = d.fixes.filter((f) => !shown.has(f.id));
  if (others.length > 0) {
    push('## Other fixes', '');
    for (const fix of others) push(...fixSection(fix, '###'));
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function summary(d: Diagnosis): string[] {
  const changing = d.fixes.filter((f) => !isAdviceOnly(f));
  const first = changing[0];
  const lines = ['## Executive summary', ''];
  if (d.agents.length === 0) lines.push('- The metrics hold no agent: there was nothing to diagnose.');
  for (const a of d.agents) lines.push(`- ${agentLine(a)}`);
  const problems = d.findings.filter((f) => f.severity !== 'info' && f.severity !== 'noise').length;
  lines.push(`- ${problems} problem${problems === 1 ? '' : 's'} that need${problems === 1 ? 's' : ''} attention, ${d.findings.length - problems} informational finding${d.findings.length - problems === 1 ? '' : 's'}.`);
  lines.push(`- ${changing.length} fix${changing.length === 1 ? '' : 'es'} that change${changing.length === 1 ? 's' : ''} code, ${d.fixes.length - changing.length} advice only (never applied automatically).`);
  lines.push(first ? `- Try first: **${first.title}** (\`${first.id}\`). ${first.priorityReason}` : '- No fix that changes code could be prepared; see the advice below.');
  return [...lines, ''];
}

function agentLine(a: AgentSummary): string {
  const rate = a.successRate === null ? 'no item with a known outcome' : `${Math.round(a.successRate * 100)} % updated well (${a.ok} of ${a.ok + a.failed})`;
  const starts = a.starts === 0 ? 'no plug-in start in the logs' : a.failedStarts === 0 ? `plug-in started ${a.starts === 1 ? 'once' : `${a.starts} times`}, always fine` : `plug-in failed ${a.failedStarts} of ${a.starts} starts`;
  return `**${a.agent}** (${a.identifier}): ${a.items} item${a.items === 1 ? '' : 's'}, ${rate}; ${a.records} log records; ${starts}.`;
}

function order(fixes: readonly Fix[]): string[] {
  if (fixes.length === 0) return [];
  const lines = ['## Order of the fixes', '', 'Impact = items affected × severity weight (critical 10, error 4, warning 2, information 1), divided by the risk (low 1, medium 2, high 4). Fixes that change code come first; a fallback is tried only when the fix it replaces is rolled back.', ''];
  lines.push('| # | Fix | Agents | Changes code | Risk | Why this place |', '|---|---|---|---|---|---|');
  for (const f of fixes) lines.push(`| ${f.priority} | ${cell(f.title)} (\`${f.id}\`) | ${cell(f.agents.join(', '))} | ${isAdviceOnly(f) ? 'no (advice)' : 'yes'} | ${f.risk} | ${cell(f.priorityReason)} |`);
  return [...lines, ''];
}

function finding(f: DiagnosisFinding, n: number): string[] {
  const lines = [`### ${n}. ${f.title} — ${f.agent} (${SEVERITY_WORDS[f.severity]})`, ''];
  lines.push(`**Symptom.** ${f.symptom}`, '');
  if (f.evidence) {
    lines.push(`**Counts.** ${itemsAndLines(f.evidence.items, f.evidence.count)} in all; per signature:`, '');
    lines.push('| Signature | Severity | Items | Lines |', '|---|---|---|---|');
    for (const s of f.evidence.signatures) lines.push(`| ${s.id} | ${SEVERITY_WORDS[s.severity]} | ${s.items} | ${s.count} |`);
    lines.push('');
    const examples = f.evidence.signatures.flatMap((s) => s.examples.slice(0, 2));
    if (examples.length > 0) lines.push('**Example lines** (tokens removed):', '', ...fenced('text', examples.map((e) => redact(e)).join('\n')), '');
  } else {
    lines.push('**Counts.**', '', ...f.unknownPatterns.map((p) => `- ${cell(p.key)}: ${p.count} line${p.count === 1 ? '' : 's'} (${p.level})`), '');
    const examples = f.unknownPatterns.flatMap((p) => p.examples.slice(0, 1));
    if (examples.length > 0) lines.push('**Example lines** (tokens removed):', '', ...fenced('text', examples.map((e) => redact(e)).join('\n')), '');
  }
  lines.push(`**Affected agent.** ${f.agent} (${f.identifier})`, '');
  const sites = f.evidence?.sites ?? [];
  if (sites.length > 0) {
    lines.push('**Functions and code locations** (as the log names them):', '');
    for (const s of sites) lines.push(`- ${s.function} — ${s.bundle ? `${s.bundle}/…/` : ''}${s.file || 'file not logged'}${s.line === null ? '' : `, line ${s.line}`}${s.chain.length > 1 ? ` (called as ${s.chain.join(' → ')})` : ''}`);
    lines.push('');
  }
  lines.push(`**Expected.** ${f.expected}`, '', '**Observed.**', '', ...f.observed.map((o) => `- ${o}`), '');
  lines.push(`**Root cause.** ${f.rootCause}`, '');
  if (f.notes.length > 0) lines.push('**What Agent Doctor found in the code.**', '', ...f.notes.map((o) => `- ${o}`), '');
  if (f.advice.length > 0) lines.push('**Advice.**', '', ...f.advice.map((o) => `- ${o}`), '');
  const fixes = f.fixIds;
  lines.push(fixes.length > 0 ? `**Recommended fix.** ${fixes.map((id) => `\`${id}\``).join(', then ')} (below).` : '**Recommended fix.** None: nothing here calls for a change.', '');
  return lines;
}

function fixSection(fix: Fix, heading: string): string[] {
  const lines = [`${heading} Fix ${fix.priority}: ${fix.title} (\`${fix.id}\`)`, ''];
  lines.push(`- Agents: ${fix.agents.join(', ')} · risk: ${fix.risk} · ${isAdviceOnly(fix) ? 'advice only: never applied automatically' : `changes ${filesOf(fix).join(', ')}`}`);
  if (fix.alternativeOf) lines.push(`- Fallback of \`${fix.alternativeOf}\`: tried only if that fix is rolled back.`);
  if (fix.priorityReason) lines.push(`- Order: ${fix.priorityReason}`);
  lines.push('', `**Root cause.** ${fix.rootCause}`, '');
  lines.push('**Before (observed):**', '', ...fix.before.map((b) => `- ${b}`), '');
  lines.push('**After (expected result):**', '', ...fix.after.map((a) => `- ${a}`), '');
  if (fix.changes.length > 0) {
    lines.push('**Changes:**', '');
    fix.changes.forEach((c, i) => lines.push(`${i + 1}. ${changeTitle(c)}`, '', ...fenced('diff', changeDiff(c)), ''));
  }
  if (fix.successCriteria.length > 0) lines.push('**Success criteria** (per refreshed item):', '', ...fix.successCriteria.map((c) => `- ✓ ${criterionText(c)}`), '');
  if (fix.failureIndicators.length > 0) lines.push('**Failure indicators:**', '', ...fix.failureIndicators.map((c) => `- ✗ ${criterionText(c)} — ${c.severity}`), '');
  if (fix.advice.length > 0) lines.push('**Advice:**', '', ...fix.advice.map((a) => `- ${a}`), '');
  lines.push(...fenced('json', JSON.stringify(fix, null, 2)), '');
  return lines;
}

function changeTitle(c: Change): string {
  if (c.kind === 'patch') return `Patch ${c.file}`;
  return `In ${c.file}, replace ${c.occurrences === 1 ? 'these lines' : `these lines (${c.occurrences} places)`}:`;
}

function changeDiff(c: Change): string {
  if (c.kind === 'patch') return c.diff.trimEnd();
  const minus = c.find.split('\n').map((l) => `-${l}`);
  const plus = c.replace === '' ? [] : c.replace.split('\n').map((l) => `+${l}`);
  return [...minus, ...plus].join('\n');
}

function criterionText(c: Criterion): string {
  const target = c.target === undefined ? '' : String(c.target);
  return `${c.description} (${c.metric} ${operatorWords(c.op, target)})`;
}

/** A fenced block whose fence is longer than any backtick run inside it. */
function fenced(info: string, body: string): string[] {
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, body, fence];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function utc(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
}

function windowText(w: Diagnosis['window']): string {
  if (!w.since && !w.until) return 'as far back as they go';
  return `from ${w.since ? utc(w.since) : 'the start'} to ${w.until ? utc(w.until) : 'the end'}`;
}
