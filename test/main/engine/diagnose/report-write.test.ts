// The report as a person reads it: every part the seed asks for, numbers from the metrics,
// tokens never in clear, and the json blocks that parse back to the same fixes.
import { describe, expect, it } from 'vitest';
import type { Metrics } from '../../../../shared/metrics.ts';
import { diagnose, parseDiagnosticReport, renderDiagnosticReport, reportFileName } from '../../../../main/engine/diagnose/index.ts';
import { fixtureMetrics, pluginsCopy } from './helpers.ts';

const TOKEN = 'Zx9yTokenSecret42';

async function fixtureReport() {
  const metrics: Metrics = structuredClone(await fixtureMetrics());
  const gevi = Object.values(metrics.agents).find((a) => a.agent === 'GEVI')!;
  gevi.signatures['iafd-url-error']!.examples.push(`2026-02-02 05:46:31,058 (171f73000) :  ERROR (networking:197) - Error opening URL 'https://www.iafd.com/x?X-Plex-Token=${TOKEN}'`);
  const diagnosis = await diagnose({ metrics, pluginsDir: pluginsCopy(), iteration: 3 });
  return { diagnosis, text: renderDiagnosticReport(diagnosis) };
}

describe('renderDiagnosticReport', () => {
  it('is named after its iteration', () => {
    expect(reportFileName(3)).toBe('diagnostic_report_iteration_3.md');
  });

  it('has the executive summary, the order and, per problem, every part the seed asks for', async () => {
    const { text } = await fixtureReport();
    expect(text).toMatch(/^# Diagnostic report — iteration 3\n/);
    expect(text).toContain('## Executive summary');
    expect(text).toContain('- **GEVI** (com.plexapp.agents.GEVI): 4 items, 25 % updated well (1 of 4)');
    expect(text).toContain('- Try first: **Send browser-like headers with GEVI\'s IAFD requests** (`iafd-browser-headers-gevi`).');
    expect(text).toContain('## Order of the fixes');
    const iafd = text.slice(text.indexOf('IAFD look-ups fail — GEVI'));
    for (const part of ['**Symptom.**', '**Counts.** 1 item (3 lines)', '| iafd-url-error | warning | 1 | 1 |', '**Example lines**', '**Affected agent.** GEVI', '**Functions and code locations**', '- matchCast — utils.py, line 5718 (called as updateMetadata → getCast → matchCast)', '**Expected.**', '**Observed.**', '**Root cause.**', '**Recommended fix.** `iafd-browser-headers-gevi`, then `iafd-skip-gevi`']) {
      expect(iafd, part).toContain(part);
    }
    const fix = iafd.slice(iafd.indexOf('Fix 1:'));
    for (const part of ['**Before (observed):**', '- IAFD cast look-ups fail: 2 lines on 1 of 4 items', '**After (expected result):**', '(from 0.25 to at most 0.20 per item)', '**Changes:**', '```diff', '+        iafdResponse = HTTP.Request(iafdURL, headers=IAFD_HEADERS, timeout=20, sleep=delay())', '**Success criteria** (per refreshed item):', '- ✓ IAFD URL errors per item down by at least 20 % (signature:iafd-url-error down by at least 20 %)', '**Failure indicators:**', '- ✗ The plug-in does not start after the change (pluginStarted equal to 0) — critical', '```json']) {
      expect(fix, part).toContain(part);
    }
  });

  it('never writes the Plex token in clear', async () => {
    const { text } = await fixtureReport();
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('X-Plex-Token=<redacted>');
  });

  it('holds each fix once as a json block, which parses back to the same fixes', async () => {
    const { text, diagnosis } = await fixtureReport();
    expect(text.split('\n').filter((l) => l === '```json')).toHaveLength(diagnosis.fixes.length);
    expect(parseDiagnosticReport(text)).toEqual(diagnosis.fixes);
  });
});
