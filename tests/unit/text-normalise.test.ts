import { isCjkChar, normaliseText } from '../../core/checks/text-normalise';

describe('normaliseText', () => {
  it.each([
    ['folds full-width digits, letters and percent to half-width', '全场５折 ＯＦＦ ５０％', '全场5折off 50%'],
    ['folds case', 'Summer SALE', 'summer sale'],
    ['collapses whitespace runs and line breaks to one space', '  Summer \n\t Sale  ', 'summer sale'],
    ['drops spaces OCR puts between Chinese characters', '双 十 一  全 场', '双十一全场'],
    ['drops spaces between Chinese and Latin text', '全场 5 折 ACME 商城', '全场5折acme商城'],
    ['turns the ideographic space into a dropped space next to CJK', '双十一\u3000全场', '双十一全场'],
    ['keeps spaces between Latin words', 'www example  com', 'www example com'],
  ])('%s', (_name, input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });
});

describe('isCjkChar', () => {
  it('recognises Han, kana and Hangul but not Latin letters or digits', () => {
    expect(['折', '體', 'か', 'カ', '한', '。'].every(isCjkChar)).toBe(true);
    expect(['a', '5', '%', ' '].some(isCjkChar)).toBe(false);
  });
});
