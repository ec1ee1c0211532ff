// Shared by the diagnose tests: the fixture logs aggregated once, fresh copies of the fixture
// bundles, recipe inputs built from both, and reading a patched file back as an outline.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Fix } from '../../../../shared/fix.ts';
import type { AgentMetrics, Metrics } from '../../../../shared/metrics.ts';
import { aggregateLogs } from '../../../../main/engine/logs/index.ts';
import { AgentSources, type AgentSource, type SourceFile } from '../../../../main/engine/diagnose/agent-source.ts';
import { applyReplaceChanges } from '../../../../main/engine/diagnose/edits.ts';
import { familyEvidence } from '../../../../main/engine/diagnose/evidence.ts';
import { knowledgeById } from '../../../../main/engine/diagnose/knowledge.ts';
import type { RecipeInput } from '../../../../main/engine/diagnose/recipe.ts';

export const FIXTURES = join(import.meta.dirname, '../../../fixtures');
export const BUNDLES = join(FIXTURES, 'bundles');
export const LOGS = join(FIXTURES, 'logs');

let metrics: Promise<Metrics> | undefined;
/** The fixture logs, aggregated (read as UTC so the figures never depend on the machine). */
export function fixtureMetrics(): Promise<Metrics> {
  metrics ??= aggregateLogs({ logsDir: LOGS, timeZone: 'UTC', now: new Date('2026-02-03T00:00:00Z') });
  return metrics;
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary Plug-ins folder holding copies of the fixture bundles. */
export function pluginsCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'diagnose-plugins-'));
  made.push(dir);
  cpSync(BUNDLES, dir, { recursive: true });
  return dir;
}

/** A recipe's input for `family` of `agentName` from the fixture metrics and a fresh Plug-ins copy. */
export async function recipeInput(family: string, agentName: string, pluginsDir = pluginsCopy()): Promise<RecipeInput & { pluginsDir: string }> {
  const m = await fixtureMetrics();
  const agent = Object.values(m.agents).find((a) => a.agent === agentName)!;
  const evidence = familyEvidence(agent, knowledgeById.get(family)!.signatures)!;
  const source = await new AgentSources(pluginsDir).source(agent.identifier);
  return { agent, evidence, source, pluginsDir };
}

/** A recipe input whose code is `files` (name → text) of a made-up bundle. */
export function inputWithCode(agent: AgentMetrics, evidence: RecipeInput['evidence'], files: Record<string, string>): RecipeInput {
  const bundle = { name: agent.agent, identifier: agent.identifier, bundleDir: `/nowhere/${agent.agent}.bundle`, codeDir: `/nowhere/${agent.agent}.bundle/Contents/Code` };
  const source: AgentSource = {
    bundle,
    files: Object.entries(files).map(([name, text]): SourceFile => ({ name, path: `${agent.agent}.bundle/Contents/Code/${name}`, text })),
    unreadable: [],
  };
  return { agent, evidence, source };
}

/** Each file a fix changes, with its text before and after the fix's changes. */
export function applied(fix: Fix, read: (path: string) => string): Map<string, { before: string; after: string }> {
  const out = new Map<string, { before: string; after: string }>();
  for (const change of fix.changes) {
    if (change.kind !== 'replace') throw new Error('recipes write replace changes');
    const entry = out.get(change.file) ?? { before: read(change.file), after: read(change.file) };
    entry.after = applyReplaceChanges(entry.after, [change]);
    out.set(change.file, entry);
  }
  return out;
}

export const readUnder = (dir: string) => (path: string) => readFileSync(join(dir, path), 'utf8');
