export interface View {
  scale: number;
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

const MIN = 0.05;
const MAX = 32;

/** The view that fits `image` centred in `pane`. */
export function fitView(image: Size, pane: Size): View {
  if (!image.width || !image.height || !pane.width || !pane.height) return { scale: 1, x: 0, y: 0 };
  const scale = Math.min(pane.width / image.width, pane.height / image.height) * 0.96;
  return { scale, x: (pane.width - image.width * scale) / 2, y: (pane.height - image.height * scale) / 2 };
}

/** Zooms by `factor` keeping the pane point (px, py) still. */
export function zoomAt(view: View, factor: number, px: number, py: number): View {
  const scale = Math.min(MAX, Math.max(MIN, view.scale * factor));
  const k = scale / view.scale;
  return { scale, x: px - (px - view.x) * k, y: py - (py - view.y) * k };
}

/** The view that shows `region` (image pixels) with a margin around it, centred. */
export function viewOfRegion(region: { x: number; y: number; width: number; height: number }, pane: Size): View {
  const w = Math.max(region.width, 8) * 1.8;
  const h = Math.max(region.height, 8) * 1.8;
  const scale = Math.min(MAX, Math.min(pane.width / w, pane.height / h));
  return { scale, x: pane.width / 2 - (region.x + region.width / 2) * scale, y: pane.height / 2 - (region.y + region.height / 2) * scale };
}
