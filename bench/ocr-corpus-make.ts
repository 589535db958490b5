/**
 * Builds the OCR accuracy corpus under tests/fixtures/ocr-corpus/ (issue 17,
 * item 6) and its manifest.json.
 *
 *   UPDATE=1 npx tsx bench/ocr-corpus-make.ts
 *
 * Generated images: lines and banners in 7 font families (Noto Sans/Serif CJK
 * SC and TC, DejaVu Sans/Serif/Mono; Debian fonts-noto-cjk and fonts-dejavu),
 * sizes 14–72 px, regular and bold, dark-on-light and light-on-dark, then
 * JPEG-compressed screenshots, rotated ±2–5° and "photographed screen" variants
 * (perspective, blur, uneven light, noise, JPEG). Real images are crops of
 * licensed screenshots and a scan (REAL below, sources and licences listed);
 * their files are committed and only re-cut when the source is on the machine.
 * Ground truth is the string rendered, or typed from what the crop shows.
 * Without UPDATE=1 nothing is written: the script only says what it would do.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { CORPUS_DIR, type CorpusEntry, type CorpusManifest } from './ocr-corpus-manifest';

const update = process.env.UPDATE === '1';

/** Deterministic pseudo-random numbers (mulberry32), so a rebuild gives the same corpus. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SIMPLIFIED = [
  '全场五折 限时抢购', '双十一狂欢节 满300减50', '新品上市 敬请期待', '会员专享 额外九折', '正品保证 七天无理由退货',
  '全国包邮 次日达', '今日特价 仅限前100名', '扫码关注 领取优惠券', '年货节 爆款直降', '夏季清仓 低至3折',
];
const TRADITIONAL = [
  '全館五折 限時搶購', '週年慶 滿千送百', '新品上市 敬請期待', '會員專屬 額外九折', '品質保證 七天鑑賞期',
  '免運費 隔日到貨', '聖誕節快樂', '台灣製造 安心選購', '營業時間 10:00-22:00', '限量發售 售完為止',
];
const LATIN = [
  'Summer Sale 50% OFF', 'Free shipping on orders over $49', 'Limited offer, ends Sunday', 'New arrivals every week',
  'Members save another 10%', 'Order now: www.example.com', 'Call 400-800-1234 for details', 'Buy 2 get 1 free',
  'Genuine product, 7-day returns', 'Black Friday Deals',
];

type Language = CorpusEntry['language'];
const FONTS: Record<Language, string[]> = {
  'zh-Hans': ['Noto Sans CJK SC', 'Noto Serif CJK SC', 'Noto Sans Mono CJK SC'],
  'zh-Hant': ['Noto Sans CJK TC', 'Noto Serif CJK TC', 'Noto Sans CJK HK'],
  en: ['DejaVu Sans', 'DejaVu Serif', 'DejaVu Sans Mono', 'Noto Sans CJK SC', 'DejaVu Sans Condensed'],
};
/** OCR languages a check would name for the text. */
const LANGUAGES: Record<Language, string[]> = { 'zh-Hans': ['chi_sim', 'eng'], 'zh-Hant': ['chi_tra', 'eng'], en: ['eng'] };

/** [text, background] pairs; the first half dark-on-light, the second light-on-dark. */
const COLOURS: Array<[string, string, 'dark-on-light' | 'light-on-dark']> = [
  ['#111111', '#ffffff', 'dark-on-light'], ['#333333', '#f5f0e6', 'dark-on-light'], ['#c81e1e', '#fff8e1', 'dark-on-light'],
  ['#1f4e9c', '#eef3fb', 'dark-on-light'], ['#555555', '#e8e8e8', 'dark-on-light'],
  ['#ffffff', '#c81e1e', 'light-on-dark'], ['#ffd54f', '#1a1a1a', 'light-on-dark'], ['#ffffff', '#1f4e9c', 'light-on-dark'],
  ['#e0f7fa', '#00695c', 'light-on-dark'], ['#f0f0f0', '#444444', 'light-on-dark'],
];

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Width of `text` at `size` px, roughly (CJK 1 em, Latin 0.62 em). */
function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) em += /[\u2E80-\uFFEF]/u.test(ch) ? 1 : ch === ' ' ? 0.32 : 0.62;
  return Math.ceil(em * size);
}

