/** Words a list search sends at most (the API answers 422 `search-too-long` beyond: api/jobs/job-search.ts). */
const MAX_WORDS = 5;

/**
 * The `q` a search box sends to a searching list (`GET /api/jobs`, `GET /api/calendars`):
 * its first five words, or undefined while every word is one character long (the
 * server refuses such a search, which would match nearly everything: wait for more typing).
 */
export function searchParamOf(text: string): string | undefined {
  const words = text.trim().split(/\s+/u).filter(Boolean).slice(0, MAX_WORDS);
  return words.some((w) => [...w].length >= 2) ? words.join(' ') : undefined;
}
