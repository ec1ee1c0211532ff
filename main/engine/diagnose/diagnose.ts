// Phase 2: Metrics + the installed agent code → findings (one per signature family and agent,
// in plain words, with counts and example lines) and a prioritized list of fixes. Recipes
// prepare code changes; families without a recipe, or whose recipes found no safe change,
// get an advice-only fix that is shown and never applied.
import { FixSchema, type Fix } from '../../../shared/fix.ts';
import { itemCounts, itemSuccessRate, type AgentMetrics, type Metrics, type Severity, type UnknownPattern } from '../../../shared/metrics.ts';
import { redact } from '../../../shared/redact.ts';
import { AgentSources } from './agent-source.ts';
import { familyEvidence, worstSeverity, type FamilyEvidence } from './evidence.ts';
import { KNOWLEDGE, UNKNOWN_PATTERNS, type KnowledgeEntry } from './knowledge.ts';
import { prioritize, type Impact, type Ranked } from './prioritize.ts';
import { slug } from './recipe.ts';

export interface DiagnoseOptions {
  metrics: Metrics;
  /** the Plug-ins folder; without it, recipes cannot read code and every fix is advice */
  pluginsDir?: string;
  iteration: number;
  now?: Date;
}

export interface DiagnosisFinding {
  /** knowledge entry id, or `unknown` */
  family: string;
  title: string;
  agent: string;
  identifier: string;
  severity: Severity;
  symptom: string;
  rootCause: string;
  expected: string;
  /** observed behaviour, with numbers */
  observed: string[];
  /** null for unknown patterns */
  evidence: FamilyEvidence | null;
  unknownPatterns: UnknownPattern[];
  /** ids of the fixes proposed for it, best first */
  fixIds: string[];
  /** what the recipes found or could not do */
  notes: string[];
  advice: string[];
}

export interface AgentSummary {
  agent: string;
  identifier: string;
  records: number;
  items: number;
  ok: number;
  failed: number;
  /** 0..1; null with no item with an outcome */
  successRate: number | null;
  /** plug-in starts in the window that failed, of all starts */
  failedStarts: number;
  starts: number;
}

export interface Diagnosis {
  iteration: number;
  generatedAt: string;
  /** when the metrics were made, and the window they cover */
  metricsGeneratedAt: string;
  window: Metrics['window'];
  pluginsDir: string | null;
  agents: AgentSummary[];
  findings: DiagnosisFinding[];
  /** in priority order; advice-only fixes last */
  fixes: Fix[];
}

const SEVERITY_RANK: Record<Severity, number> = { crit: 0, err: 1, warn: 2, info: 3, noise: 4 };

export async function diagnose(options: DiagnoseOptions): Promise<Diagnosis> {
  const { metrics, pluginsDir, iteration } = options;
  const sources = pluginsDir ? new AgentSources(pluginsDir) : null;
  const findings: DiagnosisFinding[] = [];
  const ranked: Ranked[] = [];
  const agents = Object.values(metrics.agents).sort((a, b) => a.agent.localeCompare(b.agent));
  for (const agent of agents) {
    for (const entry of KNOWLEDGE) {
      const evidence = familyEvidence(agent, entry.signatures);
      if (!evidence) continue;
      const { finding, fixes } = await diagnoseFamily(entry, agent, evidence, sources);
      findings.push(finding);
      ranked.push(...fixes);
    }
    const unknown = agent.unknownPatterns.filter((p) => p.count > 0);
    if (unknown.length > 0) findings.push(unknownFinding(agent, unknown));
  }
  findings.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (b.evidence?.items ?? 0) - (a.evidence?.items ?? 0) || a.family.localeCompare(b.family) || a.agent.localeCompare(b.agent));
  const fixes = prioritize(ranked).map((f) => FixSchema.parse(f));
  return {
    iteration,
    generatedAt: (options.now ?? new Date()).toISOString(),
    metricsGeneratedAt: metrics.generatedAt,
    window: metrics.window,
    pluginsDir: pluginsDir ?? null,
    agents: agents.map(summarize),
    findings,
    fixes,
  };
}

