// Helpers for tests that talk to the simulated Plex: a fresh data folder per sim, the "fast"
// scenario by default, and a PlexClient / notifications pair pointed at it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PlexClient } from '../../main/engine/plex/client.ts';
import { PlexNotifications } from '../../main/engine/plex/notifications.ts';
import type { PlexCredentials } from '../../main/engine/plex/token-source.ts';
import { SCENARIOS_DIR, type ScenarioOverrides } from './scenario.ts';
import { startSim, type SimHandle, type SimOptions } from './sim.ts';

export const scenarioPath = (name: string): string => resolve(SCENARIOS_DIR, `${name}.json`);

export async function startTestSim(options: Partial<SimOptions> & { scenarioName?: string; overrides?: ScenarioOverrides } = {}): Promise<SimHandle> {
  const { scenarioName = 'fast', ...rest } = options;
  return startSim({ dataDir: mkdtempSync(join(tmpdir(), 'plex-sim-')), scenario: scenarioPath(scenarioName), ...rest });
}

export function simCredentials(sim: SimHandle): PlexCredentials {
  return { token: sim.token, source: { kind: 'given', label: 'the simulated Plex' } };
}

export function clientFor(sim: SimHandle, options: Partial<ConstructorParameters<typeof PlexClient>[0]> = {}): PlexClient {
  return new PlexClient({ serverUrl: sim.url, credentials: simCredentials(sim), clientIdentifier: '6f1d0c3e-8f0e-4d6a-9d5e-2b1c0a9f8e7d', appVersion: '0.1.0', ...options });
}

/** Notifications with a quick back-off so a test does not wait 1 s for each reconnect. */
export function notificationsFor(client: PlexClient, backoff = { initialMs: 50, maxMs: 400 }): PlexNotifications {
  return new PlexNotifications({ url: client.notificationsUrl(), backoff });
}
