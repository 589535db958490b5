import { chooseOcrReading, chooseWithSecondEngine, letterCount, SECOND_ENGINE_BELOW_CONFIDENCE, SECOND_ENGINE_LARGE_MEGAPIXELS, wantsSecondEngine } from '../../core/checks/ocr-reading-choice';

const reading = (text: string, confidence: number) => ({ text, confidence });

describe('chooseOcrReading', () => {
  it('keeps the most confident single-block reading, the first on a tie', () => {
    const first = reading('Summer Sale', 80);
    const retry = reading('Summer Sa1e', 80);
    const better = reading('Summer Sale!', 90);
    expect(chooseOcrReading([first, retry], reading('Summer', 99))).toBe(first);
    expect(chooseOcrReading([first, better], reading('Summer', 99))).toBe(better);
  });

  it('does not take the automatic reading for its confidence alone', () => {
    const first = reading('Summer Sale 50% OFF', 40);
    expect(chooseOcrReading([first], reading('Summer Sale 50% 0FF', 95))).toBe(first);
  });

  it('takes the automatic reading when it finds 1.2× the letters at most 10 points less sure', () => {
    const first = reading('双十一 全场5折 Summer Sale 50% OFF', 92); // 21 letters and digits
    const withFooter = reading('双十一 全场5折 Summer Sale 50% OFF 活动时间 11.01 www.example.com', 83);
    expect(chooseOcrReading([first], withFooter)).toBe(withFooter);
    expect(chooseOcrReading([first], { ...withFooter, confidence: 81 })).toBe(first);
    expect(chooseOcrReading([first], reading('双十一 全场5折 Summer Sale 50% OFF 活动', 99))).toBe(first);
  });

  it('counts letters and digits of the normalised text, not spaces or punctuation', () => {
    expect(letterCount(' 5 折, OFF! ')).toBe(5);
  });
});

describe('wantsSecondEngine', () => {
  it('asks PaddleOCR under 1 MP when tesseract is under 90 confident and the check names no chi_tra', () => {
    expect(SECOND_ENGINE_BELOW_CONFIDENCE).toBe(90);
    expect(wantsSecondEngine(['chi_sim', 'eng'], reading('全场五折', 89.9), 0.99)).toBe(true);
    expect(wantsSecondEngine(['eng'], reading('', 0), 0.1)).toBe(true);
  });

  it('keeps tesseract alone under 1 MP at confidence 90 and above', () => {
    expect(wantsSecondEngine(['chi_sim', 'eng'], reading('全场五折', 90), 0.5)).toBe(false);
    expect(wantsSecondEngine(['eng'], reading('Summer Sale', 97), 0.5)).toBe(false);
  });

  it('from 1 MP asks PaddleOCR only when tesseract read no letter or digit, however unsure', () => {
    expect(SECOND_ENGINE_LARGE_MEGAPIXELS).toBe(1);
    expect(wantsSecondEngine(['chi_sim', 'eng'], reading('双十 全场S折', 40), 2.07)).toBe(false);
    expect(wantsSecondEngine(['chi_sim', 'eng'], reading(' | — ', 12), 2.07)).toBe(true);
    expect(wantsSecondEngine(['chi_sim', 'eng'], reading('', 0), 1)).toBe(true);
  });

  it('never asks PaddleOCR for a check that names Traditional Chinese, however unsure tesseract is', () => {
    expect(wantsSecondEngine(['chi_tra', 'eng'], reading('全館', 10), 0.2)).toBe(false);
    expect(wantsSecondEngine(['chi_sim', 'chi_tra'], reading('', 0), 2.07)).toBe(false);
  });
});

describe('chooseWithSecondEngine', () => {
  it("keeps the second engine's reading", () => {
    const tesseract = reading('双十 全场S折', 60);
    const paddle = reading('双十一全场5折', 98);
    expect(chooseWithSecondEngine(tesseract, paddle)).toBe(paddle);
  });

  it('keeps the second engine even when it is less confident than tesseract', () => {
    const tesseract = reading('Summer Sa1e', 85);
    const paddle = reading('SummerSale', 70);
    expect(chooseWithSecondEngine(tesseract, paddle)).toBe(paddle);
  });

  it("keeps tesseract's reading when the second engine found no letter or digit", () => {
    const tesseract = reading('双十一', 40);
    expect(chooseWithSecondEngine(tesseract, reading('', 0))).toBe(tesseract);
    expect(chooseWithSecondEngine(tesseract, reading(' · — ', 55))).toBe(tesseract);
  });
});
