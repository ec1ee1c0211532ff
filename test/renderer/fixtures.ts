// Data the popover's tests and the renderer bench show: shaped like what main sends (each
// builder is checked against the IPC schemas in fixtures.test.ts). Every call returns a fresh
// copy, so a test may change what it got.
import type { CriterionResult, Decision, TestItem, TestOutcome } from '../../shared/decision.ts';
import type { AppStatus, FixRef, FixResult, History, Notice, SettingsView } from '../../shared/ipc.ts';
import type { Proposal } from '../../shared/proposal.ts';

export const AT = '2026-03-02T10:15:00.000Z';
export const RUN_ID = '20260302-101500';
export const REF: FixRef = { runId: RUN_ID, iteration: 1, fixId: 'iafd-browser-headers' };

const rates = (values: (number | null)[]) =>
  values.map((rate, i) => ({ at: `2026-03-0${1 + Math.floor(i / 5)}T0${i % 5}:00:00.000Z`, rate, itemsWithOutcome: rate === null ? 0 : 20 }));

export function appStatus(overrides: Partial<AppStatus> = {}): AppStatus {
  return {
    plex: { serverUrl: 'http://127.0.0.1:32400', connected: true, version: '1.41.3.9314', problem: null },
    agents: [
      { agent: 'GEVI', identifier: 'com.plexapp.agents.GEVI', errorRate: rates([0.7, 0.65, null, 0.4, 0.35]) },
      { agent: 'AEBN', identifier: 'com.plexapp.agents.AEBN', errorRate: rates([0.2]) },
      { agent: 'GayAdult', identifier: 'com.plexapp.agents.GayAdult', errorRate: [] },
    ],
    run: null,
    pending: null,
    resumable: null,
    lastResult: null,
    folders: {
      plugins: '/Users/pat/Library/Application Support/Plex Media Server/Plug-ins',
      logs: '/Users/pat/Library/Logs/Plex Media Server/PMS Plugin Logs',
      data: '/Users/pat/Library/Application Support/Agent Doctor',
    },
    hasToken: true,
    notices: [],
    ...overrides,
  };
}

export function runStatus(overrides: Partial<NonNullable<AppStatus['run']>> = {}): NonNullable<AppStatus['run']> {
  return { runId: RUN_ID, iteration: 1, phase: 'test', fixId: REF.fixId, progress: null, loop: null, stopping: false, ...overrides };
}

export function notice(overrides: Partial<Notice> = {}): Notice {
  return { id: 'recovery-1', at: AT, level: 'warn', title: 'An unfinished change was undone', body: 'GEVI.bundle/Contents/Code/utils.py is back as it was.', ref: null, ...overrides };
}

export const DIFF = [
  '--- a/GEVI.bundle/Contents/Code/utils.py',
  '+++ b/GEVI.bundle/Contents/Code/utils.py',
  '@@ -10,3 +10,4 @@ def getIAFD(url):',
  '     log("fetching %s", url)',
  '-    html = HTTP.Request(url).content',
  '+    headers = {"User-Agent": BROWSER_AGENT}',
  '+    html = HTTP.Request(url, headers=headers).content',
  '     return html',
].join('\n');

export function proposal(overrides: Partial<Proposal> = {}): Proposal {
  return {
    fixId: REF.fixId,
    title: 'Browser headers for IAFD requests',
    iteration: 1,
    agents: ['GEVI'],
    before: ['IAFD pages fail with a URL error for 14 of 20 items', 'No cast from IAFD is added'],
    after: ['IAFD pages load for most items', 'FoundOnIAFD appears in the log'],
    successCriteria: ['IAFD URL errors per item down by at least 20 %', 'FoundOnIAFD for at least one item', 'No new error types'],
    failureIndicators: ['The plug-in does not start', 'More items fail than before'],
    files: ['GEVI.bundle/Contents/Code/utils.py'],
    diff: DIFF,
    warnings: [],
    ...overrides,
  };
}

export function criterion(id: string, description: string, holds: boolean | null, text: string, severity: 'minor' | 'critical' = 'minor'): CriterionResult {
  return { criterion: { id, description, metric: 'itemSuccessRate', op: 'atLeast', target: 0.2, severity }, before: 0.3, after: 0.55, holds, text };
}

export function decision(overrides: Partial<Decision> = {}): Decision {
  return {
    fixId: REF.fixId,
    iteration: 1,
    verdict: 'KEEP',
    criteriaMetPct: 100,
    criteria: [
      criterion('iafd-errors-down', 'IAFD URL errors per item down by at least 20 %', true, 'IAFD URL errors per item: 2.10 → 0.40 (−81 %)'),
      criterion('items-ok', 'Items OK at least 20 %', true, 'Items OK: 30 % → 55 %'),
    ],
    indicators: [criterion('plugin-start', 'The plug-in does not start', false, 'Started plug-in seen after the restart', 'critical')],
    itemsWithOutcome: 20,
    paired: { failToOk: 6, okToFail: 1, okToOk: 5, failToFail: 8, unpaired: 0, pValue: 0.125 },
    pairedBaseline: true,
    reasons: ['100 % of the criteria were met and no failure indicator fired.'],
    decidedAt: AT,
    ...overrides,
  };
}

const pass = (outcome: TestOutcome) => ({ outcome, signatures: {}, markers: {}, durationMs: 4200 });

export function testItems(count: number, title: (i: number) => string = (i) => `Film ${i + 1}`): TestItem[] {
  return Array.from({ length: count }, (_, i) => ({
    ratingKey: String(400 + i),
    title: title(i),
    reason: 'addressed-signature' as const,
    before: pass('failed'),
    after: pass(i % 3 === 0 ? 'failed' : 'ok'),
  }));
}

export function fixResult(overrides: Partial<FixResult> = {}): FixResult {
  return { ref: { ...REF }, title: 'Browser headers for IAFD requests', decision: decision(), items: testItems(3), applied: true, ...overrides };
}

export function history(): History {
  return {
    runs: [
      {
        runId: RUN_ID,
        startedAt: AT,
        endedAt: '2026-03-02T11:02:00.000Z',
        exitReason: 'All fixes were tried.',
        hasFinalReport: true,
        iterations: [
          {
            iteration: 1,
            improvementPct: 42,
            fixes: [
              { ref: { ...REF }, title: 'Browser headers for IAFD requests', verdict: 'KEEP', applied: true, rolledBack: false },
              { ref: { ...REF, fixId: 'iafd-timeout' }, title: 'Longer IAFD timeout', verdict: 'ROLLBACK', applied: false, rolledBack: true },
              { ref: { ...REF, fixId: 'cast-fallback' }, title: 'Cast from the studio page', verdict: null, applied: false, rolledBack: false },
            ],
          },
        ],
      },
    ],
  };
}

export function settingsView(overrides: Partial<SettingsView> = {}): SettingsView {
  return {
    serverUrl: 'http://127.0.0.1:32400',
    pluginsDir: null,
    logsDir: null,
    restartOrder: ['plugin-reload', 'launchctl', 'app-quit', 'sigterm', 'manual'],
    itemsPerTest: 20,
    thresholds: { keepPct: 75, monitorPct: 50, plateauPct: 5, maxIterations: 10 },
    launchAtLogin: false,
    hasToken: false,
    ...overrides,
  };
}
