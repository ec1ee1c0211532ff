// The whole loop on the simulated Plex: a sim whose plug-ins load code through the real Python
// checker, a session, a data folder, fixes written into diagnostic reports (the loop's fix source
// as the seed describes it), scripted answers, and the events the loop sent.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineEvent } from '../../../../shared/events.ts';
import { FixSchema, type Fix } from '../../../../shared/fix.ts';
import type { Proposal, ProposalAnswer } from '../../../../shared/proposal.ts';
import { sandboxSyntaxCheck } from '../../../../main/cli/demo.ts';
import { createRun, runLoop, type LoopDeps, type LoopSettingsInput, type LoopState } from '../../../../main/engine/loop/index.ts';
import { execFileRunner } from '../../../../main/engine/ports.ts';
import { openPlexSession, type PlexSession } from '../../../../main/engine/service/plex-session.ts';
import { sha256 } from '../../../../main/engine/util/sha256.ts';
import type { ScenarioOverrides } from '../../../plex-sim/scenario.ts';
import type { SimHandle } from '../../../plex-sim/sim.ts';
import { loadFixtureFix, startTestSim } from '../../../plex-sim/testing.ts';

export const BUNDLES = ['AEBN', 'GayAdult', 'GayHotMovies', 'GEVI'] as const;
export const CODE_FILES = ['Contents/Code/__init__.py', 'Contents/Code/utils.py'] as const;

/** Sends a browser User-Agent with every IAFD request of GEVI: most films are found. */
export const EFFECTIVE = loadFixtureFix('iafd-browser-headers');

/** Waits longer for IAFD: changes nothing the world cares about. */
export const USELESS = uselessFix('iafd-longer-timeout', 'Wait longer for IAFD', {
  kind: 'replace',
  file: 'GEVI.bundle/Contents/Code/utils.py',
  find: 'timeout=20, sleep=delay())',
  replace: 'timeout=40, sleep=delay())',
  occurrences: 3,
});

/** A docstring reworded: changes nothing either. */
export const USELESS_2 = uselessFix('agent-docstring', 'Describe the agent class', {
  kind: 'replace',
  file: 'GEVI.bundle/Contents/Code/__init__.py',
  find: "    ''' define Agent class '''\n",
  replace: "    ''' define Agent class: GEVI films, enriched from IAFD '''\n",
  occurrences: 1,
});

export const USELESS_3 = uselessFix('iafd-shorter-timeout', 'Give up on IAFD sooner', { ...(USELESS.changes[0]! as Extract<Fix['changes'][number], { kind: 'replace' }>), replace: 'timeout=10, sleep=delay())' });

/** Names the agent in its repr: our checker only warns ("unverified in Plex's fork"), but Plex's
 *  sandbox refuses the "__repr__" name and the plug-in does not start. */
export const BREAKING = FixSchema.parse({
  ...EFFECTIVE,
  id: 'agent-repr',
  title: 'Name the agent in its repr',
  signatures: [],
  rootCause: 'Log lines that print the agent show an anonymous object.',
  before: ['The agent prints as an anonymous object'],
  after: ['The agent prints as its name'],
  changes: [{ kind: 'replace', file: 'GEVI.bundle/Contents/Code/__init__.py', find: "    accepts_from = ['com.plexapp.agents.localmedia']\n", replace: "    accepts_from = ['com.plexapp.agents.localmedia']\n\n    def __repr__(self):\n        return self.name\n", occurrences: 1 }],
  successCriteria: [{ id: 'plugin-starts', description: 'The plug-in starts', metric: 'pluginStarted', op: 'equals', target: 1 }],
  risk: 'low',
});

function uselessFix(id: string, title: string, change: Fix['changes'][number]): Fix {
  return FixSchema.parse({ ...EFFECTIVE, id, title, rootCause: 'IAFD may answer slowly.', changes: [change], risk: 'low' });
}

/** A diagnostic report holding `fixes` as its fenced json blocks. */
export function reportText(iteration: number, fixes: readonly Fix[]): string {
  return `# Diagnostic report — iteration ${iteration}\n\nWritten for a test.\n\n${fixes.map((f) => `## ${f.title}\n\n\`\`\`json\n${JSON.stringify(f, null, 2)}\n\`\`\`\n`).join('\n')}`;
}

export type Answer = ProposalAnswer | ((p: Proposal) => ProposalAnswer);

