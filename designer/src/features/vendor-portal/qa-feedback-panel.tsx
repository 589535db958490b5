import type { SopDefinition } from '../../../../core/sop/types';
import { useLocale } from '../../lib/i18n';
import { formatDateTime } from '../../lib/time';
import { useOptionalResource } from '../../lib/use-optional-resource';
import { usePagedList } from '../../lib/use-paged-list';
import { useSession } from '../auth/session-context';
import { feedbackFromEvents, feedbackFromReviews } from './qa-feedback';
import { useVendorT } from './vendor-messages';

/** QA's decisions on this job with reason labels and comments, newest first. */
const eventKey = (e: unknown) => String((e as { seq?: unknown }).seq);

export function QaFeedbackPanel({ jobId, definition }: { jobId: string; definition?: SopDefinition | null }) {
  const t = useVendorT();
  const { locale } = useLocale();
  const { zone } = useSession();
  const base = `/jobs/${encodeURIComponent(jobId)}`;
  const reviews = useOptionalResource<unknown>(`${base}/reviews`, 30_000);
  const events = usePagedList<unknown>(reviews.absent ? `${base}/events` : null, 200, 30_000, eventKey);
  const items = reviews.absent ? feedbackFromEvents(events.items, definition) : feedbackFromReviews(reviews.data, definition);
  if (items.length === 0) return <p className="muted small">{t('noFeedback')}</p>;
  return (
    <ol className="qa-feedback">
      {items.map((f) => (
        <li key={f.key} className={`qa-feedback-item ${f.decision}`}>
          <div className="row spread">
            <span className={`badge ${f.decision === 'approved' ? 'status-completed' : 'status-failed'}`}>{t(f.decision)}</span>
            <span className="muted small">
              {f.step} · {t('round', { round: f.round })} · {formatDateTime(f.at, zone, locale)}
            </span>
          </div>
          {f.reasons.length > 0 && (
            <ul className="reason-chips" aria-label={t('reasonsLabel')}>
              {f.reasons.map((r) => (
                <li key={r.code} className="reason-chip" title={r.code}>
                  {r.label}
                </li>
              ))}
            </ul>
          )}
          {f.comment && <blockquote className="qa-comment">{f.comment}</blockquote>}
          {f.reviewer && <span className="muted small">— {f.reviewer}</span>}
        </li>
      ))}
    </ol>
  );
}
