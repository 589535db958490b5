/**
 * One decode per file for a submission's visual and OCR checks (checks/shared-decode.ts):
 * they get the same pixels they got from decoding alone, and nobody writes into the shared buffer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import sharp from 'sharp';
import { decodeImage, inspectImage, safeImagePipeline } from '../../checks/image-decode';
import { prepareOcrImage, type OcrPreparation } from '../../checks/ocr-prepare';
import { clearSharedDecodes, decodeShared, decodeSharedUnflattened, sharedDecodeCount } from '../../checks/shared-decode';
import { runVisualCheck } from '../../checks/visual-check';

const fixture = (name: string): Buffer => readFileSync(join(__dirname, '..', 'fixtures', 'images', name));
const rawOf = async (png: Buffer) => sharp(png).raw().toBuffer({ resolveWithObject: true });

/** The OCR preparation as it was before the shared decode: its own libvips pipeline over the bytes. */
async function preparedAlone(bytes: Buffer, preparation: OcrPreparation): Promise<Buffer> {
  const header = await inspectImage(bytes, 'image');
  let pipeline = safeImagePipeline(bytes, header);
  if (preparation === 'grey-upscaled') pipeline = pipeline.greyscale();
  if (preparation === 'grey-upscaled' && (header.width * header.height) / 1e6 < 2) pipeline = pipeline.resize({ width: header.width * 2, height: header.height * 2, kernel: 'lanczos3', fit: 'fill' });
  return pipeline.png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer();
}

/** Half-transparent edges (a logo cut out on a transparent background) over an opaque photo-like block. */
async function halfTransparent(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120"><rect x="10" y="10" width="280" height="100" rx="30" fill="#d0021b" fill-opacity="0.55"/>
    <text x="150" y="80" text-anchor="middle" font-family="sans-serif" font-size="48" fill="#123456" fill-opacity="0.8">SALE 5折</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

beforeEach(() => clearSharedDecodes());

describe('shared decode', () => {
  it('decodes bytes asked for together once, with the same pixels as decoding alone', async () => {
    const bytes = fixture('draft-word.png');
    const before = sharedDecodeCount();
    const [a, b] = await Promise.all([decodeSharedUnflattened(bytes, { name: 'x.png' }), decodeSharedUnflattened(bytes, { name: 'x.png' })]);
    expect(sharedDecodeCount() - before).toBe(1);
    expect(a).toBe(b);
    const alone = await decodeImage(bytes);
    expect((await decodeShared(bytes, { name: 'x.png' })).data.equals(alone.data)).toBe(true);
    expect(sharedDecodeCount() - before).toBe(1);
  });

  it('shares a decode failure as the same CheckInputError, and tries again afterwards', async () => {
    const bytes = fixture('truncated.png');
    const before = sharedDecodeCount();
    const results = await Promise.allSettled([decodeShared(bytes), decodeShared(bytes)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(results.map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['IMAGE_DECODE_FAILED', 'IMAGE_DECODE_FAILED']);
    expect(sharedDecodeCount() - before).toBe(1);
    await expect(decodeShared(bytes)).rejects.toMatchObject({ code: 'IMAGE_DECODE_FAILED' });
    expect(sharedDecodeCount() - before).toBe(2);
  });

  it.each([
    ['reference.png', 'as-is'], ['reference.png', 'grey-upscaled'],
    ['draft-q90.jpg', 'as-is'], ['draft-q90.jpg', 'grey-upscaled'],
    ['ocr-small.png', 'as-is'], ['ocr-small.png', 'grey-upscaled'],
  ] as const)('prepares %s for OCR (%s) with the same pixels as its own decode did', async (name, preparation) => {
    const bytes = fixture(name);
    const [shared, alone] = await Promise.all([prepareOcrImage(bytes, preparation), preparedAlone(bytes, preparation)]);
    const [x, y] = await Promise.all([rawOf(shared.image), rawOf(alone)]);
    expect([x.info.width, x.info.height, x.info.channels]).toEqual([y.info.width, y.info.height, y.info.channels]);
    expect(x.data.equals(y.data)).toBe(true);
  });

  it('prepares a half-transparent image for OCR with the same pixels as its own decode did', async () => {
    const bytes = await halfTransparent();
    for (const preparation of ['as-is', 'grey-upscaled'] as const) {
      const [x, y] = await Promise.all([rawOf((await prepareOcrImage(bytes, preparation)).image), prepareOcrImage(bytes, preparation).then(() => preparedAlone(bytes, preparation)).then(rawOf)]);
      expect(x.data.equals(y.data)).toBe(true);
    }
  });

  it('a visual and an OCR check of one file decode the draft once; the visual figures equal pixelmatch and the shared pixels stay untouched', async () => {
    const reference = fixture('reference.png');
    const draft = fixture('draft-word.png');
    const before = sharedDecodeCount();
    const [visual] = await Promise.all([
      runVisualCheck({ reference, draft, diffPath: undefined, returnImages: false }),
      prepareOcrImage(draft, 'grey-upscaled'),
    ]);
    expect(sharedDecodeCount() - before).toBe(2); // the reference and the draft, once each
    const [r, d] = await Promise.all([decodeImage(reference), decodeImage(draft)]);
    expect(visual.diffPixels).toBe(pixelmatch(r.data, d.data, undefined, r.width, r.height, { threshold: 0.1 }));
    // a diff image written without an overlay must not be painted into the shared draft
    const shared = await decodeShared(draft);
    const copy = Buffer.from(shared.data);
    const dir = (await import('node:os')).tmpdir();
    await runVisualCheck({ reference, draft, diffPath: join(dir, `shared-decode-diff-${process.pid}.png`) });
    expect(shared.data.equals(copy)).toBe(true);
  });
});
