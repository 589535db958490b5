import { evaluateOcrRules } from '../../core/checks/ocr-rules';

const OCR_TEXT = '双 十 一  全场 ５ 折\nSummer  Sale 50% OFF\n';

describe('evaluateOcrRules', () => {
  it('passes when every required phrase appears, whatever the width, case and spacing', () => {
    expect(evaluateOcrRules(OCR_TEXT, { mustContain: ['双十一', '5折', 'summer sale', '５０％ off'] }))
      .toEqual({ passed: true, reasons: [] });
  });

  it('ignores spaces OCR dropped between Latin words', () => {
    expect(evaluateOcrRules('台灯DeskLamp', { mustContain: ['Desk Lamp'] }).passed).toBe(true);
  });

  it('names each missing phrase', () => {
    expect(evaluateOcrRules(OCR_TEXT, { mustContain: ['双十二', '5折', 'Winter'] }).reasons).toEqual([
      { code: 'TEXT_MISSING', phrase: '双十二', message: 'Required text "双十二" was not found in the image' },
      { code: 'TEXT_MISSING', phrase: 'Winter', message: 'Required text "Winter" was not found in the image' },
    ]);
  });

  it('names each forbidden phrase that appears', () => {
    const result = evaluateOcrRules('Summer Sale TODO: price', { mustNotContain: ['todo', 'Lorem'] });
    expect(result.passed).toBe(false);
    expect(result.reasons).toEqual([{ code: 'TEXT_FORBIDDEN', phrase: 'todo', message: 'Forbidden text "todo" appears in the image' }]);
  });

  it("finds a required phrase in either engine's reading, and a forbidden one in either", () => {
    const readings = ['ACME 商城 Summer Sale 50% OFP', '双十一 Summer Sale 50% OFF'];
    expect(evaluateOcrRules(readings, { mustContain: ['50% OFF', 'ACME'] })).toEqual({ passed: true, reasons: [] });
    expect(evaluateOcrRules(readings, { mustNotContain: ['OFP'] }).reasons).toEqual([
      { code: 'TEXT_FORBIDDEN', phrase: 'OFP', message: 'Forbidden text "OFP" appears in the image' },
    ]);
    expect(evaluateOcrRules(readings, { mustContain: ['60%'] }).reasons.map((r) => r.phrase)).toEqual(['60%']);
  });

  it('skips empty phrases and passes without rules', () => {
    expect(evaluateOcrRules('', { mustContain: ['', '  '], mustNotContain: [''] })).toEqual({ passed: true, reasons: [] });
    expect(evaluateOcrRules('anything', {})).toEqual({ passed: true, reasons: [] });
  });
});
