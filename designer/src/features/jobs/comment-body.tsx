import { splitMentions, type MentionPerson } from './mention-query';

/** A comment's text with the mentions the server resolved highlighted. */
export function CommentBody({ body, mentions }: { body: string; mentions: readonly MentionPerson[] }) {
  return (
    <p className="comment-body">
      {splitMentions(body, mentions).map((part, i) =>
        'mention' in part ? (
          <mark key={i} className="mention" title={part.mention.name}>{part.text}</mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}
