/**
 * The pure parts of `GET /api/me/tasks`: the opaque cursor round-trips and refuses
 * anything it did not write; `due` windows count days in the caller's time zone.
 */
import { HttpProblem } from '../../api/http/problem';
import { decodeTaskCursor, encodeTaskCursor } from '../../api/jobs/task-cursor';
import { dueWindow } from '../../api/routes/me-routes';

describe('the task cursor', () => {
  test('decodes to the item it was made from, with or without a deadline', () => {
    for (const item of [{ overdue: true, dueAt: '2026-01-01T03:00:00.250Z', id: 'stx0001draft' }, { overdue: false, dueAt: null, id: 'c1' }]) {
      expect(decodeTaskCursor(encodeTaskCursor(item))).toEqual(item);
    }
  });

  test.each([
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('yesterday|x').toString('base64url')],
    ['a wrong flag', Buffer.from(JSON.stringify([2, null, 'x'])).toString('base64url')],
    ['overdue without a deadline', Buffer.from(JSON.stringify([1, null, 'x'])).toString('base64url')],
    ['an impossible date', Buffer.from(JSON.stringify([0, '2026-13-45T00:00:00.000Z', 'x'])).toString('base64url')],
    ['a date without milliseconds', Buffer.from(JSON.stringify([0, '2026-01-01T00:00:00Z', 'x'])).toString('base64url')],
    ['an empty id', Buffer.from(JSON.stringify([0, null, ''])).toString('base64url')],
    ['an id too long', Buffer.from(JSON.stringify([0, null, 'x'.repeat(129)])).toString('base64url')],
    ['an id with NUL', Buffer.from(JSON.stringify([0, null, 'a\u0000b'])).toString('base64url')],
    ['30 February', Buffer.from(JSON.stringify([1, '2024-02-30T00:00:00.000Z', 'x'])).toString('base64url')],
    ['year 0', Buffer.from(JSON.stringify([1, '0000-01-01T00:00:00.000Z', 'x'])).toString('base64url')],
    ['four elements', Buffer.from(JSON.stringify([0, null, 'x', 1])).toString('base64url')],
  ])('refuses %s with 422 cursor-invalid', (_name, cursor) => {
    let thrown: unknown;
    try {
      decodeTaskCursor(cursor);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HttpProblem);
    expect((thrown as HttpProblem).status).toBe(422);
    expect((thrown as HttpProblem).code).toBe('cursor-invalid');
  });
});

describe('due windows', () => {
  const now = new Date('2026-12-02T15:30:00.000Z'); // 23:30 in Shanghai, 15:30 in London

  test('overdue is everything before now', () => {
    expect(dueWindow('overdue', now, 'Asia/Shanghai')).toEqual({ from: null, to: now });
  });

  test('today and week end at the caller\'s local midnight', () => {
    expect(dueWindow('today', now, 'Asia/Shanghai')).toEqual({ from: now, to: new Date('2026-12-02T16:00:00.000Z') });
    expect(dueWindow('week', now, 'Asia/Shanghai')).toEqual({ from: now, to: new Date('2026-12-08T16:00:00.000Z') });
    expect(dueWindow('today', now, 'Europe/London')).toEqual({ from: now, to: new Date('2026-12-03T00:00:00.000Z') });
  });

  test('an unknown zone counts days in UTC', () => {
    expect(dueWindow('today', now, 'Mars/Olympus')).toEqual({ from: now, to: new Date('2026-12-03T00:00:00.000Z') });
  });
});
