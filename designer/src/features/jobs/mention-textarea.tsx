import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { activeMention, insertMention, mentionSuggestions, type MentionPerson } from './mention-query';
import { useCommentT } from './comment-messages';

interface Props {
  value: string;
  onChange(value: string): void;
  people: readonly MentionPerson[];
  label: string;
  placeholder: string;
}

/** The comment box: typing `@` offers the people the writer may mention (arrow keys, Enter or Tab to pick, Escape to close). */
export function MentionTextarea({ value, onChange, people, label, placeholder }: Props) {
  const t = useCommentT();
  const listId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  // Where the caret goes once a picked mention is in the box: set in the same commit as the new text,
  // so a keystroke right after the pick lands after the mention, never before it.
  const pendingCaret = useRef<number | undefined>(undefined);
  useLayoutEffect(() => {
    if (pendingCaret.current === undefined || !ref.current) return;
    ref.current.focus();
    ref.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = undefined;
  }, [value]);
  const [closedAt, setClosedAt] = useState<number>();
  const typing = activeMention(value, caret);
  const suggestions = typing && typing.start !== closedAt ? mentionSuggestions(people, typing.query) : [];
  const open = suggestions.length > 0;
  const highlighted = Math.min(active, suggestions.length - 1);

  const pick = (person: MentionPerson) => {
    if (!typing) return;
    const next = insertMention(value, typing.start, caret, person.name);
    onChange(next.text);
    setCaret(next.caret);
    setActive(0);
    pendingCaret.current = next.caret;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((highlighted + step + suggestions.length) % suggestions.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      pick(suggestions[highlighted]!);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setClosedAt(typing?.start);
    }
  };

  return (
    <div className="mention-box">
      <textarea
        ref={ref}
        aria-label={label}
        placeholder={placeholder}
        rows={2}
        value={value}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open ? `${listId}-${highlighted}` : undefined}
        onChange={(e) => {
          onChange(e.target.value);
          setCaret(e.target.selectionStart ?? e.target.value.length);
          setActive(0);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label={t('suggestions')} className="mention-suggestions" hidden={!open}>
        {suggestions.map((p, i) => (
          <li
            key={p.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === highlighted}
            className={i === highlighted ? 'active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(p);
            }}
          >
            {p.name} <span className="muted small">{p.staff ? t('staff') : t('vendorSide')}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
