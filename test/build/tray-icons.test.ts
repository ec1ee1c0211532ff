// The menu-bar icons in build/tray: real PNGs, 16×16 and @2x 32×32, black with alpha, named as
// macOS template images, and exactly what build/tray-icons.ts draws.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TRAY_ICON_SHAPES, encodePng, rasterize, trayIconFiles } from '../../build/tray-icons.ts';
import { TRAY_ICONS } from '../../main/app/tray-model.ts';

const dir = join(process.cwd(), 'build', 'tray');

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  rgba: Uint8Array;
}

/** A strict reader for the PNGs we write: every chunk's CRC checked, filter 0 rows only. */
function decodePng(bytes: Buffer): Png {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  const chunks: Array<{ type: string; data: Buffer }> = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    expect(bytes.readUInt32BE(offset + 8 + length)).toBe(crc32(bytes.subarray(offset + 4, offset + 8 + length)));
    chunks.push({ type, data });
    offset += 12 + length;
  }
  expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  const ihdr = chunks[0]!.data;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const raw = inflateSync(chunks[1]!.data);
  expect(raw.length).toBe((width * 4 + 1) * height);
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    rgba.set(raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4);
  }
  return { width, height, bitDepth: ihdr[8]!, colourType: ihdr[9]!, rgba };
}

describe('build/tray', () => {
  it('holds a 1× and a 2× PNG of every tray state, and nothing else', () => {
    const expected = Object.values(TRAY_ICONS).flatMap((f) => [f, f.replace('.png', '@2x.png')]);
    expect(readdirSync(dir).sort()).toEqual(expected.sort());
    expect([...trayIconFiles().keys()].sort()).toEqual(expected.sort());
  });

  it.each(readdirSync(dir))('%s is a black-and-alpha template image of the right size', (file) => {
    const png = decodePng(readFileSync(join(dir, file)));
    const size = file.includes('@2x') ? 32 : 16;
    expect([png.width, png.height, png.bitDepth, png.colourType]).toEqual([size, size, 8, 6]);
    const alphas = new Set<number>();
    for (let i = 0; i < png.rgba.length; i += 4) {
      expect([png.rgba[i], png.rgba[i + 1], png.rgba[i + 2]]).toEqual([0, 0, 0]);
      alphas.add(png.rgba[i + 3]!);
    }
    // Transparent background, solid strokes, smooth edges.
    expect(alphas.has(0) && alphas.has(255)).toBe(true);
    expect(alphas.size).toBeGreaterThan(2);
    expect(file).toMatch(/Template(@2x)?\.png$/);
  });

  it.each(Object.keys(TRAY_ICON_SHAPES))('%s is what build/tray-icons.ts draws (run it after changing a shape)', (name) => {
    for (const [scale, suffix] of [[1, ''], [2, '@2x']] as const) {
      expect(decodePng(readFileSync(join(dir, `${name}${suffix}.png`))).rgba).toEqual(rasterize(TRAY_ICON_SHAPES[name]!, scale).rgba);
    }
  });

  it('tells the states apart', () => {
    const pixels = Object.values(TRAY_ICON_SHAPES).map((shape) => Buffer.from(rasterize(shape, 2).rgba).toString('base64'));
    expect(new Set(pixels).size).toBe(pixels.length);
  });
});

describe('encodePng', () => {
  it('round-trips arbitrary RGBA pixels', () => {
    const rgba = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37) % 256);
    expect(decodePng(encodePng(3, 2, rgba))).toEqual({ width: 3, height: 2, bitDepth: 8, colourType: 6, rgba });
  });
});