interface Rendered { file: string; png: Buffer; entry: CorpusEntry }

/** One line of text, cropped tight like a screenshot of a label. */
async function renderLine(id: string, language: Language, text: string, n: number, rnd: () => number): Promise<Rendered> {
  const fonts = FONTS[language];
  const font = fonts[n % fonts.length]!;
  const size = [14, 16, 18, 20, 24, 28, 32, 40, 48, 22][n % 10]!;
  const [fg, bg, polarity] = COLOURS[(n * 3 + (language === 'en' ? 1 : language === 'zh-Hant' ? 2 : 0)) % COLOURS.length]!;
  const bold = n % 3 === 1;
  const pad = Math.round(size * (0.4 + rnd() * 0.6));
  const width = textWidth(text, size) + pad * 2;
  const height = Math.round(size * 1.5) + pad;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${bg}"/>`
    + `<text x="${pad}" y="${Math.round(pad / 2 + size * 1.1)}" font-family="'${font}'" font-size="${size}" font-weight="${bold ? 'bold' : 'normal'}" fill="${fg}">${escapeXml(text)}</text></svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  return {
    file: `${id}.png`,
    png,
    entry: {
      file: `${id}.png`, text, language, languages: LANGUAGES[language], kind: 'line', polarity,
      description: `one line, ${font}${bold ? ' bold' : ''} ${size} px, ${fg} on ${bg}, ${width}×${height}`,
      source: 'generated by bench/ocr-corpus-make.ts (librsvg through sharp)', licence: 'the fonts: SIL OFL 1.1 (Noto CJK), Bitstream Vera / public domain (DejaVu)',
    },
  };
}

/** A banner: headline, sub-line, small footer, on a flat or gradient background. */
async function renderBanner(id: string, language: Language, n: number): Promise<Rendered> {
  const pool = language === 'zh-Hans' ? SIMPLIFIED : language === 'zh-Hant' ? TRADITIONAL : LATIN;
  const lines = [pool[n % pool.length]!, pool[(n + 3) % pool.length]!, pool[(n + 6) % pool.length]!];
  const fonts = FONTS[language];
  const sizesList: Array<[number, number]> = [[800, 300], [1200, 400], [640, 360], [1000, 500]];
  const [width, height] = sizesList[n % 4]!;
  const [fg, bg, polarity] = COLOURS[(n * 7 + 5) % COLOURS.length]!;
  const sizes = [Math.round(height * 0.16), Math.round(height * 0.09), Math.round(height * 0.055)];
  const ys = [Math.round(height * 0.32), Math.round(height * 0.58), Math.round(height * 0.85)];
  const gradient = n % 2 === 0;
  const body = lines.map((line, i) => `<text x="${Math.round(width * 0.06)}" y="${ys[i]}" font-family="'${fonts[(n + i) % fonts.length]}'" font-size="${sizes[i]}" font-weight="${i === 0 ? 'bold' : 'normal'}" fill="${fg}">${escapeXml(line)}</text>`).join('');
  const fill = gradient ? 'url(#g)' : bg;
  const defs = gradient ? `<defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="${bg}"/><stop offset="1" stop-color="${bg}" stop-opacity="0.75"/></linearGradient></defs><rect width="100%" height="100%" fill="${polarity === 'dark-on-light' ? '#ffffff' : '#000000'}"/>` : '';
  const deco = `<circle cx="${Math.round(width * 0.88)}" cy="${Math.round(height * 0.3)}" r="${Math.round(height * 0.18)}" fill="${fg}" fill-opacity="0.15"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${defs}<rect width="100%" height="100%" fill="${fill}"/>${deco}${body}</svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  return {
    file: `${id}.png`,
    png,
    entry: {
      file: `${id}.png`, text: lines.join('\n'), language, languages: LANGUAGES[language], kind: 'banner', polarity,
      description: `banner ${width}×${height}, 3 lines ${sizes.join('/')} px in ${[...new Set(lines.map((_, i) => fonts[(n + i) % fonts.length]))].join(', ')}, ${fg} on ${bg}${gradient ? ' (gradient)' : ''}`,
      source: 'generated by bench/ocr-corpus-make.ts (librsvg through sharp)', licence: 'the fonts: SIL OFL 1.1 (Noto CJK), Bitstream Vera / public domain (DejaVu)',
    },
  };
}

