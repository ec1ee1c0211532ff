import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePlist, PlistError } from '../../../../main/engine/plex/plist.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/plex/preferences/${name}`, import.meta.url));

// Both files were written by Python 3's plistlib from the same dictionary (FMT_BINARY, FMT_XML).
const EXPECTED = {
  AcceptedEULA: true,
  CertificateVersion: 3,
  FriendlyName: 'Mac mini de Zoë',
  ManualPortMappingPort: 32400,
  PlexOnlineToken: 'fixtureTokenAbc123_-x',
  LogVerbose: false,
  transcoderQuality: 2.5,
  LibraryPaths: ['/Users/plex/Movies/Adult', '/Volumes/Archive'],
  BigCounter: 2 ** 40,
};

describe('parsePlist', () => {
  it.each(['com.plexapp.plexmediaserver.binary.plist', 'com.plexapp.plexmediaserver.xml.plist'])('reads every value type of %s', (name) => {
    const plist = parsePlist(fixture(name), name) as Record<string, unknown>;
    expect(plist).toMatchObject(EXPECTED);
    expect(plist.lastUpdated).toEqual(new Date(Date.UTC(2024, 4, 24, 10, 30, 0)));
    expect([...(plist.CertificateUUID as Uint8Array)]).toEqual([0, 1, 2, 0xfe, 0xff]);
    expect(Object.keys(plist)).toHaveLength(23);
  });

  it('gives the binary and the XML form of the same dictionary the same value', () => {
    expect(parsePlist(fixture('com.plexapp.plexmediaserver.binary.plist'), 'b')).toEqual(parsePlist(fixture('com.plexapp.plexmediaserver.xml.plist'), 'x'));
  });

  it('decodes entities and keeps a "__proto__" key as a plain key', () => {
    const xml = '<?xml version="1.0"?><plist version="1.0"><dict><key>__proto__</key><string>a &amp; b &#x263A; &lt;c&gt;</string><key>e</key><array/></dict></plist>';
    const plist = parsePlist(Buffer.from(xml), 'x') as Record<string, unknown>;
    expect(Object.getPrototypeOf(plist)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(plist, '__proto__')?.value).toBe('a & b ☺ <c>');
    expect(plist.e).toEqual([]);
  });

  it.each([
    ['truncated binary', Buffer.from('bplist00\x08'), /file too short/],
    ['binary with a broken trailer', Buffer.concat([Buffer.from('bplist00\x08'), Buffer.alloc(32, 0xff)]), /bad trailer|bad offset table/],
    ['XML with an unclosed dict', Buffer.from('<plist><dict><key>a</key><string>b</string></plist>'), /holds something other than <key>|not closed/],
    ['XML with a stray "<"', Buffer.from('<plist><dict><key>a</key><string>b < c</string></dict></plist>'), /broken tag/],
    ['XML with an unknown element', Buffer.from('<plist><foo/></plist>'), /unknown element <foo\/>/],
    ['an empty file', Buffer.alloc(0), /ends too early/],
  ])('refuses %s with a PlistError that names the file', (_name, bytes, detail) => {
    const act = () => parsePlist(bytes, '/tmp/prefs.plist');
    expect(act).toThrow(PlistError);
    expect(act).toThrow(/\/tmp\/prefs\.plist is not a readable property list/);
    expect(act).toThrow(detail);
  });

  it('refuses a binary plist whose array contains itself instead of looping', () => {
    // one object: an array (0xA1) whose only element is object 0, i.e. itself
    const body = Buffer.from([0xa1, 0x00]);
    const offsets = Buffer.from([8]);
    const trailer = Buffer.alloc(32);
    trailer[6] = 1;
    trailer[7] = 1;
    trailer.writeBigUInt64BE(1n, 8);
    trailer.writeBigUInt64BE(0n, 16);
    trailer.writeBigUInt64BE(BigInt(8 + body.length), 24);
    const bytes = Buffer.concat([Buffer.from('bplist00'), body, offsets, trailer]);
    expect(() => parsePlist(bytes, 'loop.plist')).toThrow(/contains itself/);
  });

  it('never throws anything but PlistError on damaged binary input', () => {
    const good = fixture('com.plexapp.plexmediaserver.binary.plist');
    fc.assert(
      fc.property(fc.integer({ min: 8, max: good.length - 1 }), fc.integer({ min: 0, max: 255 }), (at, byte) => {
        const bad = Buffer.from(good);
        bad[at] = byte;
        try {
          parsePlist(bad, 'damaged.plist');
        } catch (err) {
          expect(err).toBeInstanceOf(PlistError);
        }
      }),
      { numRuns: 400 },
    );
  });
});
