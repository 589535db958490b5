/** Whether a key event comes from a field that takes text (single-key shortcuts must not fire there). */
export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return !!target.closest('input, textarea, select, [contenteditable="true"]');
}
