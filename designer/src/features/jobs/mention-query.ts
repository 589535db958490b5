/**
 * The text side of @mentions in the comment box (pure): which mention the
 * caret is typing, inserting a picked name, and splitting a posted body into
 * plain text and highlighted mentions. The server decides who a mention
 * names (api/comments/mention-text.ts); this only helps typing and shows
 * the names the server resolved.
 */
export interface MentionPerson {
  id: string;
  name: string;
  staff?: boolean;
}

/** Longest text typed after `@` that still counts as a name being typed (names may hold spaces). */
const MAX_QUERY = 40;

/** The mention being typed at `caret`: where its `@` is and what follows it, or undefined. */
export function activeMention(text: string, caret: number): { start: number; query: string } | undefined {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return undefined;
  if (at > 0 && /[A-Za-z0-9._+-]/.test(before[at - 1]!)) return undefined; // an e-mail address
  const query = before.slice(at + 1);
  if (query.length > MAX_QUERY || /[\n@]/.test(query)) return undefined;
  return { start: at, query };
}

/** People whose name starts with (first) or contains `query`, at most `limit`. */
export function mentionSuggestions(people: readonly MentionPerson[], query: string, limit = 8): MentionPerson[] {
  const q = query.trim().toLowerCase();
  const starts = people.filter((p) => p.name.toLowerCase().startsWith(q));
  const contains = q ? people.filter((p) => !p.name.toLowerCase().startsWith(q) && p.name.toLowerCase().includes(q)) : [];
  return [...starts, ...contains].slice(0, limit);
}

/** `text` with the mention typed from `start` to `caret` replaced by `@name `; the new caret position. */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

export type BodyPart = { text: string } | { text: string; mention: MentionPerson };

/** `body` split into plain text and the `@name` mentions of `mentioned` (longest name first). */
export function splitMentions(body: string, mentioned: readonly MentionPerson[]): BodyPart[] {
  const named = [...mentioned].filter((p) => p.name).sort((a, b) => b.name.length - a.name.length);
  const parts: BodyPart[] = [];
  let plain = '';
  const lower = body.toLowerCase();
  for (let i = 0; i < body.length; i += 1) {
    if (body[i] === '@') {
      const hit = named.find((p) => lower.startsWith(p.name.toLowerCase(), i + 1));
      if (hit) {
        if (plain) parts.push({ text: plain });
        plain = '';
        parts.push({ text: body.slice(i, i + 1 + hit.name.length), mention: hit });
        i += hit.name.length;
        continue;
      }
    }
    plain += body[i];
  }
  if (plain) parts.push({ text: plain });
  return parts;
}
