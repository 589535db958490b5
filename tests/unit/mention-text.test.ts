import { findMentions } from '../../api/comments/mention-text';

const people = [
  { id: 'q', name: '质检 Quinn' },
  { id: 'q2', name: '质检' },
  { id: 'ann', name: 'Ann' },
  { id: 'anna', name: 'Anna' },
  { id: 'o', name: '流程负责人 Olivia' },
];
const ids = (body: string) => findMentions(body, people).mentioned.map((p) => p.id);

test('the longest fitting name wins and CJK text may follow a name directly', () => {
  expect(ids('@质检 Quinn请看')).toEqual(['q']);
  expect(ids('@质检请看')).toEqual(['q2']);
});

test('an ASCII name does not run on into a longer word; names match without regard to case', () => {
  expect(ids('@Anna hi')).toEqual(['anna']);
  expect(ids('@ann, @ANNA.')).toEqual(['ann', 'anna']);
  expect(findMentions('@Annabel', people)).toEqual({ mentioned: [], unresolved: ['Annabel'] });
});

test('each person counts once, an e-mail address is no mention, and unknown names are reported as typed', () => {
  expect(ids('@Ann @Ann 和 @流程负责人 Olivia')).toEqual(['ann', 'o']);
  expect(findMentions('write to ann@example.test', people)).toEqual({ mentioned: [], unresolved: [] });
  expect(findMentions('@采购 Pat，@nobody! @', people)).toEqual({ mentioned: [], unresolved: ['采购', 'nobody'] });
});

test('people sharing a mentioned name are all mentioned', () => {
  expect(findMentions('@Sam', [{ id: 'a', name: 'Sam' }, { id: 'b', name: 'sam' }]).mentioned.map((p) => p.id)).toEqual(['a', 'b']);
});
