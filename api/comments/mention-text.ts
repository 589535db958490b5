/**
 * `@name` mentions in a comment body (pure). A mention is `@` followed by the
 * full name of one of the candidates (case-insensitive, the longest name that
 * fits wins, so `@质检 Quinn` beats a person called `质检`). An `@` inside a
 * word (an e-mail address: `a@b.test`) is no mention. A name ending in an
 * ASCII letter or digit must not run on into one (`@Ann` does not match
 * `@Anna`); CJK text may follow a name directly (`@外包方 A请看`).
 * Text after an `@` that names nobody in `candidates` is reported as
 * unresolved (up to the next space or punctuation), never guessed at.
 */
export interface MentionCandidate {
  id: string;
  name: string;
}

export interface MentionResult<P extends MentionCandidate> {
  /** Everyone mentioned, once each, in order of first mention (people sharing a mentioned name all count). */
  mentioned: P[];
  /** What followed an `@` that matched no candidate, once each. */
  unresolved: string[];
}

const ASCII_WORD = /[A-Za-z0-9]/;
const BEFORE_NO_MENTION = /[A-Za-z0-9._+-]/;
const UNRESOLVED_TOKEN = /^[^\s@,，。.!！?？:：;；、()（）[\]]+/u;

export function findMentions<P extends MentionCandidate>(body: string, candidates: readonly P[]): MentionResult<P> {
  const named = candidates.filter((c) => c.name.trim() !== '').sort((a, b) => b.name.length - a.name.length);
  const mentioned = new Map<string, P>();
  const unresolved = new Set<string>();
  const lower = body.toLowerCase();
  for (let i = body.indexOf('@'); i >= 0; i = body.indexOf('@', i + 1)) {
    if (i > 0 && BEFORE_NO_MENTION.test(body[i - 1]!)) continue;
    const rest = lower.slice(i + 1);
    const hit = named.find((c) => {
      const name = c.name.toLowerCase();
      if (!rest.startsWith(name)) return false;
      const next = rest[name.length];
      return next === undefined || !(ASCII_WORD.test(name.at(-1)!) && ASCII_WORD.test(next));
    });
    if (hit) {
      for (const c of named) if (c.name.toLowerCase() === hit.name.toLowerCase() && !mentioned.has(c.id)) mentioned.set(c.id, c);
      i += hit.name.length;
      continue;
    }
    const token = UNRESOLVED_TOKEN.exec(body.slice(i + 1))?.[0];
    if (token) unresolved.add(token);
  }
  return { mentioned: [...mentioned.values()], unresolved: [...unresolved] };
}