export interface LoopWorld {
  sim: SimHandle;
  session: PlexSession;
  dataDir: string;
  events: EngineEvent[];
  proposals: Proposal[];
  /** writes the reports (one per iteration) and returns their paths */
  reports(...iterations: (readonly Fix[])[]): string[];
  /** creates and runs a loop to its end */
  run(settings?: Partial<LoopSettingsInput>, answer?: Answer, extra?: Partial<LoopDeps>): Promise<{ state: LoopState; runDir: string }>;
  deps(answer?: Answer, extra?: Partial<LoopDeps>): LoopDeps;
  /** sha256 of every code file of every bundle, "GEVI/Contents/Code/utils.py" → hash */
  bundleHashes(): Record<string, string>;
  stop(): Promise<void>;
}

/** Short latencies; Plex works on two refreshes at a time, like the tests' own bound. */
export async function startLoopWorld(overrides: ScenarioOverrides = {}): Promise<LoopWorld> {
  const sim = await startTestSim({ syntaxCheck: sandboxSyntaxCheck, overrides: { refreshConcurrency: 2, ...overrides, latency: { refreshMs: 60, jitterMs: 20, pluginStartMs: 100, ...overrides.latency } } });
  const dataDir = mkdtempSync(join(tmpdir(), 'loop-world-'));
  const session = await openPlexSession({ serverUrl: sim.url, credentials: { token: sim.token, source: { kind: 'given', label: 'the simulated Plex' } }, dataDir, logsDir: sim.sim.logsDir, appVersion: '0.1.0', backoff: { initialMs: 50, maxMs: 400 } });
  const events: EngineEvent[] = [];
  const proposals: Proposal[] = [];
  let reportCount = 0;
  const world: LoopWorld = {
    sim,
    session,
    dataDir,
    events,
    proposals,
    reports(...iterations) {
      return iterations.map((fixes, i) => {
        const path = join(dataDir, `report-${++reportCount}.md`);
        writeFileSync(path, reportText(i + 1, fixes));
        return path;
      });
    },
    deps(answer = 'proceed', extra = {}) {
      const stop = new AbortController();
      const abort = new AbortController();
      return {
        dataDir,
        session,
        lockDir: join(dataDir, 'locks'),
        control: { stop: stop.signal, abort: abort.signal },
        restart: { pollIntervalMs: 40 },
        pass: { pollIntervalMs: 100 },
        ports: {
          runner: execFileRunner,
          notify: (e) => events.push(e),
          confirm: async (p) => {
            proposals.push(p);
            return typeof answer === 'function' ? answer(p) : answer;
          },
        },
        ...extra,
      };
    },
    async run(settings = {}, answer = 'proceed', extra = {}) {
      const { runDir } = await createRun(dataDir, { pluginsDir: sim.sim.pluginsDir, logsDir: sim.sim.logsDir, serverUrl: sim.url, items: 5, ...settings }, new Date());
      return { state: await runLoop(runDir, world.deps(answer, extra)), runDir };
    },
    bundleHashes: () => hashesOf(sim.sim.pluginsDir),
    async stop() {
      await session.close();
      await sim.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return world;
}

export function hashesOf(pluginsDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const b of BUNDLES) for (const f of CODE_FILES) out[`${b}/${f}`] = sha256(readFileSync(join(pluginsDir, `${b}.bundle`, f)));
  return out;
}

/** The fixture bundles' hashes after `fixes` (replace changes, in order), each as given or carried
 *  over to other bundles: what the agents' files must be at the end of a run. */
export function expectedHashes(changes: { fix: Fix; bundles?: readonly string[] }[]): Record<string, string> {
  const root = new URL('../../../fixtures/bundles/', import.meta.url);
  const text = new Map<string, string>();
  for (const b of BUNDLES) for (const f of CODE_FILES) text.set(`${b}/${f}`, readFileSync(new URL(`${b}.bundle/${f}`, root), 'utf8'));
  for (const { fix, bundles } of changes) {
    for (const c of fix.changes) {
      if (c.kind !== 'replace') throw new Error('replace changes only');
      const [bundle, ...rest] = c.file.split('/');
      for (const b of bundles ?? [bundle!.replace(/\.bundle$/, '')]) {
        const key = `${b}/${rest.join('/')}`;
        text.set(key, text.get(key)!.split(c.find).join(c.replace));
      }
    }
  }
  return Object.fromEntries([...text].map(([k, v]) => [k, sha256(v)]));
}

/** What the decision log says, as "fixId:kind:verdict:action" lines. */
export function decisionsOf(runDir: string): string[] {
  const log = JSON.parse(readFileSync(join(runDir, 'decision_log.json'), 'utf8')) as { decisions: { fixId: string; kind: string; verdict: string | null; action: string }[] };
  return log.decisions.map((d) => `${d.fixId}:${d.kind}:${d.verdict ?? '-'}:${d.action}`);
}
