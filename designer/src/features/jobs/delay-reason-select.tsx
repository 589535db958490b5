import { useId } from 'react';
import type { DelayReason } from '../../lib/api-types';
import { pick, useLocale } from '../../lib/i18n';
import { useResource } from '../../lib/use-resource';
import { useJobT } from './job-messages';

/** The active delay reasons that apply to job `jobId` (its owner organisation's catalogue), for a form that must name why something is late. */
export function useDelayReasons(jobId: string): DelayReason[] | undefined {
  const { data } = useResource<{ items: DelayReason[] }>(`/jobs/${encodeURIComponent(jobId)}/delay-reasons`);
  return data?.items.filter((r) => r.active);
}

/** A required reason select and an optional note. */
export function DelayReasonFields({ reasons, reason, note, onReason, onNote }: {
  reasons: DelayReason[] | undefined; reason: string; note: string; onReason: (code: string) => void; onNote: (text: string) => void;
}) {
  const t = useJobT();
  const { locale } = useLocale();
  const id = useId();
  return (
    <div className="grid-2">
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('delayReason')}</label>
        <select id={`${id}-reason`} name="reason" required value={reason} onChange={(e) => onReason(e.target.value)} disabled={!reasons}>
          <option value="">{t('chooseReason')}</option>
          {(reasons ?? []).map((r) => (
            <option key={r.code} value={r.code}>
              {pick(r.labels, locale, r.code)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('delayNote')}</label>
        <input id={`${id}-note`} name="note" maxLength={2000} value={note} onChange={(e) => onNote(e.target.value)} />
      </div>
    </div>
  );
}
