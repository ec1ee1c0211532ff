// The session a run works through: one token for everything it opens, also after Plex asked
// for a new one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openPlexSession, type PlexSession } from '../../../../main/engine/service/plex-session.ts';
import type { PlexCredentials } from '../../../../main/engine/plex/index.ts';
import type { SimHandle } from '../../../plex-sim/sim.ts';
import { startTestSim } from '../../../plex-sim/testing.ts';

const made: { sim: SimHandle; data: string; session?: PlexSession }[] = [];
afterEach(async () => {
  for (const m of made.splice(0)) {
    await m.session?.close();
    await m.sim.stop();
    rmSync(m.data, { recursive: true, force: true });
  }
});

const fromPrefs = (token: string): PlexCredentials => ({ token, source: { kind: 'file', path: '/prefs.plist', format: 'binary-plist' } });

describe('openPlexSession', () => {
  it('after a 401 re-reads the token, redacts the new one too, and reconnects the socket with it', async () => {
    const sim = await startTestSim();
    const m: (typeof made)[number] = { sim, data: mkdtempSync(join(tmpdir(), 'ad-session-')) };
    made.push(m);
    const session = (m.session = await openPlexSession({
      serverUrl: sim.url,
      credentials: fromPrefs('staleToken1234'),
      reloadCredentials: async () => fromPrefs(sim.token),
      dataDir: m.data,
      logsDir: sim.sim.logsDir,
      appVersion: '0.1.0',
      backoff: { initialMs: 20, maxMs: 100 },
    }));
    expect(session.secrets).toEqual(['staleToken1234']);
    await vi.waitFor(() => expect(session.notifications.lastError).toBeDefined(), { timeout: 5_000, interval: 20 }); // Plex refuses the stale token
    expect(session.notifications.state).not.toBe('open');

    expect(await session.client.sections()).toHaveLength(4);
    expect(session.secrets).toEqual(['staleToken1234', sim.token]);
    await vi.waitFor(() => expect(session.notifications.state).toBe('open'), { timeout: 5_000, interval: 20 });
  });
});
