/**
 * The OCR check's second engine for real: PaddleOCR PP-OCRv4 through ONNX
 * Runtime (one worker thread) behind the tesseract.js pool, on corpus images.
 * Tens of seconds: the models and the tesseract workers load once per pool.
 */
import { join } from 'node:path';
import { normaliseText } from '../../core/checks/text-normalise';
import { createOcrPool, type OcrPool } from '../../checks/ocr-pool';
import { createPaddleOcr, secondEngineEnabled, type PaddleOcr } from '../../checks/paddle-ocr';

jest.setTimeout(180_000);

const corpus = (name: string): string => join(__dirname, '..', 'fixtures', 'ocr-corpus', name);
const images = (name: string): string => join(__dirname, '..', 'fixtures', 'images', name);

describe('OCR pool with PaddleOCR as second engine', () => {
  let paddle: PaddleOcr;
  let pool: OcrPool;
  beforeAll(() => {
    paddle = createPaddleOcr();
    pool = createOcrPool({ size: 2, secondEngine: paddle });
  });
  afterAll(async () => { await pool.terminate(); });

  it("reads a blurred photo of a simplified-Chinese line with PaddleOCR's reading where tesseract is unsure", async () => {
    const result = await pool.recognize(corpus('line-zh-Hans-04-photo.jpg'), ['chi_sim', 'eng']);
    expect(result.engine).toBe('paddleocr');
    expect(normaliseText(result.text)).toBe(normaliseText('会员专享 额外九折'));
    expect(result.languages).toEqual(['chi_sim', 'eng']);
  });

  it('never asks PaddleOCR for a check that names Traditional Chinese', async () => {
    const before = paddle.load();
    const result = await pool.recognize(corpus('line-zh-Hant-01.png'), ['chi_tra', 'eng']);
    expect(result.engine).toBe('tesseract');
    expect(normaliseText(result.text)).toBe(normaliseText('全館五折 限時搶購'));
    expect(paddle.load()).toEqual(before);
  });

  it('gives the same error codes as before for corrupt, unsupported and oversized images, without reaching PaddleOCR', async () => {
    const threads = paddle.threadsStarted();
    const failures = paddle.failures();
    await expect(pool.recognize(images('truncated.png'), ['chi_sim', 'eng'])).rejects.toMatchObject({ name: 'CheckInputError', code: 'IMAGE_DECODE_FAILED' });
    await expect(pool.recognize(images('text-named.png'), ['eng'])).rejects.toMatchObject({ name: 'CheckInputError', code: 'IMAGE_UNSUPPORTED_FORMAT' });
    await expect(pool.recognize(images('over-limit.png'), ['eng'], { name: 'big.png' })).rejects.toMatchObject({ name: 'CheckInputError', code: 'IMAGE_TOO_LARGE' });
    expect(paddle.threadsStarted()).toBe(threads);
    expect(paddle.failures()).toBe(failures);
  });
});

describe('OCR pool when PaddleOCR fails', () => {
  it("keeps tesseract's reading when PaddleOCR times out, and counts the failure", async () => {
    const lines: string[] = [];
    const paddle = createPaddleOcr({ createTimeoutMs: 1, log: (line) => lines.push(line) });
    const pool = createOcrPool({ size: 1, secondEngine: paddle });
    try {
      const result = await pool.recognize(corpus('line-zh-Hans-04-photo.jpg'), ['chi_sim', 'eng']);
      expect(result.engine).toBe('tesseract');
      expect(paddle.failures()).toBe(1);
      expect(paddle.load()).toEqual({ busy: 0, waiting: 0 });
      expect(lines).toEqual(["[ocr] PaddleOCR, the OCR check's second engine, could not start: loading PaddleOCR took over 1 ms. OCR checks read with tesseract alone; next try in 600 s"]);
    } finally {
      await pool.terminate();
    }
  });

  it('reads with tesseract alone when a model file is missing: one log line, no thread started again until the retry time', async () => {
    const lines: string[] = [];
    const missing = join(__dirname, 'no-such-model.onnx');
    const paddle = createPaddleOcr({ models: { detectionPath: missing }, log: (line) => lines.push(line) });
    const pool = createOcrPool({ size: 1, secondEngine: paddle });
    try {
      await pool.warm(['chi_sim', 'eng']); // the engine's failure does not fail the warm-up
      const first = await pool.recognize(corpus('line-zh-Hans-04-photo.jpg'), ['chi_sim', 'eng']);
      const second = await pool.recognize(corpus('line-zh-Hans-04-photo.jpg'), ['chi_sim', 'eng']);
      expect([first.engine, second.engine]).toEqual(['tesseract', 'tesseract']);
      expect(first.text).toBe(second.text);
      expect(paddle.threadsStarted()).toBe(1);
      expect(paddle.failures()).toBe(2);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^\[ocr\] PaddleOCR, the OCR check's second engine, could not start: PaddleOCR could not load its models: .*no-such-model\.onnx.*\. OCR checks read with tesseract alone; next try in 600 s$/);
    } finally {
      await pool.terminate();
    }
  });
});

describe('OCR_SECOND_ENGINE', () => {
  it('is paddleocr unless set to off, and refuses other values naming them', () => {
    expect(secondEngineEnabled({})).toBe(true);
    expect(secondEngineEnabled({ OCR_SECOND_ENGINE: ' PaddleOCR ' })).toBe(true);
    expect(secondEngineEnabled({ OCR_SECOND_ENGINE: 'off' })).toBe(false);
    expect(() => secondEngineEnabled({ OCR_SECOND_ENGINE: 'easyocr' })).toThrow('OCR_SECOND_ENGINE must be paddleocr or off (found "easyocr")');
  });

  it('off: a pool made with the defaults has no second engine', () => {
    const before = process.env.OCR_SECOND_ENGINE;
    process.env.OCR_SECOND_ENGINE = 'off';
    try {
      expect(createOcrPool({ size: 1 }).secondEngine).toBeUndefined();
    } finally {
      if (before === undefined) delete process.env.OCR_SECOND_ENGINE;
      else process.env.OCR_SECOND_ENGINE = before;
    }
  });
});
