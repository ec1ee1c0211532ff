// Encodings, decided on the bytes before anything is parsed (python-check.md §5).
import { describe, expect, it } from 'vitest';
import { decodeSource, isKnownCodec } from '../../../../main/engine/python/encoding.ts';
import { Findings } from '../../../../main/engine/python/finding.ts';
import { check, show } from './helpers.ts';

const bytes = (...parts: (string | number[])[]) => new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))));
const BOM = [0xef, 0xbb, 0xbf];

describe('coding declarations', () => {
  it.each([
    ['# -*- coding: utf-8 -*-\n', true],
    ['# coding=latin-1\n', true],
    ['# vim: set fileencoding=cp1252 :\n', true],
    ['#!/usr/bin/env python\n# -*- coding: iso-8859-15 -*-\n', true],
    ['# coding: utf_8\n', true],
    ['# coding: UTF8\n', true],
    ['# coding: utf-8-unix\n', true],
    ['# coding: latin-1-mac\n', true],
    ['# coding: shift_jis\n', true],
  ])('%j is understood', async (head, ok) => {
    const result = await check(bytes(head, 'x = 1\n'));
    expect(result.ok, show(result.findings)).toBe(ok);
  });

  it.each([
    ['# -*- coding: uft-8 -*-\n', 1],
    ['#!/usr/bin/python\n# coding: klingon\n', 2],
  ])('%j names an unknown encoding → error on its line', async (head, line) => {
    const result = await check(bytes(head, 'x = 1\n'));
    expect(result.findings).toMatchObject([{ rule: 'encoding-unknown', severity: 'error', line, column: 1 }]);
  });

  it('only lines 1 and 2 count, as in CPython', async () => {
    const result = await check(bytes('x = 1\ny = 2\n# coding: klingon\n'));
    expect(result).toEqual({ ok: true, findings: [], preExisting: [] });
  });

  it('a cookie CPython cannot decode source with is unknown (hex, utf-16)', () => {
    expect(isKnownCodec('hex')).toBe(false);
    expect(isKnownCodec('utf-16')).toBe(false);
    expect(isKnownCodec('Latin-1')).toBe(true);
    expect(isKnownCodec('euc_jp')).toBe(true);
  });
});

describe('byte-order mark', () => {
  it('a UTF-8 BOM alone, or with a utf-8 cookie, is fine', async () => {
    expect((await check(bytes(BOM, 'x = "é"\n'))).ok).toBe(true);
    expect((await check(bytes(BOM, '# coding: utf-8\nx = 1\n'))).ok).toBe(true);
  });

  it.each(['# coding: latin-1\n', '# coding: utf8\n'])('BOM + %j is refused (CPython compares the spelling)', async (head) => {
    const result = await check(bytes(BOM, head, 'x = 1\n'));
    expect(result.findings).toMatchObject([{ rule: 'encoding-bom-mismatch', severity: 'error', line: 1 }]);
  });

  it('the BOM does not shift columns', async () => {
    const result = await check(bytes(BOM, 'x = f"{a}"\n'));
    expect(result.findings).toMatchObject([{ rule: 'py3-fstring', line: 1, column: 5 }]);
  });
});

describe('bytes that do not match the declaration', () => {
  it('invalid UTF-8 under a UTF-8 cookie is an error at the bad byte', async () => {
    const result = await check(bytes('# -*- coding: utf-8 -*-\nx = "é', [0xff], '"\n'));
    expect(result.findings).toMatchObject([{ rule: 'encoding-invalid-utf8', severity: 'error', line: 2, column: 7 }]);
  });

  it('latin-1 bytes under a latin-1 cookie are fine', async () => {
    expect((await check(bytes('# coding: latin-1\nx = "', [0xe9, 0xff], '"\n'))).ok).toBe(true);
  });

  it('non-ASCII without a cookie is a warning (Plex loads it), pointing at the first such character', async () => {
    const result = await check(bytes('x = 1\ny = "café"\n'));
    expect(result.ok).toBe(true);
    expect(result.findings).toMatchObject([{ rule: 'encoding-missing-cookie', severity: 'warning', line: 2, column: 9 }]);
  });

  it('a cookie on line 4 (as some working agents have) still gets the warning', async () => {
    const result = await check(bytes('#!/usr/bin/env python\n"""doc"""\n\n# -*- coding: utf-8 -*-\nx = "é"\n'));
    expect(result.findings.map((f) => f.rule)).toEqual(['encoding-missing-cookie']);
  });
});

describe('decodeSource', () => {
  it('returns the text after the BOM', () => {
    const findings = new Findings();
    expect(decodeSource(bytes(BOM, '# coding: utf-8\nx = "é"\n'), findings)).toBe('# coding: utf-8\nx = "é"\n');
    expect(findings.list).toEqual([]);
  });

  it('reads a declared 8-bit codec byte for byte', () => {
    const findings = new Findings();
    expect(decodeSource(bytes('# coding: cp1252\nx = "', [0x80, 0xe9], '"\n'), findings)).toBe('# coding: cp1252\nx = "\u0080\u00e9"\n');
    expect(findings.list).toEqual([]);
  });
});
