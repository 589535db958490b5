import type { SopDefinition } from '../../../../core/sop/types';
import { personName, type AuditEvent } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { formatDateTime } from '../../lib/time';
import { useSession } from '../auth/session-context';
import { eventSentence, type SentenceContext } from './event-sentence';
import { useTimelineT } from './timeline-messages';

/** Step titles and reason labels from the job's SOP version (node ids and codes when it is not known). */
function definitionLookups(definition: SopDefinition | null | undefined): Pick<SentenceContext, 'stepTitle' | 'reasonLabel'> {
  const nodes = new Map((definition?.nodes ?? []).map((n) => [n.id, n]));
  return {
    stepTitle: (nodeId) => nodes.get(nodeId)?.title ?? nodeId,
    reasonLabel: (nodeId, code) => {
      const node = nodeId ? nodes.get(nodeId) : undefined;
      const reasons = node && 'reasons' in node ? (node.reasons ?? []) : [];
      return reasons.find((r) => r.code === code)?.label ?? code;
    },
  };
}

/** The job's audit trail in words, oldest first, with an icon, the time in the viewer's zone, the raw type and the hash link. */
export function EventTimeline({ events, definition }: { events: AuditEvent[]; definition?: SopDefinition | null }) {
  const { locale } = useLocale();
  const { zone } = useSession();
  const t = useTimelineT();
  const ctx: SentenceContext = { ...definitionLookups(definition), time: (iso) => formatDateTime(iso, zone, locale) };
  return (
    <ol className="timeline">
      {events.map((e) => {
        const who = e.actor ? personName(e.actor) : '';
        const actorName = who && who !== '—' && who !== 'workflow' ? who : t('system');
        const s = eventSentence({ type: e.type, actorName, data: e.data as Record<string, unknown> | null | undefined }, ctx);
        const params = { ...s.params, ...(s.outcomeKey ? { outcome: t(s.outcomeKey) } : {}), ...(s.statusKey ? { status: t(s.statusKey) } : {}) };
        return (
          <li key={e.seq} className={`tl-${e.type.split('.')[0] ?? 'event'}`}>
            <span className="tl-dot" aria-hidden="true" />
            <div className="tl-body">
              <div className="tl-head">
                <span className="tl-icon" aria-hidden="true">
                  {s.icon}
                </span>
                <strong className="tl-text">{s.key ? t(s.key, params) : e.type}</strong>
                <span className="muted small">{formatDateTime(e.at, zone, locale)}</span>
              </div>
              <div className="muted small tl-meta">
                <code title={t('rawType')}>{e.type}</code>
                {e.hash && (
                  <span className="tl-hash mono" title={`${e.prevHash ?? ''} → ${e.hash}`}>
                    {' '}
                    · #{e.seq} {e.hash.slice(0, 12)}
                  </span>
                )}
              </div>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
