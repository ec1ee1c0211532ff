// Phase 2 end to end on the fixture logs and bundles: findings per family and agent, fixes in
// the order they are tried, every fix valid, advice where no code change is safe.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAdviceOnly } from '../../../../shared/fix.ts';
import type { Metrics } from '../../../../shared/metrics.ts';
import { diagnose, nextFix, validateFixes } from '../../../../main/engine/diagnose/index.ts';
import { applyFixtureFix, loadFixtureFix } from '../../../plex-sim/testing.ts';
import { fixtureMetrics, pluginsCopy } from './helpers.ts';

describe('diagnose', () => {
  it('proposes the IAFD headers first, skipping IAFD as their fallback, and advice for the rest', async () => {
    const d = await diagnose({ metrics: await fixtureMetrics(), pluginsDir: pluginsCopy(), iteration: 1, now: new Date('2026-02-03T00:00:00Z') });
    const changing = d.fixes.filter((f) => !isAdviceOnly(f));
    expect(changing.map((f) => [f.priority, f.id, f.alternativeOf])).toEqual([
      [1, 'iafd-browser-headers-gevi', undefined],
      [2, 'iafd-skip-gevi', 'iafd-browser-headers-gevi'],
    ]);
    expect(d.fixes.slice(2).every(isAdviceOnly)).toBe(true);
    expect(nextFix(d.fixes, new Map())?.id).toBe('iafd-browser-headers-gevi');
    expect(validateFixes(d.fixes)).toEqual([]);
    expect(d.fixes.map((f) => f.priority)).toEqual(d.fixes.map((_, i) => i + 1));
  });

  it('writes one finding per family and agent, worst first, with the recipes\' notes', async () => {
    const d = await diagnose({ metrics: await fixtureMetrics(), pluginsDir: pluginsCopy(), iteration: 1 });
    const key = (f: (typeof d.findings)[number]) => `${f.family}/${f.agent}`;
    expect(d.findings.map(key)).toEqual(expect.arrayContaining(['iafd-blocked/GEVI', 'site-layout/GEVI', 'agent-crash/AEBN', 'search-no-match/AEBN', 'first-read/GayAdult', 'unknown/GEVI', 'plugin-load/GEVI']));
    const order = d.findings.map((f) => ['crit', 'err', 'warn', 'info'].indexOf(f.severity));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // GEVI's start failure is history: its last start succeeded
    const load = d.findings.find((f) => key(f) === 'plugin-load/GEVI')!;
    expect(load).toMatchObject({ severity: 'info', fixIds: [] });
    expect(load.notes.join(' ')).toMatch(/last start of the plug-in .* succeeded/);
    const iafd = d.findings.find((f) => key(f) === 'iafd-blocked/GEVI')!;
    expect(iafd.fixIds).toEqual(['iafd-browser-headers-gevi', 'iafd-skip-gevi']);
    expect(iafd.rootCause).toBe('IAFD requests fail; the site is likely blocking non-browser clients (no status code is logged, so this is not proven).');
    expect(iafd.notes.join(' ')).toMatch(/getFilmOnIAFD, matchCast and matchDirectors also reach IAFD through getCFScrape\(\)/);
    // informational families are explained, never turned into fixes
    expect(d.findings.find((f) => key(f) === 'first-read/GayAdult')!.fixIds).toEqual([]);
  });

  it('puts a plug-in that does not start before everything else, and renames its refused names', async () => {
    const metrics: Metrics = structuredClone(await fixtureMetrics());
    const gevi = Object.values(metrics.agents).find((a) => a.agent === 'GEVI')!;
    gevi.pluginStarts = [{ at: '2026-02-02T06:00:00.000Z', ok: false, reason: 'SyntaxError: Line 101: "_add_pgma_stubs_to_path" is an invalid variable name because it starts with "_"' }];
    const plugins = pluginsCopy();
    applyFixtureFix(plugins, loadFixtureFix('pgma-stubs-path'));
    const d = await diagnose({ metrics, pluginsDir: plugins, iteration: 2 });
    expect(d.fixes[0]).toMatchObject({ id: 'rename-restricted-names-gevi', priority: 1 });
    expect(d.fixes[0]!.priorityReason).toMatch(/^#1: the plug-in is down for all 4 items of GEVI × 10 for critical = impact 40/);
  });

  it('gives advice only, and says why, without a Plug-ins folder', async () => {
    const d = await diagnose({ metrics: await fixtureMetrics(), iteration: 1 });
    expect(d.fixes.every(isAdviceOnly)).toBe(true);
    expect(nextFix(d.fixes, new Map())).toBeUndefined();
    const iafd = d.findings.find((f) => f.family === 'iafd-blocked')!;
    expect(iafd.notes).toEqual(["No Plug-ins folder was given, so the agent's code was not read and no change was prepared."]);
    expect(iafd.fixIds).toEqual(['iafd-blocked-advice-gevi']);
  });

  it('says so when an agent\'s bundle is not in the Plug-ins folder', async () => {
    const plugins = pluginsCopy();
    rmSync(join(plugins, 'GEVI.bundle'), { recursive: true });
    const d = await diagnose({ metrics: await fixtureMetrics(), pluginsDir: plugins, iteration: 1 });
    const iafd = d.findings.find((f) => f.family === 'iafd-blocked')!;
    expect(iafd.notes[0]).toMatch(/^The bundle of com\.plexapp\.agents\.GEVI is not in /);
    expect(d.fixes.filter((f) => !isAdviceOnly(f))).toEqual([]);
  });
});
