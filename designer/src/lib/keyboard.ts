import { useCallback, useSyncExternalStore } from 'react';

/** Whether a key event comes from a field that takes text (single-key shortcuts must not fire there). */
export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return !!target.closest('input, textarea, select, [contenteditable="true"]');
}

/**
 * Single-character shortcuts (QA's a/r/j/k, the viewer's +/-/0) can be turned
 * off (WCAG 2.1.4 Character Key Shortcuts): speech-input users and people who
 * brush keys must not approve or reject by accident. The choice is kept in
 * this browser and applies to every tab at once.
 */
const STORAGE_KEY = 'sop.shortcuts';
const CHANGED = 'sop-shortcuts-changed';

export function singleKeyShortcutsOn(): boolean {
  return typeof localStorage === 'undefined' || localStorage.getItem(STORAGE_KEY) !== 'off';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('storage', onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

/** `[on, setOn]`: whether single-key shortcuts act, and the switch. */
export function useSingleKeyShortcuts(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(subscribe, singleKeyShortcutsOn, () => true);
  const setOn = useCallback((next: boolean) => {
    if (next) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, 'off');
    window.dispatchEvent(new Event(CHANGED));
  }, []);
  return [on, setOn];
}

/** Whether a key event should trigger a single-key shortcut: shortcuts on, no modifier, not typed into a field. */
export function isSingleKeyShortcut(e: KeyboardEvent, on: boolean): boolean {
  return on && !e.ctrlKey && !e.metaKey && !e.altKey && !isEditableTarget(e.target);
}