async function diagnoseFamily(entry: KnowledgeEntry, agent: AgentMetrics, evidence: FamilyEvidence, sources: AgentSources | null): Promise<{ finding: DiagnosisFinding; fixes: Ranked[] }> {
  const severity = worstSeverity(evidence);
  const actionable = evidence.signatures.some((s) => s.actionable);
  const impact = impactOf(entry, agent, evidence, severity);
  const notes: string[] = [];
  const fixes: Ranked[] = [];
  // a plug-in whose last start succeeded is not down any more, whatever an earlier start said
  const lastStart = agent.pluginStarts.at(-1);
  const resolved = entry.id === 'plugin-load' && lastStart?.ok === true;
  if (resolved) notes.push(`The last start of the plug-in (${lastStart.at}) succeeded, so the refusal in the log is from older code; nothing to change.`);
  if (actionable && !resolved && entry.recipes.length > 0) {
    const source = sources ? await sources.source(agent.identifier) : null;
    if (!sources) notes.push('No Plug-ins folder was given, so the agent\'s code was not read and no change was prepared.');
    else if (!source) notes.push(`The bundle of ${agent.identifier} is not in ${sources.pluginsDir}, so no change was prepared.`);
    else for (const u of source.unreadable) notes.push(`${u.path} was not read: ${u.reason}.`);
    if (source) {
      let primary: Fix | undefined;
      for (const recipe of entry.recipes) {
        const outcome = await recipe.run({ agent, evidence, source });
        notes.push(...outcome.notes.map((n) => `${recipe.title}: ${n}`));
        if (!outcome.fix) continue;
        const fix = FixSchema.parse({ ...outcome.fix, ...(primary ? { alternativeOf: primary.id } : {}) });
        primary ??= fix;
        fixes.push({ fix, impact });
      }
    }
  }
  const advice = [...entry.advice];
  if (actionable && !resolved && fixes.length === 0) {
    const adviceFix = FixSchema.parse({
      id: `${entry.id}-advice-${slug(agent.agent)}`.slice(0, 64).replace(/-+$/, ''),
      title: `${entry.title} (${agent.agent}): what to do`,
      priority: 1,
      agents: [agent.agent],
      signatures: evidence.signatures.map((s) => s.id),
      rootCause: entry.rootCause,
      before: observedLines(evidence),
      after: [entry.expected],
      changes: [],
      advice: [...advice, ...notes],
      successCriteria: [],
      failureIndicators: [],
      risk: 'low',
    });
    fixes.push({ fix: adviceFix, impact });
  }
  return {
    finding: {
      family: entry.id,
      title: resolved ? `${entry.title} (resolved since)` : entry.title,
      agent: agent.agent,
      identifier: agent.identifier,
      // a problem of older code is history: told, not counted among those needing attention
      severity: resolved ? 'info' : severity,
      symptom: entry.symptom,
      rootCause: entry.rootCause,
      expected: entry.expected,
      observed: observedLines(evidence),
      evidence,
      unknownPatterns: [],
      fixIds: fixes.map((f) => f.fix.id),
      notes,
      advice,
    },
    fixes,
  };
}

/** Items the family touches: those that showed it; all of the agent's when the plug-in is down. */
function impactOf(entry: KnowledgeEntry, agent: AgentMetrics, evidence: FamilyEvidence, severity: Severity): Impact {
  if (entry.id === 'plugin-load') {
    const items = Math.max(evidence.itemsSeen, 1);
    return { items, severity, itemsText: `the plug-in is down for all ${items} item${items === 1 ? '' : 's'} of ${agent.agent}` };
  }
  return { items: evidence.items, severity, itemsText: `${evidence.items} item${evidence.items === 1 ? '' : 's'} of ${agent.agent} showed it` };
}

function observedLines(e: FamilyEvidence): string[] {
  const base = e.itemsWithOutcome || e.itemsSeen;
  return e.signatures.map((s) => {
    const share = base > 0 && s.items > 0 ? ` of ${base}` : '';
    return `${s.id}: ${s.count} line${s.count === 1 ? '' : 's'} on ${s.items}${share} item${(base || s.items) === 1 ? '' : 's'}`;
  });
}

function unknownFinding(agent: AgentMetrics, patterns: UnknownPattern[]): DiagnosisFinding {
  const severity = patterns.reduce<Severity>((w, p) => {
    const s = p.severity ?? (p.level === 'CRITICAL' || p.level === 'ERROR' ? 'err' : 'info');
    return SEVERITY_RANK[s] < SEVERITY_RANK[w] ? s : w;
  }, 'info');
  return {
    family: UNKNOWN_PATTERNS.id,
    title: UNKNOWN_PATTERNS.title,
    agent: agent.agent,
    identifier: agent.identifier,
    severity,
    symptom: UNKNOWN_PATTERNS.symptom,
    rootCause: UNKNOWN_PATTERNS.rootCause,
    expected: UNKNOWN_PATTERNS.expected,
    observed: patterns.map((p) => `${redact(p.key)}: ${p.count} line${p.count === 1 ? '' : 's'}`),
    evidence: null,
    unknownPatterns: patterns.map((p) => ({ ...p, key: redact(p.key), examples: p.examples.map((e) => redact(e)) })),
    fixIds: [],
    notes: [],
    advice: [...UNKNOWN_PATTERNS.advice],
  };
}

function summarize(agent: AgentMetrics): AgentSummary {
  const items = Object.values(agent.items);
  const c = itemCounts(items);
  return {
    agent: agent.agent,
    identifier: agent.identifier,
    records: agent.records,
    items: items.length,
    ok: c.ok,
    failed: c.failed,
    successRate: itemSuccessRate(items),
    failedStarts: agent.pluginStarts.filter((s) => !s.ok).length,
    starts: agent.pluginStarts.length,
  };
}
