// Metrics → `aggregated_logs_iteration_N.txt`: the same data for people. Never parsed back.
import { itemCounts, itemSuccessRate, type AgentMetrics, type ItemRecord, type Metrics, type Severity, type SignatureStat } from '../../../shared/metrics.ts';
import { redact } from '../../../shared/redact.ts';
import { signatureById } from './signatures.ts';

export interface RenderOptions {
  /** the loop iteration the report belongs to */
  iteration?: number;
  /** items listed per agent (the rest are counted); default 200 */
  maxItems?: number;
  /** secrets we hold, removed once more from the whole text */
  secrets?: readonly string[];
}

const SEVERITY_ORDER: Severity[] = ['crit', 'err', 'warn', 'info', 'noise'];
const SKIP_WORDS: Record<string, string> = {
  binary: 'binary data, not text',
  'invalid-utf8': 'lines with bytes that are not UTF-8 (read with � in their place)',
  'line-too-long': 'lines longer than 1 MiB, skipped',
  unreadable: 'could not be read',
  empty: 'empty file',
  'truncated-line': 'last line had no line end',
  'unparsed-line': 'lines that belong to no log record, skipped',
  gone: 'deleted before it was read to the end',
};

export function renderAggregatedLogs(metrics: Metrics, opts: RenderOptions = {}): string {
  const out: string[] = [];
  const title = opts.iteration ? `Plex agent logs, aggregated — iteration ${opts.iteration}` : 'Plex agent logs, aggregated';
  out.push(`Agent Doctor — ${title}`, '');
  const records = metrics.files.reduce((n, f) => n + f.records, 0);
  const bytes = metrics.files.reduce((n, f) => n + f.bytes, 0);
  out.push(
    `Logs folder: ${metrics.logsDir}`,
    `Window:      ${metrics.window.since || metrics.window.until ? `${metrics.window.since ? when(metrics.window.since) : 'the start'} → ${metrics.window.until ? when(metrics.window.until) : 'now'}` : 'everything in the files'}`,
    `Times:       UTC${metrics.timeZone ? ` (the logs' local times were read as ${metrics.timeZone})` : ''}`,
    `Generated:   ${when(metrics.generatedAt)}`,
    `Files read:  ${metrics.files.length} (${size(bytes)}, ${records} records in the window)`,
  );
  if (metrics.skipped.length === 0) out.push('Skipped:     nothing');
  else {
    out.push('Skipped input:');
    for (const s of metrics.skipped) out.push(`  ${s.file}: ${s.count}× ${SKIP_WORDS[s.reason] ?? s.reason}${s.detail ? ` — ${s.detail}` : ''}`);
  }
  const agents = Object.values(metrics.agents);
  if (agents.length === 0) out.push('', 'No agent logged anything in the window.');
  for (const a of agents) out.push('', ...renderAgent(a, opts.maxItems ?? 200));
  return redact(out.join('\n') + '\n', opts.secrets ?? []);
}

function renderAgent(a: AgentMetrics, maxItems: number): string[] {
  const out: string[] = [];
  out.push(`════ ${a.agent} (${a.identifier}) ════`);
  out.push(`Records:     ${a.records}${a.firstRecord ? `, ${when(a.firstRecord)} → ${when(a.lastRecord!)}` : ''}`);
  if (a.pluginStarts.length > 0) {
    const starts = a.pluginStarts.map((s) => `${when(s.at)} ${s.ok ? 'started' : `FAILED: ${s.reason ?? 'no reason logged'}`}`);
    out.push(`Plug-in:     ${starts.join('; ')}`);
  }
  const items = Object.values(a.items);
  const c = itemCounts(items);
  const rate = itemSuccessRate(items);
  out.push(
    `Items:       ${items.length} — ${c.ok} ok, ${c.failed} failed, ${c.unknown} unknown · item success rate ${rate === null ? 'not known (no item with an outcome)' : `${Math.round(rate * 100)} % (${c.ok} of ${c.withOutcome} with an outcome)`}`,
  );

  const stats = Object.values(a.signatures).sort(bySeverity);
  const counted = stats.filter((s) => s.severity !== 'noise');
  const noise = stats.filter((s) => s.severity === 'noise');
  out.push('', 'Signatures (items = distinct items that showed it; count = raw lines):');
  if (counted.length === 0) out.push('  none');
  for (const s of counted) {
    out.push(`  ${s.severity.padEnd(4)}  ${s.id.padEnd(24)} items ${String(s.items).padStart(4)}  count ${String(s.count).padStart(5)}  ${signatureById.get(s.id)?.explain ?? ''}`);
    for (const e of s.examples) out.push(...indent(e));
  }
  if (noise.length > 0) out.push(`Left out as noise: ${noise.map((s) => `${s.id} ×${s.count}`).join(', ')}`);

  if (items.length > 0) {
    out.push('', 'Items (failed first):');
    const order = { failed: 0, unknown: 1, ok: 2 } as const;
    const sorted = [...items].sort((x, y) => order[x.outcome] - order[y.outcome] || Number(x.ratingKey) - Number(y.ratingKey));
    for (const item of sorted.slice(0, maxItems)) out.push(`  ${item.ratingKey.padEnd(8)} ${item.outcome.padEnd(7)}  ${(item.title ?? '(title not logged)').padEnd(28)}  ${evidence(item)}`);
    if (sorted.length > maxItems) out.push(`  … ${sorted.length - maxItems} more items in the metrics JSON`);
  }
  if (a.unknownPatterns.length > 0) {
    out.push('', 'Error lines the catalogue does not know (grouped by pattern):');
    for (const u of a.unknownPatterns) {
      out.push(`  ${String(u.count).padStart(4)}×  ${u.level}${u.severity ? `/${u.severity}` : ''}  ${u.key}`);
      for (const e of u.examples.slice(0, 1)) out.push(...indent(e));
    }
  }
  if (a.unattributed > 0) out.push('', `Actionable lines not tied to any item: ${a.unattributed}`);
  return out;
}

function evidence(item: ItemRecord): string {
  const parts: string[] = [];
  if (item.outcomeReason) parts.push(item.outcomeReason);
  const sigs = Object.entries(item.signatures).map(([id, n]) => `${id} ×${n}`);
  if (sigs.length) parts.push(sigs.join(', '));
  const markers = Object.entries(item.markers).map(([k, v]) => `${k} ${typeof v === 'boolean' ? (v ? 'yes' : 'no') : v}`);
  if (markers.length) parts.push(markers.join(', '));
  return parts.join(' · ');
}

function bySeverity(x: SignatureStat, y: SignatureStat): number {
  return SEVERITY_ORDER.indexOf(x.severity) - SEVERITY_ORDER.indexOf(y.severity) || y.items - x.items || y.count - x.count || x.id.localeCompare(y.id);
}

const indent = (example: string) => example.split('\n').map((l, i) => `${i === 0 ? '      e.g. ' : '           '}${l}`);

function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
