/** A rectangle in screen coordinates (a display's work area, a window's bounds). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What is remembered of the main window between runs. */
export interface SavedWindowState {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface WindowSizeLimits {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

/** How much of the window's top edge must stay on a display to keep its position (px). */
const VISIBLE_GRIP = { width: 120, height: 40 };

/**
 * Where the main window opens: the remembered size and position when they are sane and the
 * window's top edge is on one of today's displays, else the default size, centred (no x/y).
 * Anything malformed in the saved state (a hand-edited file) falls back to defaults.
 */
export function restoreWindowState(
  saved: unknown,
  workAreas: readonly Rect[],
  limits: WindowSizeLimits,
): { bounds: Partial<Rect> & { width: number; height: number }; maximized: boolean } {
  const fallback = { bounds: { width: limits.width, height: limits.height }, maximized: false };
  if (!isSavedState(saved)) return fallback;
  const largest = workAreas.reduce(
    (acc, a) => ({ width: Math.max(acc.width, a.width), height: Math.max(acc.height, a.height) }),
    { width: limits.width, height: limits.height },
  );
  const width = clamp(Math.round(saved.width), limits.minWidth, largest.width);
  const height = clamp(Math.round(saved.height), limits.minHeight, largest.height);
  const x = Math.round(saved.x);
  const y = Math.round(saved.y);
  const grip: Rect = { x, y, width, height: Math.min(height, VISIBLE_GRIP.height) };
  const visible = workAreas.some((area) => {
    const overlap = intersection(grip, area);
    return (
      overlap.width >= Math.min(VISIBLE_GRIP.width, width) &&
      overlap.height >= Math.min(VISIBLE_GRIP.height, grip.height)
    );
  });
  return {
    bounds: visible ? { x, y, width, height } : { width, height },
    maximized: saved.maximized,
  };
}

function isSavedState(value: unknown): value is SavedWindowState {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const finite = (n: unknown) => typeof n === 'number' && Number.isFinite(n);
  return (
    finite(v.x) &&
    finite(v.y) &&
    finite(v.width) &&
    finite(v.height) &&
    (v.width as number) > 0 &&
    (v.height as number) > 0 &&
    typeof v.maximized === 'boolean'
  );
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

function intersection(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}
