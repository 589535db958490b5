/**
 * The SVG drawn over a draft to show where it differs: numbered red boxes
 * around changed regions, grey hatching over ignored areas.
 */
import type { Rect } from '../core/sop/types';
import type { DiffRegion } from '../core/checks/diff-regions';

/** Builds the overlay SVG for an image of `width`×`height`. Boxes are padded by 2 px and clipped. */
export function overlaySvg(width: number, height: number, regions: readonly DiffRegion[], ignore: readonly Rect[]): string {
  const stroke = Math.max(2, Math.round(Math.min(width, height) / 200));
  const font = Math.max(14, stroke * 6);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">`,
    '<defs><pattern id="h" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
      + '<rect width="8" height="8" fill="rgb(128,128,128)" fill-opacity="0.25"/><line x1="0" y1="0" x2="0" y2="8" stroke="rgb(96,96,96)" stroke-width="3" stroke-opacity="0.6"/></pattern></defs>',
  ];
  for (const r of ignore) {
    parts.push(`<rect x="${r.x}" y="${r.y}" width="${r.width}" height="${r.height}" fill="url(#h)"/>`);
  }
  regions.forEach((r, i) => {
    const x = Math.max(0, r.x - 2);
    const y = Math.max(0, r.y - 2);
    const w = Math.min(width, r.x + r.width + 2) - x;
    const h = Math.min(height, r.y + r.height + 2) - y;
    parts.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="rgb(230,0,0)" stroke-width="${stroke}"/>`);
    const labelY = y >= font + 2 ? y - 3 : Math.min(height - 2, y + h + font);
    parts.push(`<text x="${x}" y="${labelY}" font-family="sans-serif" font-weight="bold" font-size="${font}" fill="rgb(230,0,0)" stroke="white" stroke-width="1">${i + 1}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
