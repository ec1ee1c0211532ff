// Evidence: code sites only where a line names them; counts distinct items first.
import { describe, expect, it } from 'vitest';
import { codeSitesIn, familyEvidence } from '../../../../main/engine/diagnose/evidence.ts';
import { fixtureMetrics } from './helpers.ts';

describe('codeSitesIn', () => {
  it('reads PGMA\'s error header', () => {
    const ex = '2026-02-02 05:46:32,215 (171f73000) :  ERROR (utils:5486) - GEVI - UTILS :: ❌ File: utils.py, Line: 5718, Function: updateMetadata -> getCast -> matchCast\n2026-02-02 … Error:: Cannot Process IAFD Cast Search Results';
    expect(codeSitesIn(ex)).toEqual([{ file: 'utils.py', line: 5718, function: 'matchCast', chain: ['updateMetadata', 'getCast', 'matchCast'], from: 'pgma-header' }]);
  });

  it('keeps an empty file and line as unknown', () => {
    expect(codeSitesIn('… GEVI - UTILS :: ⚠ File: , Line: , Function: getSiteInfo -> _apply -> getSiteInfoGEVI')).toEqual([
      { file: '', line: null, function: 'getSiteInfoGEVI', chain: ['getSiteInfo', '_apply', 'getSiteInfoGEVI'], from: 'pgma-header' },
    ]);
  });

  it('takes the innermost frame of the agent\'s own code from a traceback, not Plex\'s framework', () => {
    const ex = [
      "CRITICAL (agentkit:1078) - Exception in the update function of agent named 'AEBN' (most recent call last):",
      '  File "/Applications/Plex Media Server.app/Contents/Resources/Plug-ins-c0dd5a73e/Framework.bundle/Contents/Resources/Versions/2/Python/Framework/api/agentkit.py", line 1076, in _update',
      '  File "/Users/…/Plug-ins/AEBN.bundle/Contents/Code/__init__.py", line 402, in update',
      '  File "/Users/…/Plug-ins/AEBN.bundle/Contents/Code/utils.py", line 233, in matchFilename',
      'IndexError: list index out of range',
    ].join('\n');
    expect(codeSitesIn(ex)).toEqual([{ file: 'utils.py', line: 233, function: 'matchFilename', chain: ['update', 'matchFilename'], from: 'traceback', bundle: 'AEBN.bundle' }]);
  });

  it('finds nothing in a line that names no code', () => {
    expect(codeSitesIn("ERROR (networking:197) - Error opening URL 'https://www.iafd.com/x'")).toEqual([]);
  });
});

describe('familyEvidence', () => {
  it('counts distinct items over the family and keeps raw lines alongside', async () => {
    const gevi = Object.values((await fixtureMetrics()).agents).find((a) => a.agent === 'GEVI')!;
    const e = familyEvidence(gevi, ['iafd-url-error', 'iafd-cast-search', 'iafd-director-search'])!;
    // same severity and items: the one with more lines first
    expect(e.signatures.map((s) => [s.id, s.items, s.count])).toEqual([
      ['iafd-cast-search', 1, 2],
      ['iafd-url-error', 1, 1],
    ]);
    expect(e.items).toBe(1);
    expect(e.count).toBe(3);
    expect(e.sites.map((s) => s.function)).toEqual(['matchCast']);
  });

  it('is null when the agent showed none of the family', async () => {
    const gayAdult = Object.values((await fixtureMetrics()).agents).find((a) => a.agent === 'GayAdult')!;
    expect(familyEvidence(gayAdult, ['iafd-url-error'])).toBeNull();
  });
});
