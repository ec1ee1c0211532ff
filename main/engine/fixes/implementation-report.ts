// implementation_report_<fix-id>.md: the implementation log's entries for one fix, for people.
// Generated from the log only (lessons #21); the log is already redacted.
import type { ImplementationEntry, Validation } from './implementation-log.ts';

const when = (iso: string) => `${iso.replace('T', ' ').slice(0, 19)} UTC`;
const short = (sha: string) => sha.slice(0, 12);

export function renderImplementationReport(fixId: string, entries: readonly ImplementationEntry[]): string {
  const title = entries[0]?.title ?? fixId;
  const out = [`# Implementation report: ${title}`, '', `Fix \`${fixId}\`. Times are UTC.`];
  for (const e of entries) {
    out.push('');
    if (e.event === 'applied') {
      out.push(`## Applied ${when(e.at)}`, '', '| File | sha256 before | sha256 after |', '|---|---|---|');
      for (const f of e.files) out.push(`| \`${f.path}\` | ${short(f.before)} | ${short(f.after)} |`);
      out.push('', `Backup: \`${e.backupDir}\``);
      if (e.warnings.length) out.push('', 'Worth a look:', ...e.warnings.map((w) => `- ${w}`));
      out.push('', '### The change', '', '```diff', e.diff.trimEnd(), '```', '', '### Check after the restart', '', ...renderValidation(e.validation));
    } else if (e.event === 'rolled-back') {
      out.push(`## Rolled back ${when(e.at)}${e.automatic ? ' (automatically)' : ''}`, '', `Why: ${e.reason}`, '');
      out.push(...e.files.map((f) => `- \`${f.path}\` restored to sha256 ${short(f.before)} (verified)`));
      if (e.forced.length) out.push('', `Overwritten although edited after the fix was applied (their content is kept in the backup folder): ${e.forced.map((f) => `\`${f}\``).join(', ')}`);
      if (e.validation) out.push('', '### Check after the restart', '', ...renderValidation(e.validation));
    } else {
      out.push(`## Finished after an interruption ${when(e.at)}`, '', e.text);
    }
  }
  const last = entries.at(-1);
  if (last?.event === 'applied' && last.validation?.verdict !== 'failed') out.push('', `To undo this fix: \`agent-doctor rollback --fix ${fixId}\``);
  return out.join('\n') + '\n';
}

function renderValidation(v: Validation | null): string[] {
  if (!v) return ['Not checked yet: Plex has not been restarted since the change.'];
  const lines = [`Result: **${v.verdict}**. ${v.reason}`, ''];
  if (v.restart) {
    const failed = v.restart.failed.map((f) => `${f.id} failed: ${f.reason}`).join('; ');
    lines.push(`- Restart: ${v.restart.strategy}, Plex ${v.restart.serverVersion}, ${(v.restart.elapsedMs / 1000).toFixed(1)} s${failed ? ` (${failed})` : ''}`);
  }
  for (const p of v.plugins) {
    lines.push(`- ${p.identifier}: ${p.state} — ${p.detail}`);
    for (const c of p.criticals) lines.push(`  - CRITICAL: \`${c}\``);
  }
  return lines;
}
