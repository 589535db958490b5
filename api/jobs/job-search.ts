import { unprocessable } from '../http/problem';

/** Words of a job search (`q`) beyond this answer 422 `search-too-long`: each is one more indexed lookup. */
export const MAX_SEARCH_WORDS = 5;

/** The words of a search `q` (job list, calendar list) split at spaces, refused when too many or all one character long. */
export function searchWordsOf(q: string | undefined): string[] {
  const search = (q ?? '').split(/\s+/u).filter((word) => word.length > 0);
  if (search.length > MAX_SEARCH_WORDS) throw unprocessable('search-too-long', `Search for at most ${MAX_SEARCH_WORDS} words at once.`, [{ path: 'query/q', message: `more than ${MAX_SEARCH_WORDS} words` }]);
  // A search of one-character words only matches nearly every row of five tables and no index can narrow it.
  if (search.length > 0 && search.every((word) => [...word].length < 2)) {
    throw unprocessable('search-word-too-short', 'Search for at least one word of 2 or more characters.', [{ path: 'query/q', message: 'only one-character words' }]);
  }
  return search;
}

/** `word` with LIKE's wildcards and escape character escaped, so it matches literally (Prisma's `contains` passes its operand to LIKE as is). */
export const likeLiteral = (word: string): string => word.replace(/[\\%_]/g, '\\$&');
