import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applicableOutcomes, chooseOutcome, holds, loadScenario } from './scenario.ts';
import { applyFixtureFix, loadFixtureFix, scenarioPath } from './testing.ts';
import { UTILS, INIT } from './code-facts.ts';

const GEVI = fileURLToPath(new URL('../fixtures/bundles/GEVI.bundle/', import.meta.url));
const codeOf = (bundleDir: string) =>
  new Map([
    [UTILS, readFileSync(join(bundleDir, UTILS), 'utf8')],
    [INIT, readFileSync(join(bundleDir, INIT), 'utf8')],
  ]);

describe('scenarios', () => {
  it('loads every shipped scenario, following "extends"', () => {
    for (const name of ['default', 'fast', 'launchd', 'flaky-server', 'no-websocket', 'never-comes-back']) expect(loadScenario(scenarioPath(name)).rules.length).toBeGreaterThan(0);
    const launchd = loadScenario(scenarioPath('launchd'));
    expect(launchd.process.launchdLabel).toBe('com.plexapp.mediaserver');
    expect(launchd.latency.refreshMs).toBe(120); // from fast.json
    expect(launchd.conditions).toEqual(loadScenario(scenarioPath('default')).conditions);
    expect(loadScenario(scenarioPath('default')).latency).toMatchObject({ refreshMs: 3000, pluginStartMs: 8000 });
  });

  it('explains what is wrong with a bad scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    expect(() => loadScenario(write('a.json', '{ nope'))).toThrow(/a\.json is not readable JSON/);
    expect(() => loadScenario(write('b.json', JSON.stringify({ name: 'b', rules: [{ when: ['missing'], outcomes: [{ weight: 1 }] }] })))).toThrow(/rules\.0\.when\.0: unknown condition "missing"/);
    expect(() => loadScenario(write('c.json', JSON.stringify({ name: 'c', conditions: { x: { file: 'f', regex: '(' } }, rules: [{ outcomes: [{ weight: 1 }] }] })))).toThrow(/not a valid regular expression/);
    expect(() => loadScenario(write('d.json', JSON.stringify({ extends: 'd.json', name: 'd' })))).toThrow(/extends itself/);
    expect(() => loadScenario(write('e.json', JSON.stringify({ name: 'e', rules: [{ outcomes: [{ weight: 1, iafd: 'maybe' }] }] })))).toThrow(/rules\.0\.outcomes\.0\.iafd/);
  });

  it('reads the conditions from the code: as shipped, IAFD is refused everywhere', () => {
    const scenario = loadScenario(scenarioPath('default'));
    const code = codeOf(GEVI);
    expect(Object.fromEntries(Object.entries(scenario.conditions).map(([k, c]) => [k, holds(c, code)]))).toEqual({
      iafdHeadersEverywhere: false,
      iafdHeadersSomewhere: false,
      browserUserAgent: false,
      iafdDisabled: false,
      iafdDisabledEverywhere: false,
      requestsSession: false,
      updateReturnsEarly: false,
    });
    expect(applicableOutcomes(scenario, code, 'iafd-listed')).toEqual([{ weight: 1, iafd: 'blocked' }]);
  });

  it.each([
    ['iafd-browser-headers', 'iafd-listed', [{ weight: 0.7, iafd: 'found' }, { weight: 0.3, iafd: 'blocked' }]],
    ['iafd-browser-headers', 'not-on-iafd', [{ weight: 1, iafd: 'not-listed' }]],
    ['iafd-headers-film-only', 'iafd-listed', [{ weight: 0.7, iafd: 'cast-blocked' }, { weight: 0.3, iafd: 'blocked' }]],
    ['disable-iafd-film', 'iafd-listed', [{ weight: 1, iafd: 'film-skipped' }]],
    ['disable-iafd', 'iafd-listed', [{ weight: 1, iafd: 'skipped' }]],
    ['update-returns-early', 'iafd-listed', [{ weight: 1, update: 'returns-early' }]],
    ['requests-session-headers', 'iafd-listed', [{ weight: 1, iafd: 'request-exception' }]],
  ] as const)('after the fixture fix %s, a %s item draws from %j', (fixId, profile, outcomes) => {
    const plugins = mkdtempSync(join(tmpdir(), 'scenario-plugins-'));
    const bundle = join(plugins, 'GEVI.bundle');
    for (const f of [UTILS, INIT, 'Contents/Info.plist']) {
      const target = join(bundle, f);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, readFileSync(join(GEVI, f)));
    }
    applyFixtureFix(plugins, loadFixtureFix(fixId));
    expect(applicableOutcomes(loadScenario(scenarioPath('default')), codeOf(bundle), profile)).toEqual(outcomes);
  });

  it('chooses by weight with a uniform draw', () => {
    const outcomes = [{ weight: 0.7, iafd: 'found' as const }, { weight: 0.3, iafd: 'blocked' as const }];
    expect([0, 0.69, 0.7, 0.99].map((u) => chooseOutcome(outcomes, u).iafd)).toEqual(['found', 'found', 'blocked', 'blocked']);
  });
});
