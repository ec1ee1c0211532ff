// popoverPosition: centred under the tray icon, inside the work area of the icon's display.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { POPOVER_GAP, popoverPosition } from '../../../main/app/position.ts';

const win = { width: 380, height: 560 };
// A 1512×982 MacBook display; the menu bar (25 pt) is outside the work area.
const builtIn = { x: 0, y: 25, width: 1512, height: 957 };

describe('popoverPosition', () => {
  it.each([
    ['menu bar at the top: centred under the icon, just below the menu bar', { x: 1000, y: 0, width: 24, height: 24 }, builtIn, { x: 1000 + 12 - 190, y: 24 + POPOVER_GAP }],
    ['icon near the right edge: clamped to the right edge', { x: 1480, y: 0, width: 24, height: 24 }, builtIn, { x: 1512 - 380, y: 28 }],
    ['icon near the left edge: clamped to the left edge', { x: 10, y: 0, width: 24, height: 24 }, builtIn, { x: 0, y: 28 }],
    [
      'secondary display to the left (negative origin)',
      { x: -900, y: 0, width: 22, height: 24 },
      { x: -1920, y: 25, width: 1920, height: 1055 },
      { x: Math.round(-900 + 11 - 190), y: 28 },
    ],
    ['secondary display above, offset (negative y)', { x: 400, y: -1080, width: 22, height: 24 }, { x: 200, y: -1055, width: 1920, height: 1055 }, { x: 221, y: -1052 }],
    ['secondary display to the right, icon at its right edge', { x: 3410, y: 0, width: 24, height: 24 }, { x: 1512, y: 25, width: 1920, height: 1055 }, { x: 1512 + 1920 - 380, y: 28 }],
    ['fractional scale: fractional bounds give whole points', { x: 1000.5, y: 0, width: 22.25, height: 24.5 }, builtIn, { x: Math.round(1000.5 + 11.125 - 190), y: Math.round(24.5 + 4) }],
    ['a work area shorter than the popover: top stays visible', { x: 500, y: 0, width: 24, height: 24 }, { x: 0, y: 25, width: 1024, height: 400 }, { x: 322, y: 25 }],
    ['a work area narrower than the popover: left stays visible', { x: 100, y: 0, width: 24, height: 24 }, { x: 0, y: 25, width: 300, height: 900 }, { x: 0, y: 28 }],
    ['icon below the work area (a bottom bar): kept inside it', { x: 500, y: 1056, width: 24, height: 24 }, { x: 0, y: 0, width: 1920, height: 1056 }, { x: 322, y: 1056 - 560 }],
  ])('%s', (_name, tray, workArea, expected) => {
    expect(popoverPosition(tray, win, workArea)).toEqual(expected);
  });

  it('always returns whole points inside the work area', () => {
    const layout = fc
      .record({ x: fc.double({ min: -4000, max: 4000, noNaN: true }), y: fc.double({ min: -2000, max: 2000, noNaN: true }), width: fc.double({ min: 400, max: 3000, noNaN: true }), height: fc.double({ min: 600, max: 2000, noNaN: true }) })
      .chain((workArea) =>
        fc.record({
          workArea: fc.constant(workArea),
          tray: fc.record({ x: fc.double({ min: workArea.x, max: workArea.x + workArea.width, noNaN: true }), y: fc.constant(workArea.y - 25), width: fc.double({ min: 16, max: 40, noNaN: true }), height: fc.double({ min: 20, max: 26, noNaN: true }) }),
        }),
      );
    fc.assert(
      fc.property(layout, ({ workArea, tray }) => {
        const { x, y } = popoverPosition(tray, win, workArea);
        expect(Number.isInteger(x) && Number.isInteger(y)).toBe(true);
        expect(x).toBeGreaterThanOrEqual(Math.floor(workArea.x));
        expect(x + win.width).toBeLessThanOrEqual(Math.ceil(workArea.x + workArea.width));
        expect(y).toBeGreaterThanOrEqual(Math.floor(workArea.y));
        expect(y + win.height).toBeLessThanOrEqual(Math.ceil(workArea.y + workArea.height));
      }),
    );
  });
});