/** A screenshot saved as JPEG, sometimes scaled down first (a resized screenshot). */
async function jpegVariant(base: Rendered, id: string, rnd: () => number): Promise<Rendered> {
  const quality = 30 + Math.round(rnd() * 40);
  const scale = rnd() < 0.5 ? 1 : 0.75;
  const meta = await sharp(base.png).metadata();
  let image = sharp(base.png);
  if (scale !== 1) image = image.resize(Math.round(meta.width! * scale));
  const jpg = await image.jpeg({ quality, chromaSubsampling: '4:2:0' }).toBuffer();
  return variant(base, id, 'jpg', jpg, 'jpeg', `JPEG q${quality}${scale !== 1 ? `, scaled ${scale}×` : ''}`);
}

/** Rotated by ±2–5°, corners filled with the background. */
async function rotatedVariant(base: Rendered, id: string, rnd: () => number): Promise<Rendered> {
  const angle = Number(((2 + rnd() * 3) * (rnd() < 0.5 ? -1 : 1)).toFixed(1));
  const { data } = await sharp(base.png).extract({ left: 0, top: 0, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
  const png = await sharp(base.png).rotate(angle, { background: { r: data[0]!, g: data[1]!, b: data[2]! } }).png().toBuffer();
  return variant(base, id, 'png', png, 'rotated', `rotated ${angle}°`);
}

/**
 * A photo of a screen: a keystone tilt (rows sheared progressively by an
 * affine per band), lens blur, a light falloff across the frame, sensor noise,
 * camera JPEG.
 */
async function photographedVariant(base: Rendered, id: string, rnd: () => number): Promise<Rendered> {
  const meta = await sharp(base.png).metadata();
  const w = meta.width!;
  const h = meta.height!;
  const pad = Math.round(Math.max(w, h) * 0.06);
  const framed = await sharp(base.png).extend({ top: pad, bottom: pad, left: pad, right: pad, background: '#202020' }).png().toBuffer();
  const skewX = (rnd() - 0.5) * 0.08;
  const skewY = (rnd() - 0.5) * 0.05;
  const scaleY = 0.93 + rnd() * 0.05;
  const tilted = await sharp(framed).affine([[1, skewX], [skewY, scaleY]], { background: '#202020', interpolator: 'bicubic' }).png().toBuffer();
  const tm = await sharp(tilted).metadata();
  const [tw, th] = [tm.width!, tm.height!];
  const light = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${tw}" height="${th}"><defs><radialGradient id="v" cx="${0.3 + rnd() * 0.4}" cy="${0.3 + rnd() * 0.4}" r="0.9"><stop offset="0" stop-color="#fff" stop-opacity="0.18"/><stop offset="1" stop-color="#000" stop-opacity="0.35"/></radialGradient></defs><rect width="100%" height="100%" fill="url(#v)"/></svg>`);
  const noise = Buffer.alloc(tw * th);
  for (let i = 0; i < noise.length; i++) noise[i] = 128 + Math.round((rnd() + rnd() + rnd() - 1.5) * 40);
  const noiseLayer = await sharp(noise, { raw: { width: tw, height: th, channels: 1 } }).png().toBuffer();
  const sigma = Number((0.6 + rnd() * 0.7).toFixed(2));
  const jpg = await sharp(tilted)
    .blur(sigma)
    .composite([{ input: light, blend: 'over' }, { input: noiseLayer, blend: 'soft-light' }])
    .modulate({ brightness: 0.95 + rnd() * 0.1, saturation: 0.85 })
    .jpeg({ quality: 80 })
    .toBuffer();
  return variant(base, id, 'jpg', jpg, 'photographed', `photographed screen: shear ${skewX.toFixed(3)}/${skewY.toFixed(3)}, blur σ${sigma}, uneven light, noise, JPEG q80`);
}

function variant(base: Rendered, id: string, ext: string, data: Buffer, kind: CorpusEntry['kind'], what: string): Rendered {
  const file = `${id}.${ext}`;
  return { file, png: data, entry: { ...base.entry, file, kind, description: `${base.entry.description}; ${what}`, derivedFrom: base.entry.file } };
}

/** A crop of a licensed image found on this machine. */
interface RealCrop {
  file: string;
  sourcePath: string;
  region?: { left: number; top: number; width: number; height: number };
  text: string;
  language: Language;
  polarity: CorpusEntry['polarity'];
  description: string;
  source: string;
  licence: string;
}

const REQUESTS = '/usr/lib/google-cloud-sdk/platform/gsutil/third_party/requests/ext/ss.png';
const REQUESTS_SOURCE = 'Requests project screenshot ext/ss.png (psf/requests repository, as vendored by the Google Cloud SDK Debian/tarball install at ' + REQUESTS + ')';
const PINO = 'node_modules/pino-pretty/demo.png';
const PINO_SOURCE = 'pino-pretty npm package demo.png (node_modules/pino-pretty/demo.png)';
const PAGE = '.tmp-scratch/skimage/page.png';
const PAGE_SOURCE = 'scikit-image 0.26.0 wheel (PyPI), skimage/data/page.png: "Scanned page" sample';
const V2 = 'zh-CN-vendor-2-naming-reason.png';
const UI = (name: string): string => `/tmp/ci-last/test-output/e2e/${name}`;
const UI_SOURCE = (name: string): string => `this project's end-to-end test screenshot ${name} (Chromium via Playwright, the designer UI in zh-CN), cropped`;

/** Real images: crops of screenshots and a scan the project did not draw. Ground truth typed from the crop. */
export const REAL: RealCrop[] = [
  { file: 'real-requests-title.png', sourcePath: REQUESTS, region: { left: 390, top: 100, width: 590, height: 66 }, text: 'Requests: HTTP for Humans™', language: 'en', polarity: 'dark-on-light', description: 'web page heading, serif, macOS screenshot', source: REQUESTS_SOURCE, licence: 'Apache-2.0 (Requests)' },
  { file: 'real-requests-intro.png', sourcePath: REQUESTS, region: { left: 390, top: 160, width: 660, height: 115 }, text: 'Release v2.22.0. (Installation)\ndownloads 796M license Apache 2.0 wheel yes python 2.7 | 3.5 | 3.6 | 3.7\nRequests is an elegant and simple HTTP library for Python, built for human beings.', language: 'en', polarity: 'dark-on-light', description: 'web page text with small badges', source: REQUESTS_SOURCE, licence: 'Apache-2.0 (Requests)' },
  { file: 'real-requests-features.png', sourcePath: REQUESTS, region: { left: 390, top: 740, width: 420, height: 180 }, text: 'Beloved Features\nRequests is ready for today’s web.\nKeep-Alive & Connection Pooling\nInternational Domains and URLs\nSessions with Cookie Persistence\nBrowser-style SSL Verification', language: 'en', polarity: 'dark-on-light', description: 'web page list', source: REQUESTS_SOURCE, licence: 'Apache-2.0 (Requests)' },
  { file: 'real-requests-sidebar.png', sourcePath: REQUESTS, region: { left: 150, top: 870, width: 230, height: 90 }, text: 'Stay Informed\nReceive updates on new\nreleases and upcoming projects.', language: 'en', polarity: 'dark-on-light', description: 'web page sidebar', source: REQUESTS_SOURCE, licence: 'Apache-2.0 (Requests)' },
  { file: 'real-pino-head.png', sourcePath: PINO, region: { left: 0, top: 0, width: 400, height: 107 }, text: '> node examples/basic.js | pino-pretty\n[08:41:11.655] INFO (57728): hello world\n[08:41:11.656] ERROR (57728): this is at error level\n[08:41:11.656] INFO (57728): the answer is 42\n[08:41:11.656] INFO (57728): hello world', language: 'en', polarity: 'light-on-dark', description: 'terminal screenshot, coloured monospace on black', source: PINO_SOURCE, licence: 'MIT (pino-pretty)' },
  { file: 'real-pino-debug.png', sourcePath: PINO, region: { left: 0, top: 565, width: 480, height: 104 }, text: '[08:41:11.657] DEBUG (57728): this is a debug statement\n[08:41:11.657] DEBUG (57728): this is a debug statement via child\nanother: "property"\n[08:41:11.657] TRACE (57728): this is a trace statement\n[08:41:11.657] DEBUG (57728): this is a "debug" statement with "\n[08:41:11.657] INFO (57728): kaboom', language: 'en', polarity: 'light-on-dark', description: 'terminal screenshot, coloured monospace on black', source: PINO_SOURCE, licence: 'MIT (pino-pretty)' },
  { file: 'real-ui-zh-requirement.png', sourcePath: UI(V2), region: { left: 29, top: 290, width: 317, height: 62 }, text: '要求\n按参考稿制作 1200×600 横幅，PNG 格式', language: 'zh-Hans', polarity: 'dark-on-light', description: 'web UI notice box', source: UI_SOURCE(V2), licence: 'this project' },
  { file: 'real-ui-zh-errors.png', sourcePath: UI(V2), region: { left: 29, top: 611, width: 317, height: 104 }, text: '× 文件名不符合规则\n任务编号应为“E2E-MX7RLJBH-ZH”（实际为\n“banner final”）\n在任务编号之后缺少“_design_v”\n在“_design_v”之后缺少版本号（例如“01”）', language: 'zh-Hans', polarity: 'dark-on-light', description: 'web UI error list, red on pink', source: UI_SOURCE(V2), licence: 'this project' },
  { file: 'real-ui-zh-title.png', sourcePath: UI(V2), region: { left: 27, top: 147, width: 150, height: 58 }, text: '双十一店铺横幅\nVendor A', language: 'zh-Hans', polarity: 'dark-on-light', description: 'web UI card title', source: UI_SOURCE(V2), licence: 'this project' },
  { file: 'real-ui-zh-comments.png', sourcePath: UI(V2), region: { left: 29, top: 1267, width: 317, height: 100 }, text: '评论\n暂无评论', language: 'zh-Hans', polarity: 'dark-on-light', description: 'web UI section', source: UI_SOURCE(V2), licence: 'this project' },
  { file: 'real-ui-zh-notes.png', sourcePath: UI(V2), region: { left: 29, top: 785, width: 317, height: 67 }, text: '备注（可选）\n给 QA 的说明…', language: 'zh-Hans', polarity: 'dark-on-light', description: 'web UI form field with placeholder', source: UI_SOURCE(V2), licence: 'this project' },
  { file: 'real-skimage-page.png', sourcePath: PAGE, region: { left: 0, top: 0, width: 384, height: 166 }, text: 'Region-based segmentation\nLet us first determine markers of the coins and the\nbackground. These markers are pixels that we can label\nunambiguously as either object or background. Here,\nthe markers are found at the two extreme parts of the\nhistogram of grey values:', language: 'en', polarity: 'dark-on-light', description: 'scanned book page, uneven light, grey', source: PAGE_SOURCE, licence: 'BSD-3-Clause (scikit-image)' },
];

async function cutReal(crop: RealCrop): Promise<Buffer | undefined> {
  if (!existsSync(crop.sourcePath)) return undefined;
  let image = sharp(crop.sourcePath);
  if (crop.region) image = image.extract(crop.region);
  return image.png({ compressionLevel: 9 }).toBuffer();
}

async function main(): Promise<void> {
  const rnd = random(17_6);
  const rendered: Rendered[] = [];
  const lines: Rendered[] = [];
  const languages: Language[] = ['zh-Hans', 'zh-Hant', 'en'];
  for (const language of languages) {
    const pool = language === 'zh-Hans' ? SIMPLIFIED : language === 'zh-Hant' ? TRADITIONAL : LATIN;
    for (const [n, text] of pool.entries()) lines.push(await renderLine(`line-${language}-${String(n + 1).padStart(2, '0')}`, language, text, n, rnd));
  }
  const banners: Rendered[] = [];
  for (const language of languages) {
    for (let n = 0; n < 4; n++) banners.push(await renderBanner(`banner-${language}-${n + 1}`, language, n + languages.indexOf(language)));
  }
  rendered.push(...lines, ...banners);
  // variants: every third line and every other banner, spread over the languages
  const bases = [...lines.filter((_, i) => i % 3 === 0), ...banners.filter((_, i) => i % 2 === 0)];
  for (const [i, base] of bases.entries()) {
    const stem = base.entry.file.replace(/\.png$/, '');
    if (i % 3 === 0) rendered.push(await jpegVariant(base, `${stem}-jpeg`, rnd), await rotatedVariant(base, `${stem}-rotated`, rnd));
    if (i % 3 === 1) rendered.push(await rotatedVariant(base, `${stem}-rotated`, rnd), await photographedVariant(base, `${stem}-photo`, rnd));
    if (i % 3 === 2) rendered.push(await photographedVariant(base, `${stem}-photo`, rnd), await jpegVariant(base, `${stem}-jpeg`, rnd));
  }

  const entries: CorpusEntry[] = rendered.map((r) => r.entry);
  const realFiles: Array<{ file: string; data: Buffer | undefined }> = [];
  for (const crop of REAL) {
    realFiles.push({ file: crop.file, data: await cutReal(crop) });
    entries.push({
      file: crop.file, text: crop.text, language: crop.language, languages: LANGUAGES[crop.language], kind: 'real', polarity: crop.polarity,
      description: `${crop.description}${crop.region ? `; crop ${crop.region.width}×${crop.region.height} at ${crop.region.left},${crop.region.top}` : ''}`,
      source: crop.source, licence: crop.licence,
    });
  }
  const manifest: CorpusManifest = { generatedBy: 'UPDATE=1 npx tsx bench/ocr-corpus-make.ts', images: entries };

  if (!update) {
    console.log(`would write ${rendered.length} generated and ${REAL.length} real images (${realFiles.filter((f) => f.data).length} sources found) to ${CORPUS_DIR}; UPDATE=1 writes`);
    return;
  }
  await mkdir(CORPUS_DIR, { recursive: true });
  for (const r of rendered) await writeFile(join(CORPUS_DIR, r.file), r.file.endsWith('.png') ? await sharp(r.png).png({ compressionLevel: 9, palette: false }).toBuffer() : r.png);
  for (const r of realFiles) {
    if (r.data) await writeFile(join(CORPUS_DIR, r.file), r.data);
    else if (!existsSync(join(CORPUS_DIR, r.file))) throw new Error(`${r.file}: source missing and no committed copy`);
  }
  await writeFile(join(CORPUS_DIR, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`wrote ${entries.length} images and manifest.json to ${CORPUS_DIR}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
