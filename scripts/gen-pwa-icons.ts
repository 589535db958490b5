/**
 * Writes the installable app's icons (designer/public/icons/*.png) from one
 * SVG drawing: the app's indigo tile with a white plus, as the favicon. Run
 * after changing the drawing: `npx tsx scripts/gen-pwa-icons.ts`; the PNGs
 * are committed (the build does not need sharp).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const OUT = path.resolve(__dirname, '..', 'designer', 'public', 'icons');
const THEME = '#4f46e5';

/** `inset`: the share of the tile kept clear around the plus (maskable icons need a safe zone, the inner 80 %). */
function drawing(size: number, rounded: boolean, inset: number): string {
  const s = size;
  const arm = s * (0.5 - inset) * 0.75;
  const c = s / 2;
  const stroke = s * 0.09;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}" viewBox="0 0 ${s} ${s}">
    <rect width="${s}" height="${s}" rx="${rounded ? s * 0.22 : 0}" fill="${THEME}"/>
    <path d="M${c - arm} ${c}h${arm * 2}M${c} ${c - arm}v${arm * 2}" stroke="#fff" stroke-width="${stroke}" stroke-linecap="round"/>
  </svg>`;
}

const ICONS: Array<{ file: string; size: number; rounded: boolean; inset: number }> = [
  { file: 'icon-192.png', size: 192, rounded: true, inset: 0.18 },
  { file: 'icon-512.png', size: 512, rounded: true, inset: 0.18 },
  { file: 'maskable-512.png', size: 512, rounded: false, inset: 0.28 },
  { file: 'apple-touch-icon-180.png', size: 180, rounded: false, inset: 0.2 },
];

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  for (const icon of ICONS) {
    await sharp(Buffer.from(drawing(icon.size, icon.rounded, icon.inset))).png({ compressionLevel: 9 }).toFile(path.join(OUT, icon.file));
    process.stdout.write(`wrote designer/public/icons/${icon.file}\n`);
  }
}

void main();
