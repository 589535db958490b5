import { chooseOcrReading, letterCount } from '../../core/checks/ocr-reading-choice';

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
