// Did the plug-in start with the changed code? Only its own start lines can say (lessons #7,
// #13). The test's fresh records are asked first (an agent may start lazily on the first
// refresh); else the agent's logs on disk, from the moment of the change when it is known.
import { isUserError } from '../errors.ts';
import { aggregateLogs } from '../logs/index.ts';
import type { TestAgent } from './choose-items.ts';
import type { PluginStarted } from './metric-values.ts';
import type { TestPass } from './pass.ts';

export interface PluginStateInput {
  logsDir: string;
  agents: readonly TestAgent[];
  after: TestPass;
  /** when the fix was applied; without it the latest start counts, whenever it was */
  changedAt?: Date;
  secrets?: readonly string[];
  /** IANA zone the logs are written in (the Tailer's); default: this computer's */
  timeZone?: string;
}

interface LatestStart {
  at: string;
  ok: boolean;
  reason?: string;
}

export async function pluginStartedAfterChange(input: PluginStateInput): Promise<PluginStarted> {
  const states: PluginStarted[] = [];
  for (const { agent, identifier } of input.agents) {
    const start = input.after.pluginStarts.filter((s) => s.agent === agent).at(-1) ?? (await latestStartOnDisk(input, identifier));
    if (!start) {
      states.push(
        input.changedAt
          ? { value: 0, text: `${agent} has not started since the change at ${input.changedAt.toISOString()}: the test ran the old code` }
          : { value: null, text: `no start of ${agent} found in its logs` },
      );
    } else if (start.ok) {
      states.push({ value: 1, text: `${agent} started at ${start.at}` });
    } else {
      const failure = start.reason ?? 'the plug-in did not start';
      states.push({ value: 0, text: `${agent} failed to start at ${start.at}: ${failure}`, failure });
    }
  }
  const text = states.map((s) => s.text).join('; ');
  const failed = states.find((s) => s.failure !== undefined);
  if (failed) return { value: 0, text, failure: failed.failure };
  if (states.some((s) => s.value === 0)) return { value: 0, text };
  if (states.some((s) => s.value === null)) return { value: null, text };
  return { value: 1, text };
}

async function latestStartOnDisk(input: PluginStateInput, identifier: string): Promise<LatestStart | undefined> {
  try {
    const metrics = await aggregateLogs({ logsDir: input.logsDir, agents: [identifier], since: input.changedAt, timeZone: input.timeZone, secrets: input.secrets ? [...input.secrets] : undefined });
    return Object.values(metrics.agents)[0]?.pluginStarts.at(-1);
  } catch (err) {
    // no log of this agent at all: nothing says it started
    if (isUserError(err) && (err.code === 'unknown-agent' || err.code === 'logs-empty')) return undefined;
    throw err;
  }
}
