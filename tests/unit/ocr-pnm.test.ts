/**
 * Tesseract gets the prepared pixels as a PNM instead of a PNG (checks/ocr-prepare.ts):
 * the same samples, the same reading, and no pixel value can pass for the EXIF
 * orientation tag tesseract.js looks for in an image's first 500 bytes.
 * Real tesseract.js workers (packaged language data).
 */
import { join } from 'node:path';
import sharp from 'sharp';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { defaultLanguageDir, prepareLanguageDir } from '../../checks/ocr-languages';
import { PNM_HEADER_PAD, PNM_MAX_SIDE, pnm, prepareOcrImage, type OcrPreparation } from '../../checks/ocr-prepare';
import { createOcrPool } from '../../checks/ocr-pool';

jest.setTimeout(60_000);

const fixture = (name: string): string => join(__dirname, '..', 'fixtures', 'images', name);

/** The header (up to and including the maxval line) and the samples of a binary PNM. */
function splitPnm(bytes: Buffer): { magic: string; width: number; height: number; samples: Buffer; headerLength: number } {
  const text = bytes.subarray(0, PNM_HEADER_PAD + 64).toString('latin1');
  const match = /^(P[56])\n#[^\n]*\n(\d+) (\d+)\n255\n/.exec(text);
  if (!match) throw new Error(`not a padded binary PNM: ${JSON.stringify(text.slice(0, 20))}`);
  return { magic: match[1]!, width: Number(match[2]), height: Number(match[3]), samples: bytes.subarray(match[0].length), headerLength: match[0].length };
}

describe('OCR images as PNM', () => {
  it.each([
    ['reference.png', 'as-is', 'P6', 3], ['reference.png', 'grey-upscaled', 'P5', 1],
    ['draft-q90.jpg', 'as-is', 'P6', 3], ['ocr-small.png', 'grey-upscaled', 'P5', 1],
  ] as const)('%s (%s) carries exactly the samples of the PNG preparation, as %s', async (name, preparation: OcrPreparation, magic, channels) => {
    // the greyscale PNG is written with three equal channels; its PNM with one
    const [asPng, asPnm] = await Promise.all([prepareOcrImage(fixture(name), preparation), prepareOcrImage(fixture(name), preparation, { format: 'pnm' })]);
    expect([asPng.format, asPnm.format]).toEqual(['png', 'pnm']);
    const decoded = await sharp(asPng.image).raw().toBuffer({ resolveWithObject: true });
    const parsed = splitPnm(asPnm.image);
    expect([parsed.magic, parsed.width, parsed.height, parsed.headerLength]).toEqual([magic, asPng.width, asPng.height, PNM_HEADER_PAD]);
    expect([asPnm.width, asPnm.height, asPnm.upscaled]).toEqual([asPng.width, asPng.height, asPng.upscaled]);
    expect(decoded.info.channels).toBe(3);
    expect(parsed.samples.length).toBe(asPng.width * asPng.height * channels);
    const expected = channels === 3 ? decoded.data : Buffer.from(decoded.data.filter((_, i) => i % 3 === 0));
    if (channels === 1) {
      let unequal = 0;
      for (let i = 0; i < decoded.data.length; i += 3) if (decoded.data[i + 1] !== decoded.data[i] || decoded.data[i + 2] !== decoded.data[i]) unequal++;
      expect(unequal).toBe(0);
    }
    expect(parsed.samples.equals(expected)).toBe(true);
  });

  it('refuses samples that do not fit the size or a channel count other than 1 or 3', () => {
    expect(() => pnm(Buffer.alloc(11), 2, 2, 3)).toThrow('pnm: 11 bytes for 2×2×3');
    expect(() => pnm(Buffer.alloc(16), 2, 2, 4)).toThrow('pnm: 4 channels (1 or 3 expected)');
  });

  it.each([
    [50_000, 8, 'pnm'], [50_001, 8, 'png'], [PNM_MAX_SIDE, 3, 'png'],
  ] as const)('a %i×%i image, doubled by the greyscale pass, goes over as %s (Leptonica reads no PNM side over 100,000 px)', async (width, height, format) => {
    const bytes = await sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).png().toBuffer();
    const prepared = await prepareOcrImage(bytes, 'grey-upscaled', { format: 'pnm', upscaleBelowMegapixels: 0.5 });
    expect([prepared.format, prepared.width, prepared.height]).toEqual([format, width * 2, height * 2]);
  });

  it('reads images at and past the PNM side limit through the pool without an error', async () => {
    const pool = createOcrPool({ size: 1, secondEngine: false });
    try {
      for (const width of [50_000, 50_001]) {
        const bytes = await sharp({ create: { width, height: 8, channels: 3, background: '#ffffff' } }).png().toBuffer();
        await expect(pool.recognize(bytes, ['eng'])).resolves.toMatchObject({ engine: 'tesseract' });
      }
    } finally {
      await pool.terminate();
    }
  });

  describe('read by tesseract.js', () => {
    let worker: Worker;
    beforeAll(async () => {
      const dir = await defaultLanguageDir();
      await prepareLanguageDir(dir, ['chi_sim', 'eng'], true);
      worker = await createWorker(['chi_sim', 'eng'], OEM.LSTM_ONLY, { langPath: dir, gzip: true, cacheMethod: 'none', workerPath: join(__dirname, '..', '..', 'checks', 'ocr-worker-entry.js') });
      await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO });
    });
    afterAll(async () => { await worker.terminate(); });

    it.each([['reference.png', 'as-is'], ['reference.png', 'grey-upscaled'], ['draft-q90.jpg', 'grey-upscaled']] as const)(
      '%s (%s) reads the same text and confidence from the PNM as from the PNG', async (name, preparation) => {
        const asPng = await prepareOcrImage(fixture(name), preparation);
        const asPnm = await prepareOcrImage(fixture(name), preparation, { format: 'pnm' });
        const fromPng = (await worker.recognize(asPng.image)).data;
        const fromPnm = (await worker.recognize(asPnm.image)).data;
        expect(fromPng.text).toContain('Summer Sale');
        expect([fromPnm.text, fromPnm.confidence]).toEqual([fromPng.text, fromPng.confidence]);
      });

    it('keeps its first pixels out of the 500 bytes tesseract.js searches for an EXIF orientation tag, and reads as drawn', async () => {
      // a light page with a dark line of text; its first row starts with the bytes 1 18 0 3 0 0 0 1 0 6 (orientation 6 = 90°)
      const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="120"><rect width="640" height="120" fill="#fff"/><text x="20" y="80" font-family="DejaVu Sans, sans-serif" font-size="44" fill="#000">Orientation 42</text></svg>';
      const { data, info } = await sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
      data.set([1, 18, 0, 3, 0, 0, 0, 1, 0, 6], 0);
      const unpadded = Buffer.concat([Buffer.from(`P5\n${info.width} ${info.height}\n255\n`, 'latin1'), data]);
      expect(unpadded.subarray(0, 500).join(' ')).toMatch(/1 18 0 3 0 0 0 1 0 6/); // what tesseract.js would take for a tag
      const padded = pnm(data, info.width, info.height, 1);
      expect(padded.subarray(0, 500).join(' ')).not.toMatch(/1 18 0 3 0 0 0 1 0 \d/);
      expect((await worker.recognize(padded)).data.text.trim()).toBe('Orientation 42');
    });
  });
});
