// Helpers for tests that talk to the simulated Plex: a fresh data folder per sim, the "fast"
// scenario by default, and a PlexClient / notifications pair pointed at it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PlexClient } from '../../main/engine/plex/client.ts';
import { PlexNotifications } from '../../main/engine/plex/notifications.ts';
import type { PlexCredentials } from '../../main/engine/plex/token-source.ts';
import { SCENARIOS_DIR, type ScenarioOverrides } from './scenario.ts';
import { startSim, type RefreshRecord, type SimHandle, type SimOptions } from './sim.ts';
import { FixSchema, type Fix } from '../../shared/fix.ts';

export const scenarioPath = (name: string): string => resolve(SCENARIOS_DIR, `${name}.json`);

export async function startTestSim(options: Partial<SimOptions> & { scenarioName?: string; overrides?: ScenarioOverrides } = {}): Promise<SimHandle> {
  const { scenarioName = 'fast', ...rest } = options;
  const dataDir = mkdtempSync(join(tmpdir(), 'plex-sim-'));
  const handle = await startSim({ dataDir, scenario: scenarioPath(scenarioName), ...rest });
  return {
    ...handle,
    stop: async () => {
      await handle.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
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

/** The fixture fixes of test/fixtures/plex/fixes/, validated by the shared Fix schema. */
export function loadFixtureFix(id: string): Fix {
  return FixSchema.parse(JSON.parse(readFileSync(new URL(`../fixtures/plex/fixes/${id}.json`, import.meta.url), 'utf8')));
}

/** Applies a fix's replace changes under `pluginsDir`, checking each count. Test-only: the
 *  product applies fixes through main/engine/fixes (backup, journal, Python check). */
export function applyFixtureFix(pluginsDir: string, fix: Fix): void {
  for (const change of fix.changes) {
    if (change.kind !== 'replace') throw new Error(`fixture fixes use replace changes only (${fix.id})`);
    const path = join(pluginsDir, change.file);
    const source = readFileSync(path, 'utf8');
    const count = source.split(change.find).length - 1;
    if (count !== change.occurrences) throw new Error(`${fix.id}: "${change.find.slice(0, 40)}…" occurs ${count} times in ${change.file}, expected ${change.occurrences}`);
    writeFileSync(path, source.split(change.find).join(change.replace));
  }
}

/** Refreshes items one after the other and waits (on sim events) until each has ended. */
export async function refreshAll(sim: SimHandle, client: PlexClient, ratingKeys: readonly string[]): Promise<RefreshRecord[]> {
  const records: RefreshRecord[] = [];
  for (const rk of ratingKeys) {
    const ended = sim.sim.waitFor('refresh-ended', (r) => r.ratingKey === rk);
    await client.refresh(rk);
    records.push((await ended)[0]);
  }
  return records;
}
