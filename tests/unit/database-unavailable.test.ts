/**
 * isDatabaseUnavailable: the errors a restarting PostgreSQL produces through
 * Prisma's driver adapter answer 503, not 500. The chaos run (scripts/chaos)
 * saw Prisma report a server still replaying its WAL as SQLSTATE 57P03 in the
 * message only.
 */
import { isDatabaseUnavailable } from '../../api/http/database-unavailable';

test('a server still starting after a crash (57P03 "not yet accepting connections", in the message only) is unavailable', () => {
  const error = Object.assign(new Error('\nInvalid `prisma.session.findUnique()` invocation:\n\nDatabase error. Code: `57P03`. Message: `the database system is not yet accepting connections`'), { code: 'P2010' });
  expect(isDatabaseUnavailable(error)).toBe(true);
});

test.each([
  'Database error. Code: `57P01`. Message: `terminating connection due to unexpected postmaster exit`',
  'terminating connection due to unexpected postmaster exit',
  'Client has encountered a connection error and is not queryable',
])('a connection the crash cut is unavailable: %s', (message) => {
  expect(isDatabaseUnavailable(new Error(message))).toBe(true);
});

test('a transaction that found no free connection in time (P2028, nothing written) is unavailable: retry', () => {
  const error = Object.assign(new Error('Transaction API error: Unable to start a transaction in the given time.'), { code: 'P2028' });
  expect(isDatabaseUnavailable(error)).toBe(true);
});

test('a query error of our own stays a 500', () => {
  expect(isDatabaseUnavailable(Object.assign(new Error('column "x" does not exist'), { code: '42703' }))).toBe(false);
});
