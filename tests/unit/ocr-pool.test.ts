/**
 * Real OCR (tesseract.js wasm, packaged language data) on the fixture banners.
 * A few seconds: workers start once per file and are reused.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normaliseText } from '../../core/checks/text-normalise';
import { evaluateOcrRules } from '../../core/checks/ocr-rules';
import { createOcrPool, type OcrPool } from '../../checks/ocr-pool';
import { parseOcrLanguages } from '../../checks/ocr-languages';

jest.setTimeout(60_000);

const DIR = join(__dirname, '..', 'fixtures', 'images');
const fixture = (name: string): string => join(DIR, name);
const golden = JSON.parse(readFileSync(fixture('expected.json'), 'utf8')) as {
  ocr: Array<{ image: string; languages: string[]; contains: string[] }>;
};

describe('OCR pool', () => {
  let pool: OcrPool;
  beforeAll(() => { pool = createOcrPool({ size: 2 }); });
  afterAll(async () => { await pool.terminate(); });

  it.each(golden.ocr.map((c) => [c.image, c] as const))('reads the expected Chinese and English text in %s', async (_image, c) => {
    const result = await pool.recognize(fixture(c.image), c.languages);
    // tesseract's reading has every phrase, spaces included; where PaddleOCR's replaced it (it drops Latin word
    // spaces, and read OFF as OFP in reference.png), the OCR check's rule still finds each in the two readings
    const tesseract = normaliseText(result.tesseractText ?? result.text);
    for (const phrase of c.contains) expect(tesseract).toContain(normaliseText(phrase));
    expect(evaluateOcrRules([result.text, result.tesseractText ?? ''], { mustContain: c.contains })).toEqual({ passed: true, reasons: [] });
    expect(result.languages).toEqual(c.languages);
    expect(result.confidence).toBeGreaterThan(70);
  });

  it('keeps Chinese characters together without spaces', async () => {
    const result = await pool.recognize(fixture('reference.png'), 'chi_sim+eng');
    expect(result.text).toContain('双十一');
    expect(result.text).toContain('Summer Sale');
  });

  it('rejects a corrupt image with a CheckInputError and keeps working', async () => {
    await expect(pool.recognize(fixture('truncated.png'))).rejects.toMatchObject({ name: 'CheckInputError', code: 'IMAGE_DECODE_FAILED' });
    await expect(pool.recognize(fixture('text-named.png'))).rejects.toMatchObject({ code: 'IMAGE_UNSUPPORTED_FORMAT' });
    const result = await pool.recognize(fixture('reference.png'), ['eng']);
    expect(result.text).toContain('Summer Sale');
  });

  it('runs more jobs than workers, all of them', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => pool.recognize(fixture('draft-word.png'), ['chi_sim', 'eng'])));
    for (const r of results) expect(r.text).toContain('60%');
  });

  it('refuses unknown languages before any work', async () => {
    await expect(pool.recognize(fixture('reference.png'), 'eng+klingon')).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });
});

describe('OCR pool failure modes', () => {
  it('survives an image that tesseract itself cannot read', async () => {
    const raw = createOcrPool({ size: 1, prepare: false });
    try {
      await expect(raw.recognize(Buffer.from('definitely not an image'), ['eng'])).rejects.toMatchObject({ name: 'CheckInputError', code: 'OCR_IMAGE_UNREADABLE' });
      const result = await raw.recognize(fixture('reference.png'), ['eng']);
      expect(result.text).toContain('Summer Sale');
    } finally {
      await raw.terminate();
    }
  });

  it('fails fast with a clear error when a language file is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'tessdata-empty-'));
    const pool = createOcrPool({ size: 1, languageDir: empty, createTimeoutMs: 5_000 });
    try {
      const started = Date.now();
      await expect(pool.recognize(fixture('reference.png'), ['chi_tra'])).rejects.toMatchObject({
        code: 'OCR_LANGUAGE_MISSING',
        message: `OCR language data for chi_tra not found: ${join(empty, 'chi_tra.traineddata.gz')}`,
      });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await pool.terminate();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('reports an unreadable language file as an error instead of crashing or hanging', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessdata-bad-'));
    require('node:fs').writeFileSync(join(dir, 'eng.traineddata.gz'), Buffer.from('not gzip and not traineddata'));
    const pool = createOcrPool({ size: 1, languageDir: dir, createTimeoutMs: 10_000 });
    try {
      await expect(pool.recognize(fixture('reference.png'), ['eng'])).rejects.toMatchObject({ code: 'OCR_LANGUAGE_MISSING' });
    } finally {
      await pool.terminate();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseOcrLanguages', () => {
  it('parses a plus-joined list and removes repeats', () => {
    expect(parseOcrLanguages('eng+chi_sim+eng')).toEqual(['eng', 'chi_sim']);
  });

  it('names the bad value', () => {
    expect(() => parseOcrLanguages('eng+fr')).toThrow('OCR languages must be among eng, chi_sim, chi_tra joined by "+"; got "eng+fr"');
  });
});

describe('OCR pool warm-up', () => {
  it('starts a worker in every slot before any check, and checks then start none', async () => {
    const pool = createOcrPool({ size: 2 });
    try {
      expect(pool.workersStarted()).toBe(0);
      await pool.warm();
      expect(pool.workersStarted()).toBe(2);
      const results = await Promise.all([pool.recognize(fixture('reference.png')), pool.recognize(fixture('draft-word.png'), ['chi_sim', 'eng'])]);
      expect(results[0].text).toContain('双十一');
      expect(results[1].text).toContain('60%');
      expect(pool.workersStarted()).toBe(2);
    } finally {
      await pool.terminate();
    }
  });

  it('lets a check that arrives during the warm-up wait for a warm worker instead of starting another', async () => {
    const pool = createOcrPool({ size: 1 });
    try {
      const warming = pool.warm(['chi_sim', 'eng']);
      const result = await pool.recognize(fixture('reference.png'), ['chi_sim', 'eng']);
      await warming;
      expect(result.text).toContain('Summer Sale');
      expect(pool.workersStarted()).toBe(1);
    } finally {
      await pool.terminate();
    }
  });
});
