import { defineMessages } from '../lib/i18n';
import { useSingleKeyShortcuts } from '../lib/keyboard';

const useT = defineMessages(
  { label: '单键快捷键', hint: '关闭后，a/r/j/k 等单键不再触发操作（适合语音输入或易误触的情况）。' },
  { label: 'Single-key shortcuts', hint: 'When off, single keys such as a/r/j/k do nothing (for speech input or accidental key presses).' },
);

/** The on/off switch for single-character shortcuts (WCAG 2.1.4), shown where the shortcuts act and in Settings. */
export function ShortcutsSwitch({ withHint = false }: { withHint?: boolean }) {
  const t = useT();
  const [on, setOn] = useSingleKeyShortcuts();
  return (
    <label className="shortcuts-switch small">
      <input type="checkbox" role="switch" checked={on} onChange={(e) => setOn(e.target.checked)} aria-checked={on} />
      <span>{t('label')}</span>
      {withHint && <span className="muted small"> — {t('hint')}</span>}
    </label>
  );
}
