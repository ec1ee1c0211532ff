// The IPC contract: channel names, and what each schema lets through from the renderer.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AgentDoctorApi } from '../../shared/bridge.ts';
import {
  ACTIONS,
  BridgeEventSchema,
  CHANNELS,
  FixRefSchema,
  IPC,
  IPC_PREFIX,
  PlexTokenSchema,
  ReportRefSchema,
  ServerUrlSchema,
  SettingsSchema,
  SettingsUpdateSchema,
  defaultSettings,
  type Action,
} from '../../shared/ipc.ts';

describe('channels', () => {
  it('has one channel per action, plus the event channel', () => {
    expect(Object.keys(CHANNELS).sort()).toEqual([...ACTIONS, 'event'].sort());
  });

  it('prefixes every channel with "agent-doctor:" and never reuses one', () => {
    const names = Object.values(CHANNELS);
    for (const name of names) expect(name.startsWith(IPC_PREFIX)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives the bridge exactly one function per action, plus onEvent', () => {
    expectTypeOf<Exclude<keyof AgentDoctorApi, 'onEvent'>>().toEqualTypeOf<Action>();
    expectTypeOf<AgentDoctorApi['getStatus']>().parameters.toEqualTypeOf<[]>();
    expectTypeOf<AgentDoctorApi['rollback']>().parameters.toEqualTypeOf<[{ runId: string; iteration: number; fixId: string }]>();
  });
});

describe('requests', () => {
  const noArgument = ACTIONS.filter((a) => IPC[a].request.safeParse(undefined).success);

  it.each(noArgument)('%s takes no argument and refuses one', (action) => {
    for (const junk of [null, 0, 'x', {}, []]) expect(IPC[action].request.safeParse(junk).success).toBe(false);
  });

  it.each(ACTIONS.filter((a) => !noArgument.includes(a)))('%s refuses a missing argument and junk', (action) => {
    for (const junk of [undefined, null, 42, 'x', [], { unexpected: true }]) expect(IPC[action].request.safeParse(junk).success).toBe(false);
  });

  it('refuses extra keys, so nothing rides along with a request', () => {
    expect(FixRefSchema.safeParse({ runId: 'r1', iteration: 1, fixId: 'a', path: '/etc' }).success).toBe(false);
    expect(IPC.answerProposal.request.safeParse({ fixId: 'a', answer: 'proceed', extra: 1 }).success).toBe(false);
  });

  it.each([['../etc'], ['..'], ['.'], ['a/b'], ['a\\b'], [''], ['x'.repeat(81)], ['run\0']])('refuses run id %j (it becomes a folder name)', (runId) => {
    expect(FixRefSchema.safeParse({ runId, iteration: 1, fixId: 'iafd-headers' }).success).toBe(false);
  });

  it('accepts a fix reference and each kind of report reference', () => {
    const ref = { runId: '20260201-120000', iteration: 2, fixId: 'iafd-headers' };
    expect(FixRefSchema.parse(ref)).toEqual(ref);
    for (const r of [{ kind: 'final', runId: ref.runId }, { kind: 'diagnostic', runId: ref.runId, iteration: 1 }, { kind: 'test', ...ref }, { kind: 'implementation', ...ref }]) {
      expect(ReportRefSchema.safeParse(r).success).toBe(true);
    }
    expect(ReportRefSchema.safeParse({ kind: 'final', runId: ref.runId, path: '/etc/passwd' }).success).toBe(false);
    expect(ReportRefSchema.safeParse({ kind: 'aggregated', runId: ref.runId }).success).toBe(false);
  });

  it('never lets the renderer send a folder path in a settings update', () => {
    const update = { ...defaultSettings(), pluginsDir: '/tmp' };
    const result = SettingsUpdateSchema.safeParse(update);
    expect(result.success).toBe(false);
  });
});

describe('Plex token', () => {
  it('accepts a token as Plex issues it, trimmed of pasted spaces', () => {
    expect(PlexTokenSchema.parse('  aBcD-1234_efGH5678ijk \n')).toBe('aBcD-1234_efGH5678ijk');
  });

  it.each([
    ['short', 'at least 8 characters'],
    ['x'.repeat(257), 'at most 256'],
    ['abcd efgh ijkl', 'only letters, digits'],
    ['abcdefgh"><script>', 'only letters, digits'],
  ])('refuses %j: %s', (token, message) => {
    const result = PlexTokenSchema.safeParse(token);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain(message);
  });
});

describe('settings', () => {
  it("defaults to design.md's thresholds and every restart method", () => {
    const s = SettingsSchema.parse(defaultSettings());
    expect(s.thresholds).toEqual({ keepPct: 75, monitorPct: 50, plateauPct: 5, maxIterations: 10 });
    expect(s.restartOrder).toEqual(['plugin-reload', 'launchctl', 'app-quit', 'sigterm', 'manual']);
    expect(s.itemsPerTest).toBe(20);
    expect(s.serverUrl).toBe('http://127.0.0.1:32400');
    expect(s.launchAtLogin).toBe(false);
  });

  it('hands out a fresh copy each time', () => {
    const a = defaultSettings();
    a.restartOrder.pop();
    expect(defaultSettings().restartOrder).toHaveLength(5);
  });

  it.each([
    ['MONITOR at or above KEEP', { thresholds: { keepPct: 60, monitorPct: 60, plateauPct: 5, maxIterations: 10 } }, 'thresholds.monitorPct', 'below the KEEP threshold'],
    ['a restart method twice', { restartOrder: ['manual', 'manual'] }, 'restartOrder', 'only once'],
    ['no restart method', { restartOrder: [] }, 'restartOrder', 'at least one'],
    ['an unknown restart method', { restartOrder: ['sudo-reboot'] }, 'restartOrder.0', ''],
    ['0 items per test', { itemsPerTest: 0 }, 'itemsPerTest', ''],
    ['a relative folder', { pluginsDir: 'Plug-ins' }, 'pluginsDir', 'absolute'],
    ['an unknown key', { theme: 'dark' }, '', 'theme'],
  ])('refuses %s', (_name, change, path, message) => {
    const result = SettingsSchema.safeParse({ ...defaultSettings(), ...change });
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path.join('.')).toBe(path);
    expect(issue.message).toContain(message);
  });

  it.each([
    ['http://127.0.0.1:32400', true],
    ['http://127.0.0.1:32400/', true],
    ['https://plex.local:32400', true],
    ['http://[::1]:32400', true],
    ['ftp://127.0.0.1', false],
    ['http://user:pw@127.0.0.1:32400', false],
    ['http://127.0.0.1:32400/library', false],
    ['http://127.0.0.1:32400/?X-Plex-Token=abc', false],
    ['javascript:alert(1)', false],
    ['127.0.0.1:32400', false],
  ])('server address %s is accepted: %s', (url, ok) => {
    expect(ServerUrlSchema.safeParse(url).success).toBe(ok);
  });
});

describe('events', () => {
  const at = '2026-02-01T12:00:00.000Z';

  it('carries engine events and app events', () => {
    const events = [
      { type: 'phase', at, runId: 'r1', iteration: 1, phase: 'test' },
      { type: 'plex', at, connected: true, version: '1.40.1.8227' },
      { type: 'navigate', to: { view: 'result', ref: { runId: 'r1', iteration: 1, fixId: 'a' } } },
      { type: 'notice', notice: { id: 'n1', at, level: 'warn', title: 'T', body: 'B', ref: null } },
    ];
    for (const e of events) expect(BridgeEventSchema.safeParse(e).success).toBe(true);
  });

  it('refuses an event of unknown type', () => {
    expect(BridgeEventSchema.safeParse({ type: 'eval', code: 'x' }).success).toBe(false);
  });
});
