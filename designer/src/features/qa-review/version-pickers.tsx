import { useQaT } from './qa-messages';
import type { VersionOption } from './version-options';

interface Props {
  options: readonly VersionOption[];
  a?: string;
  b?: string;
  onChange: (pair: { a?: string; b?: string }) => void;
}

/** Two selects, A (the base, shown as the reference side) and B (shown as the draft side), and a swap button. */
export function VersionPickers({ options, a, b, onChange }: Props) {
  const t = useQaT();
  const label = (o: VersionOption) => `${o.kind === 'reference' ? t('reference') : `v${o.version}`} · ${o.name}`;
  const select = (side: 'a' | 'b', value: string | undefined) => (
    <label className="field inline">
      <span>{t(side === 'a' ? 'compareA' : 'compareB')}</span>
      <select value={value ?? ''} onChange={(e) => onChange({ a, b, [side]: e.target.value || undefined })}>
        <option value="">{t('chooseVersion')}</option>
        {options.map((o) => (
          <option key={o.fileId} value={o.fileId}>
            {label(o)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="row version-pickers" role="group" aria-label={t('compareVersions')}>
      {select('a', a)}
      <button type="button" className="btn small icon" aria-label={t('swap')} title={t('swap')} disabled={!a || !b} onClick={() => onChange({ a: b, b: a })}>
        ⇄
      </button>
      {select('b', b)}
    </div>
  );
}
