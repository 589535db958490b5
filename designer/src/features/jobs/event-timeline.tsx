import { personName, type AuditEvent } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { formatDateTime } from '../../lib/time';
import { useSession } from '../auth/session-context';

function summary(e: AuditEvent): string {
  const d = e.data ?? {};
  return ['nodeId', 'outcome', 'round', 'period', 'decision', 'status', 'role', 'reason']
    .filter((k) => d[k] !== undefined && d[k] !== null)
    .map((k) => `${k}=${String(d[k])}`)
    .join(' · ');
}

/** The job's audit trail, oldest first, with each event's hash link. */
export function EventTimeline({ events }: { events: AuditEvent[] }) {
  const { locale } = useLocale();
  const { zone } = useSession();
  return (
    <ol className="timeline">
      {events.map((e) => (
        <li key={e.seq} className={`tl-${e.type.split('.')[0] ?? 'event'}`}>
          <span className="tl-dot" aria-hidden="true" />
          <div className="tl-body">
            <div className="tl-head">
              <strong>{e.type}</strong>
              <span className="muted small">{formatDateTime(e.at, zone, locale)}</span>
            </div>
            <div className="muted small">
              {personName(e.actor ?? undefined)}
              {summary(e) ? ` · ${summary(e)}` : ''}
            </div>
            {e.hash && (
              <div className="tl-hash mono" title={`${e.prevHash ?? ''} → ${e.hash}`}>
                #{e.seq} {e.hash.slice(0, 12)}
              </div>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
