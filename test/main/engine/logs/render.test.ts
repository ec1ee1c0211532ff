import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { aggregateLogs } from '../../../../main/engine/logs/aggregate.ts';
import { renderAggregatedLogs } from '../../../../main/engine/logs/render.ts';
import { metricsFromRecords } from '../../../../main/engine/logs/metrics-builder.ts';

const SAMPLES = fileURLToPath(new URL('../../../fixtures/logs/', import.meta.url));

describe('renderAggregatedLogs: the metrics for people', () => {
  it('shows per agent the records, starts, items with the success rate, signatures with counts and examples', async () => {
    const text = renderAggregatedLogs(await aggregateLogs({ logsDir: SAMPLES, timeZone: 'Europe/Berlin', now: new Date('2026-02-03T00:00:00Z') }), { iteration: 2 });
    expect(text).toContain('Agent Doctor — Plex agent logs, aggregated — iteration 2');
    expect(text).toContain("Times:       UTC (the logs' local times were read as Europe/Berlin)");
    expect(text).toContain('════ GEVI (com.plexapp.agents.GEVI) ════');
    expect(text).toContain('Plug-in:     2026-02-01 10:02:58 UTC FAILED: SyntaxError: Line 104: "__file__" is an invalid variable name because it starts with "_"; 2026-02-02 04:27:40 UTC started');
    expect(text).toContain('Items:       4 — 1 ok, 3 failed, 0 unknown · item success rate 25 % (1 of 4 with an outcome)');
    expect(text).toMatch(/warn {2}iafd-cast-search +items +1 +count +2 +IAFD details of a cast member could not be read\./);
    expect(text).toContain("      e.g. 2026-02-02 05:46:32,215 (171f73000) :  ERROR (utils:5486) - GEVI - UTILS :: ❌ File: utils.py, Line: 5718, Function: updateMetadata -> getCast -> matchCast");
    expect(text).toContain('Left out as noise: startup-resource-hashes ×4, pgma-info-as-error ×1');
    expect(text).toMatch(/ {2}463 +failed +Freaks 5 +site-field-error seen/);
    expect(text).toContain("Error lines the catalogue does not know (grouped by pattern):");
    expect(text).toContain('Actionable lines not tied to any item: 2');
    expect(text).toContain('Skipped:     nothing');
    expect(text).not.toContain('FAKEplexTOKEN');
  });

  it('says "not known" instead of a rate when no item has an outcome (never 100 % of 0)', () => {
    const text = renderAggregatedLogs(metricsFromRecords([], { logsDir: '/logs' }));
    expect(text).toContain('No agent logged anything in the window.');
    const one = renderAggregatedLogs({
      ...metricsFromRecords([], { logsDir: '/logs' }),
      agents: { X: { agent: 'X', identifier: 'com.plexapp.agents.X', records: 1, signatures: {}, unknownPatterns: [], items: { '1': { ratingKey: '1', outcome: 'unknown', signatures: {}, markers: {}, lastSeen: '2026-01-01T00:00:00.000Z' } }, unattributed: 0, pluginStarts: [], firstRecord: null, lastRecord: null } },
    });
    expect(one).toContain('item success rate not known (no item with an outcome)');
  });

  it('lists skipped input with its reason in words', () => {
    const m = metricsFromRecords([], { logsDir: '/logs', skipped: [{ file: 'PMS Plugin Logs/x.log', reason: 'binary', count: 1, detail: 'not a text log' }] });
    expect(renderAggregatedLogs(m)).toContain('  PMS Plugin Logs/x.log: 1× binary data, not text — not a text log');
  });
});
