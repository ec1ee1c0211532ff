import { describe, expect, it } from 'vitest';
import { ItemTable } from '../../../../main/engine/logs/item-table.ts';

const table = () => new ItemTable({ texts: [], index: new Map() });
const AT = '2026-02-02T04:46:30.020Z';
const LATER = '2026-02-02T04:47:00.000Z';
const same = (s: string) => s;
const none = () => undefined;

describe('ItemTable: the items of an agent, row by row', () => {
  it('shows each item as the metrics do, in numeric ratingKey order', () => {
    const t = table();
    const b = t.row('463', LATER);
    const a = t.row('31', AT);
    t.name(b, { title: 'Freaks 5', guid: 'com.plexapp.agents.GEVI://463?lang=xn' });
    t.countSignature(b, 'site-field-error');
    t.settle(b, { outcome: 'failed', reason: 'site-field-error seen' }, LATER);
    expect(t.size).toBe(2);
    expect(Object.keys(t.records(same, none))).toEqual(['31', '463']);
    expect(t.records(same, none)).toEqual({
      '31': { ratingKey: '31', outcome: 'unknown', signatures: {}, markers: {}, lastSeen: AT },
      '463': {
        ratingKey: '463',
        title: 'Freaks 5',
        guid: 'com.plexapp.agents.GEVI://463?lang=xn',
        outcome: 'failed',
        outcomeReason: 'site-field-error seen',
        signatures: { 'site-field-error': 1 },
        markers: {},
        lastSeen: LATER,
      },
    });
    expect(a).not.toBe(b);
  });

  it('keeps the latest time an item was seen, and the outcome of its latest evidence', () => {
    const t = table();
    const row = t.row('7', LATER);
    t.settle(row, { outcome: 'ok', reason: 'dump: cast 3' }, LATER);
    expect(t.row('7', AT)).toBe(row);
    t.settle(row, { outcome: 'failed', reason: 'site-url-error seen' }, AT); // older: ignored
    expect(t.records(same, none)['7']).toMatchObject({ outcome: 'ok', outcomeReason: 'dump: cast 3', lastSeen: LATER });
    t.settle(row, { outcome: 'failed', reason: 'site-url-error seen' }, LATER); // as new: decides
    expect(t.records(same, none)['7']).toMatchObject({ outcome: 'failed', outcomeReason: 'site-url-error seen' });
  });

  it('keeps markers in the order first logged, with later values, and counts of any size', () => {
    const t = table();
    const row = t.row('9', AT);
    t.mergeMarkers(row, { genres: 4, 'found-on-iafd': false });
    t.mergeMarkers(row, { cast: 2 ** 40, genres: 0, 'found-on-iafd': true });
    const markers = t.records(same, none)['9']!.markers;
    expect(Object.entries(markers)).toEqual([
      ['genres', 0],
      ['found-on-iafd', true],
      ['cast', 2 ** 40],
    ]);
  });

  it('counts signatures per item in the order first seen, and items per signature', () => {
    const t = table();
    const a = t.row('1', AT);
    const b = t.row('2', AT);
    for (const id of ['iafd-cast-search', 'site-field-error', 'iafd-cast-search']) t.countSignature(a, id);
    t.countSignature(b, 'iafd-cast-search');
    expect(Object.entries(t.records(same, none)['1']!.signatures)).toEqual([
      ['iafd-cast-search', 2],
      ['site-field-error', 1],
    ]);
    expect(t.itemsPerSignature()).toEqual(new Map([['iafd-cast-search', 2], ['site-field-error', 1]]));
  });

  it('tells ratingKeys written differently apart, and shows them as written', () => {
    const t = table();
    for (const rk of ['7', '007', '999999999999', '1000000000', '0']) t.row(rk, AT);
    for (let rk = 100; rk < 5000; rk++) t.row(String(rk), AT); // past every initial size
    const items = t.records(same, none);
    expect(Object.values(items).map((i) => i.ratingKey).slice(0, 3)).toEqual(['0', '7', '100']);
    expect(items['007']!.ratingKey).toBe('007');
    expect(items['999999999999']!.ratingKey).toBe('999999999999');
    expect(items['1000000000']!.ratingKey).toBe('1000000000');
    expect(t.size).toBe(4905);
    expect(t.row('007', LATER)).not.toBe(t.row('7', LATER));
  });

  it('redacts names and finds the media file of an item no line named', () => {
    const t = table();
    t.name(t.row('5', AT), { title: 'secret title' });
    t.row('6', AT);
    const items = t.records((s) => s.replace('secret', '<redacted>'), (rk) => (rk === '6' ? '/Volumes/Films/six.mp4' : undefined));
    expect(items['5']!.title).toBe('<redacted> title');
    expect(items['6']!.file).toBe('/Volumes/Films/six.mp4');
  });
});
