import { useCallback, useRef, useState, type RefObject } from 'react';

export interface Copy {
  /** `yes` once copied; `failed` when the browser refused (the field is then selected for Ctrl+C). */
  copied: 'yes' | 'failed' | undefined;
  /** The read-only field holding the text (selected when copying fails). */
  fieldRef: RefObject<HTMLInputElement | null>;
  copy: (text: string) => void;
  reset: () => void;
}

/** Copying a one-time link or secret to the clipboard, falling back to selecting it. */
export function useCopy(): Copy {
  const fieldRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  const copy = useCallback((text: string) => {
    const writing = navigator.clipboard?.writeText(text) ?? Promise.reject(new Error('no clipboard'));
    writing.then(
      () => setCopied('yes'),
      () => {
        setCopied('failed');
        fieldRef.current?.select();
      },
    );
  }, []);
  const reset = useCallback(() => setCopied(undefined), []);
  return { copied, fieldRef, copy, reset };
}
