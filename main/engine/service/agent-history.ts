// The agents' error rate over time (the popover's sparklines), from the metrics Agent Doctor has
// stored: every scan, every iteration's aggregation and every measurement. One point per metrics
// file: failed items / items with an outcome. Files never change once written, so each is read
// once per process.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { itemCounts, MetricsSchema } from '../../../shared/metrics.ts';
import type { AgentStatusSchema } from '../../../shared/ipc.ts';
import { readJsonFile } from '../util/json-file.ts';
import { runsDir } from '../loop/index.ts';

type AgentStatus = z.input<typeof AgentStatusSchema>;
type Point = AgentStatus['errorRate'][number];

export const SCANS_FOLDER = 'scans';
/** points per agent in the popover */
export const MAX_POINTS = 30;

interface FilePoints {
  at: string;
  agents: { agent: string; identifier: string; point: Point }[];
}

export class AgentHistory {
  private readonly dataDir: string;
  private readonly cache = new Map<string, FilePoints | null>();

  constructor(dataDir: string) {
    this.dataDir = dataDir;
  }

  async agents(): Promise<AgentStatus[]> {
    const byAgent = new Map<string, AgentStatus>();
    const files = (await Promise.all((await this.metricsFiles()).map((f) => this.pointsOf(f)))).filter((f): f is FilePoints => f !== null);
    for (const file of files.sort((a, b) => a.at.localeCompare(b.at))) {
      for (const { agent, identifier, point } of file.agents) {
        const status = byAgent.get(agent) ?? { agent, identifier, errorRate: [] };
        byAgent.set(agent, status);
        status.errorRate.push(point);
      }
    }
    return [...byAgent.values()].sort((a, b) => a.agent.localeCompare(b.agent)).map((a) => ({ ...a, errorRate: a.errorRate.slice(-MAX_POINTS) }));
  }

  private async metricsFiles(): Promise<string[]> {
    const list = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).map((n) => join(dir, n));
    const scans = (await list(join(this.dataDir, SCANS_FOLDER))).filter((p) => p.endsWith('.json'));
    const runs: string[] = [];
    for (const run of await list(runsDir(this.dataDir))) {
      for (const entry of await list(run)) {
        if (entry.endsWith('baseline_measurement.json')) runs.push(entry);
        for (const f of await list(entry)) if (/metrics_iteration_\d+\.json$/.test(f)) runs.push(f);
      }
    }
    return [...scans, ...runs];
  }

  private async pointsOf(path: string): Promise<FilePoints | null> {
    if (this.cache.has(path)) return this.cache.get(path)!;
    // a file that cannot be read is left out of the sparkline, not guessed at
    const metrics = await readJsonFile(path, MetricsSchema, 'metrics').catch(() => undefined);
    const points = metrics
      ? {
          at: metrics.generatedAt,
          agents: Object.values(metrics.agents).map((a) => {
            const c = itemCounts(Object.values(a.items));
            return { agent: a.agent, identifier: a.identifier, point: { at: metrics.generatedAt, rate: c.withOutcome === 0 ? null : c.failed / c.withOutcome, itemsWithOutcome: c.withOutcome } };
          }),
        }
      : null;
    this.cache.set(path, points);
    return points;
  }
}
