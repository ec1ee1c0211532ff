// What the metrics show about one family of signatures in one agent: the counts (distinct
// items first, raw lines alongside), the example lines, and the code sites those lines name —
// PGMA's error header (`❌ File: utils.py, Line: 5718, Function: updateMetadata -> getCast ->
// matchCast`) and Python tracebacks (`File ".../GEVI.bundle/Contents/Code/utils.py", line
// 402, in update`). Nothing here is guessed: a site is only what a line says.
import { type AgentMetrics, type Severity, itemCounts } from '../../../shared/metrics.ts';
import { redact } from '../../../shared/redact.ts';

export interface SignatureEvidence {
  id: string;
  severity: Severity;
  actionable: boolean;
  items: number;
  count: number;
  examples: string[];
}

export interface CodeSite {
  /** file name as logged (`utils.py`); empty when the line left it out */
  file: string;
  line: number | null;
  /** the function the line was written in (the last of the chain) */
  function: string;
  /** the whole call chain, outermost first */
  chain: string[];
  /** where the site comes from */
  from: 'pgma-header' | 'traceback';
  /** the bundle the traceback names, when it does (`GEVI.bundle`) */
  bundle?: string;
}

export interface FamilyEvidence {
  agent: string;
  identifier: string;
  signatures: SignatureEvidence[];
  /** distinct items that showed any of the family's signatures */
  items: number;
  /** raw lines over all the family's signatures */
  count: number;
  /** items of the agent with an outcome (ok or failed) */
  itemsWithOutcome: number;
  /** items of the agent seen at all */
  itemsSeen: number;
  sites: CodeSite[];
}

const SEVERITY_ORDER: Record<Severity, number> = { crit: 0, err: 1, warn: 2, info: 3, noise: 4 };

/** The evidence for `signatureIds` in `agent`, or null when none of them was seen. */
export function familyEvidence(agent: AgentMetrics, signatureIds: readonly string[]): FamilyEvidence | null {
  const present = signatureIds.map((id) => agent.signatures[id]).filter((s): s is NonNullable<typeof s> => s !== undefined && s.count > 0);
  if (present.length === 0) return null;
  const ids = new Set(present.map((s) => s.id));
  const items = Object.values(agent.items).filter((item) => Object.entries(item.signatures).some(([id, n]) => ids.has(id) && n > 0)).length;
  const signatures = present
    .map((s) => ({ id: s.id, severity: s.severity, actionable: s.actionable, items: s.items, count: s.count, examples: s.examples.map((e) => redact(e)) }))
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.items - a.items || b.count - a.count || a.id.localeCompare(b.id));
  return {
    agent: agent.agent,
    identifier: agent.identifier,
    signatures,
    items,
    count: present.reduce((n, s) => n + s.count, 0),
    itemsWithOutcome: itemCounts(Object.values(agent.items)).withOutcome,
    itemsSeen: Object.keys(agent.items).length,
    sites: uniqueSites(signatures.flatMap((s) => s.examples.flatMap(codeSitesIn))),
  };
}

/** The worst severity among the evidence's signatures. */
export function worstSeverity(e: Pick<FamilyEvidence, 'signatures'>): Severity {
  return e.signatures.reduce<Severity>((worst, s) => (SEVERITY_ORDER[s.severity] < SEVERITY_ORDER[worst] ? s.severity : worst), 'noise');
}

const PGMA_SITE = /(?:\u274C|\u26A0\uFE0F?)\s*File: ([^,\n]*), Line: (\d*), Function: ([^\n]+)/g;
const TRACEBACK_FRAME = /File "([^"\n]+)", line (\d+), in (\S+)/g;
/** frames of Plex's own framework say nothing about the agent's code */
const FRAMEWORK_PATH = /\/(?:Framework|System)\.bundle\//;

/** Code sites named by one (possibly multi-line) example. */
export function codeSitesIn(example: string): CodeSite[] {
  const sites: CodeSite[] = [];
  for (const m of example.matchAll(PGMA_SITE)) {
    const chain = m[3]!.trim().split(/\s*->\s*/).filter(Boolean);
    if (chain.length === 0) continue;
    sites.push({ file: m[1]!.trim(), line: m[2] ? Number(m[2]) : null, function: chain.at(-1)!, chain, from: 'pgma-header' });
  }
  const frames = [...example.matchAll(TRACEBACK_FRAME)].filter((m) => !FRAMEWORK_PATH.test(m[1]!));
  if (frames.length > 0) {
    // the innermost frame of the agent's own code is where it broke; the outer ones are the chain
    const last = frames.at(-1)!;
    const path = last[1]!;
    const bundle = /([^/]+\.bundle)\//.exec(path)?.[1];
    sites.push({
      file: path.split('/').at(-1)!,
      line: Number(last[2]),
      function: last[3]!,
      chain: frames.map((f) => f[3]!),
      from: 'traceback',
      ...(bundle ? { bundle } : {}),
    });
  }
  return sites;
}

function uniqueSites(sites: CodeSite[]): CodeSite[] {
  const seen = new Map<string, CodeSite>();
  for (const s of sites) {
    const key = `${s.file}\u0000${s.function}\u0000${s.chain.join('>')}`;
    if (!seen.has(key)) seen.set(key, s);
  }
  return [...seen.values()];
}

/** "3 items (5 lines)" — distinct items first, raw lines alongside (lessons #4). */
export function itemsAndLines(items: number, count: number): string {
  return `${items} item${items === 1 ? '' : 's'} (${count} line${count === 1 ? '' : 's'})`;
}
