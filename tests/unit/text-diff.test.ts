import { diffText, tokeniseText } from '../../core/checks/text-diff';

describe('tokeniseText', () => {
  it('splits Chinese into characters and Latin into words and punctuation', () => {
    expect(tokeniseText('双十一 Summer Sale 50% OFF').map((t) => t.text))
      .toEqual(['双', '十', '一', 'summer', 'sale', '50', '%', 'off']);
  });

  it('splits Chinese out of a run that mixes scripts', () => {
    expect(tokeniseText('ACME商城5折').map((t) => t.text)).toEqual(['acme', '商', '城', '5', '折']);
  });
});

describe('diffText', () => {
  it('finds texts identical despite width, case and spacing, keeping the reference spacing', () => {
    const result = diffText('双十一 全场５折\nSUMMER Sale', '双十一全场5折 summer   sale');
    expect(result.identical).toBe(true);
    expect(result.similarity).toBe(1);
    expect(result.ops).toEqual([{ op: 'equal', text: '双十一 全场5折 summer sale' }]); // spacing as in the reference
  });

  it('reports a changed Chinese character as a one-character replacement', () => {
    expect(diffText('双十一 全场5折', '双十二 全场5折').ops).toEqual([
      { op: 'equal', text: '双十' },
      { op: 'delete', text: '一' },
      { op: 'insert', text: '二' },
      { op: 'equal', text: '全场5折' },
    ]);
  });

  it('reports a changed English word as a whole word', () => {
    expect(diffText('Summer Sale 50% OFF', 'Summer Sale 60% OFF').ops).toEqual([
      { op: 'equal', text: 'summer sale' },
      { op: 'delete', text: '50' },
      { op: 'insert', text: '60' },
      { op: 'equal', text: '% off' },
    ]);
  });

  it('reports added and removed text and a similarity below 1', () => {
    const result = diffText('Summer Sale', 'Big Summer');
    expect(result.ops).toEqual([
      { op: 'insert', text: 'big' },
      { op: 'equal', text: 'summer' },
      { op: 'delete', text: 'sale' },
    ]);
    expect(result.similarity).toBe(0.5);
    expect(result.identical).toBe(false);
  });

  it('treats two empty texts as identical', () => {
    expect(diffText('', '  ')).toEqual({ identical: true, ops: [], similarity: 1 });
  });
});
