import { join } from 'node:path';
import { createOcrPool, type OcrPool } from '../../checks/ocr-pool';
import { runOcrCheck, toChanges } from '../../checks/ocr-check';

jest.setTimeout(60_000);

const fixture = (name: string): string => join(__dirname, '..', 'fixtures', 'images', name);

describe('OCR check', () => {
  let pool: OcrPool;
  beforeAll(() => { pool = createOcrPool({ size: 2 }); });
  afterAll(async () => { await pool.terminate(); });

  it('passes when the required words are there and the forbidden ones are not', async () => {
    const result = await runOcrCheck({
      pool, draft: fixture('reference.png'), languages: ['chi_sim', 'eng'],
      mustContain: ['双十一', '5折', 'Summer Sale'], mustNotContain: ['TODO', '60%'],
    });
    expect(result).toMatchObject({ passed: true, reasons: [], languages: ['chi_sim', 'eng'] });
  });

  it('fails with a reason per missing or forbidden phrase', async () => {
    const result = await runOcrCheck({
      pool, draft: fixture('draft-word.png'), languages: ['chi_sim', 'eng'], mustContain: ['50%'], mustNotContain: ['60%'],
    });
    expect(result.passed).toBe(false);
    expect(result.reasons.map((r) => r.code)).toEqual(['TEXT_MISSING', 'TEXT_FORBIDDEN']);
  });

  it('finds the changed word when compared with the reference design', async () => {
    const result = await runOcrCheck({
      pool, draft: fixture('draft-word.png'), reference: fixture('reference.png'), languages: ['chi_sim', 'eng'], compareWithReference: true,
    });
    expect(result.passed).toBe(false);
    expect(result.reasons).toEqual([{
      code: 'TEXT_DIFFERS_FROM_REFERENCE',
      message: 'Text differs from the reference: "50" → "60"',
      changes: [{ expected: '50', found: '60' }],
    }]);
  });

  it('passes the comparison for a re-encoded copy of the reference', async () => {
    const result = await runOcrCheck({
      pool, draft: fixture('draft-q90.jpg'), reference: fixture('reference.png'), languages: ['chi_sim', 'eng'], compareWithReference: true,
    });
    expect(result.comparison?.identical).toBe(true);
    expect(result.passed).toBe(true);
  });

  it('needs a reference to compare with', async () => {
    await expect(runOcrCheck({ pool, draft: fixture('reference.png'), compareWithReference: true }))
      .rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });
});

describe('toChanges', () => {
  it('pairs a deletion with the insertion after it and keeps lone ones', () => {
    expect(toChanges([
      { op: 'equal', text: 'a' }, { op: 'delete', text: '50' }, { op: 'insert', text: '60' },
      { op: 'insert', text: 'new' }, { op: 'equal', text: 'b' }, { op: 'delete', text: 'gone' },
    ])).toEqual([{ expected: '50', found: '60' }, { expected: '', found: 'new' }, { expected: 'gone', found: '' }]);
  });
});
