import { describe, expect, it } from 'vitest';
import { activeMention, insertMention, mentionSuggestions, splitMentions } from './mention-query';

describe('mention typing helpers', () => {
  it('finds the mention being typed at the caret, not inside an e-mail address or across a line', () => {
    expect(activeMention('hi @质检 Q', 9)).toEqual({ start: 3, query: '质检 Q' });
    expect(activeMention('mail a@b', 8)).toBeUndefined();
    expect(activeMention('@ann\nmore', 9)).toBeUndefined();
  });

  it('suggests names starting with the query before names containing it, and inserts the picked name', () => {
    const people = [{ id: '1', name: 'Max Quinn' }, { id: '2', name: 'Quinn' }];
    expect(mentionSuggestions(people, 'qu').map((p) => p.id)).toEqual(['2', '1']);
    expect(insertMention('a @qu b', 2, 5, 'Quinn')).toEqual({ text: 'a @Quinn  b', caret: 9 });
  });

  it('splits a body into text and the resolved mentions, longest name first', () => {
    expect(splitMentions('@Ann Lee and @Ann.', [{ id: 'a', name: 'Ann' }, { id: 'b', name: 'Ann Lee' }])).toEqual([
      { text: '@Ann Lee', mention: { id: 'b', name: 'Ann Lee' } },
      { text: ' and ' },
      { text: '@Ann', mention: { id: 'a', name: 'Ann' } },
      { text: '.' },
    ]);
  });
});
