// Where the popover opens: centred under the tray icon, kept inside the work area of the
// display the icon is on (electron-notes.md §4). Pure, so every display layout is testable.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Space between the menu bar and the popover, in points. */
export const POPOVER_GAP = 4;

/**
 * `trayBounds` and `workArea` are in screen points as Electron reports them: they may be
 * fractional (scaled displays) and negative (a display left of or above the primary one).
 * The result is whole points, because `BrowserWindow.setPosition` takes integers.
 */
export function popoverPosition(trayBounds: Rect, winSize: Size, workArea: Rect, gap = POPOVER_GAP): { x: number; y: number } {
  const x = trayBounds.x + trayBounds.width / 2 - winSize.width / 2;
  const y = trayBounds.y + trayBounds.height + gap;
  return {
    x: Math.round(clamp(x, workArea.x, workArea.x + workArea.width - winSize.width)),
    y: Math.round(clamp(y, workArea.y, workArea.y + workArea.height - winSize.height)),
  };
}

// A window larger than the work area keeps its top-left corner visible.
function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, max));
}
