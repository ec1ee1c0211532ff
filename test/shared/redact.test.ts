import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { redact, REDACTED } from '../../shared/redact.ts';

const token = fc.stringMatching(/^[A-Za-z0-9_~-]{12,40}$/);

describe('redact', () => {
  it.each([
    ["Requesting 'http://127.0.0.1:32400/library/sections?X-Plex-Token=abcDEF123456789'", 'abcDEF123456789'],
    ['GEVI  - UTILS :: 12. Plex Token                xyzTOKEN987654321', 'xyzTOKEN987654321'],
    ['<Preferences PlexOnlineToken="q1w2e3r4t5y6u7" FriendlyName="mac"/>', 'q1w2e3r4t5y6u7'],
    ['{"authToken": "tok_abcdef12345"}', 'tok_abcdef12345'],
    ['{"X-Plex-Token":"ZZZZyyyyXXXX1234"}', 'ZZZZyyyyXXXX1234'],
    ['next=http%3A%2F%2Fhost%2Fx%3FX-Plex-Token%3DenCoded12345678', 'enCoded12345678'],
    ['PlexToken=noSpace12345678', 'noSpace12345678'],
    ['Plex Token: colon12345678', 'colon12345678'],
    ['<User authenticationToken="authn12345678" />', 'authn12345678'],
    ['{"token": "jsonKey12345678"}', 'jsonKey12345678'],
  ])('removes the token from %s', (line, secret) => {
    const out = redact(line);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
  });

  it('leaves lines without a token unchanged', () => {
    const line = "2026-02-01 11:05:23,059 (17237f000) :  INFO (sandbox:19) - GEVI  - UTILS :: Request Failed                Try CFScrape";
    expect(redact(line)).toBe(line);
  });

  it.each(['The Plex token was refused by the server.', 'The saved Plex token could not be unlocked (the keychain refused it).', 'Set PLEX_TOKEN or paste a Plex token in Settings.'])(
    'leaves our own sentences about the token readable: %s',
    (sentence) => expect(redact(sentence)).toBe(sentence),
  );

  it('removes a known secret wherever it appears', () => {
    expect(redact('weird place: qwertyuiop1234 end', ['qwertyuiop1234'])).toBe(`weird place: ${REDACTED} end`);
  });

  it('is idempotent', () => {
    fc.assert(fc.property(token, fc.string(), (t, s) => redact(redact(`${s}X-Plex-Token=${t}`)) === redact(`${s}X-Plex-Token=${t}`)));
  });

  it('no generated token survives in any of the shapes Plex and PGMA log, by the patterns alone', () => {
    const shapes = [
      (t: string) => `GET /library/sections?X-Plex-Token=${t}&type=1`,
      (t: string) => `X-Plex-Token: ${t}`,
      (t: string) => `PlexOnlineToken="${t}"`,
      (t: string) => `UTILS :: Plex Token   ${t}`,
      (t: string) => `"authToken":"${t}"`,
      (t: string) => `url=http%3A%2F%2Fh%2Fa%3FX-Plex-Token%3D${t}`,
      (t: string) => `PlexToken=${t}`,
    ];
    fc.assert(
      fc.property(token, fc.nat(shapes.length - 1), fc.string(), fc.string(), (t, i, pre, post) => {
        const out = redact(`${pre} ${shapes[i]!(t)} ${post}`);
        return !out.includes(t);
      }),
    );
  });
});
