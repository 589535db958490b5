import type { Rect } from '../../../../core/sop/types';

/** Pixel size of the image masks are drawn on. */
export interface ImageSize { width: number; height: number }
export interface Point { x: number; y: number }

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

/** The rectangle spanned by dragging from `a` to `b` (image pixels), in whole pixels inside the image; undefined when it has no area. */
export function rectFromDrag(a: Point, b: Point, size: ImageSize): Rect | undefined {
  const x1 = clamp(Math.round(Math.min(a.x, b.x)), 0, size.width);
  const y1 = clamp(Math.round(Math.min(a.y, b.y)), 0, size.height);
  const x2 = clamp(Math.round(Math.max(a.x, b.x)), 0, size.width);
  const y2 = clamp(Math.round(Math.max(a.y, b.y)), 0, size.height);
  if (x2 - x1 < 1 || y2 - y1 < 1) return undefined;
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** `r` moved by (dx, dy), kept inside the image (when it fits). */
export function moveRect(r: Rect, dx: number, dy: number, size: ImageSize): Rect {
  return { ...r, x: clamp(Math.round(r.x + dx), 0, Math.max(0, size.width - r.width)), y: clamp(Math.round(r.y + dy), 0, Math.max(0, size.height - r.height)) };
}

/** `r` with its right/bottom edge moved by (dw, dh): at least 1×1, not past the image. */
export function resizeRect(r: Rect, dw: number, dh: number, size: ImageSize): Rect {
  return { ...r, width: clamp(Math.round(r.width + dw), 1, Math.max(1, size.width - r.x)), height: clamp(Math.round(r.height + dh), 1, Math.max(1, size.height - r.y)) };
}

const ARROWS: Record<string, Point> = { ArrowLeft: { x: -1, y: 0 }, ArrowRight: { x: 1, y: 0 }, ArrowUp: { x: 0, y: -1 }, ArrowDown: { x: 0, y: 1 } };

/** What an arrow key does to a selected mask: moves it 1 px (Shift: 10 px); with Alt it resizes instead. Undefined for other keys. */
export function nudge(r: Rect, key: { key: string; shiftKey: boolean; altKey: boolean }, size: ImageSize): Rect | undefined {
  const d = ARROWS[key.key];
  if (!d) return undefined;
  const step = key.shiftKey ? 10 : 1;
  return key.altKey ? resizeRect(r, d.x * step, d.y * step, size) : moveRect(r, d.x * step, d.y * step, size);
}
