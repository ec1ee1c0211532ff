// Draws the menu-bar template icons into build/tray/: `node build/tray-icons.ts`.
// Node built-ins only (zlib for deflate and CRC-32): a tiny rasterizer and a PNG encoder.
// Template images are black with alpha; macOS tints them for light and dark menu bars. Each
// icon is 16×16 points, written at 1× and 2× (`name@2x.png`, which nativeImage finds itself).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

/** A shape in the icon's 16×16 point space: is this point inside it? */
export type Shape = (x: number, y: number) => boolean;

const roundRect =
  (x0: number, y0: number, x1: number, y1: number, r: number): Shape =>
  (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return dx * dx + dy * dy <= r * r;
  };
const circle =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
/** Inside a triangle given clockwise or anticlockwise. */
const triangle = (a: [number, number], b: [number, number], c: [number, number]): Shape => {
  const side = (p: [number, number], q: [number, number], x: number, y: number) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  return (x, y) => {
    const s1 = side(a, b, x, y);
    const s2 = side(b, c, x, y);
    const s3 = side(c, a, x, y);
    return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
  };
};
const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y));
const minus =
  (shape: Shape, hole: Shape): Shape =>
  (x, y) =>
    shape(x, y) && !hole(x, y);

// The glyph: a first-aid box (rounded square outline with a cross).
const frame = minus(roundRect(1, 1, 15, 15, 3.5), roundRect(2.25, 2.25, 13.75, 13.75, 2.25));
const cross = union(roundRect(7, 4, 9, 12, 0.4), roundRect(4, 7, 12, 9, 0.4));
const glyph = union(frame, cross);

// State badges sit in the bottom-right corner, in a clear ring cut out of the glyph.
const BADGE_X = 12.5;
const BADGE_Y = 12.5;
const withBadge = (badge: Shape): Shape => union(minus(glyph, circle(BADGE_X, BADGE_Y, 4.5)), badge);

export const TRAY_ICON_SHAPES: Record<string, Shape> = {
  /** idle */
  trayTemplate: glyph,
  /** running: a play mark */
  trayRunningTemplate: withBadge(triangle([10.25, 9.5], [10.25, 15.5], [15.5, 12.5])),
  /** needs you: a dot */
  trayAttentionTemplate: withBadge(circle(BADGE_X, BADGE_Y, 3.25)),
  /** error: a dot with "!" cut out */
  trayErrorTemplate: withBadge(minus(circle(BADGE_X, BADGE_Y, 3.5), union(roundRect(12, 10, 13, 13, 0.3), roundRect(12, 13.9, 13, 14.9, 0.3)))),
};

export const ICON_POINTS = 16;
const SAMPLES = 5; // per axis and pixel: 25 samples give smooth edges

/** RGBA pixels of `shape` at `scale` (1 → 16×16, 2 → 32×32): black, coverage as alpha. */
export function rasterize(shape: Shape, scale: number): { width: number; height: number; rgba: Uint8Array } {
  const size = ICON_POINTS * scale;
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          if (shape((px + (sx + 0.5) / SAMPLES) / scale, (py + (sy + 0.5) / SAMPLES) / scale)) hits++;
        }
      }
      rgba[(py * size + px) * 4 + 3] = Math.round((255 * hits) / (SAMPLES * SAMPLES));
    }
  }
  return { width: size, height: size, rgba };
}

/** A PNG file: 8-bit RGBA, no interlace, filter 0 on every row. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, filter set 0, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Every file build/tray holds: name → PNG bytes. */
export function trayIconFiles(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const [name, shape] of Object.entries(TRAY_ICON_SHAPES)) {
    for (const scale of [1, 2]) {
      const { width, height, rgba } = rasterize(shape, scale);
      files.set(`${name}${scale === 1 ? '' : '@2x'}.png`, encodePng(width, height, rgba));
    }
  }
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = join(import.meta.dirname, 'tray');
  for (const [file, bytes] of trayIconFiles()) {
    writeFileSync(join(dir, file), bytes);
    process.stdout.write(`wrote ${join('build/tray', file)} (${bytes.length} bytes)\n`);
  }
}
