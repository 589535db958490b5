import { useId, useState } from 'react';
import { Card } from '../../components/card';
import { EmptyState, Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import { listItems } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { problemOf, type Problem } from '../../lib/problem';
import { Link } from '../../lib/router';
import { formatDateTime } from '../../lib/time';
import { useResource } from '../../lib/use-resource';
import { useSession } from '../auth/session-context';
import { CONFIG_CHANNELS, type Delivery, type DeliveryStatus } from './notification-types';
import { useSettingsT } from './settings-messages';

const STATUSES: DeliveryStatus[] = ['failed', 'pending', 'sent'];
const CHANNELS = [...CONFIG_CHANNELS, 'inbox'] as const;

/** Who or what a delivery went to: the e-mail address, else the robot/webhook config, else the person. */
export function recipientOf(d: Delivery): string {
  if (d.to) return d.to;
  if (d.config) return d.config.name ? `${d.config.name} (${d.config.target})` : d.config.target;
  return d.userId ?? '—';
}

/** Admins: outbox deliveries (failed ones first) with the receiver's error, and Retry once the cause is fixed. */
export function DeliveriesPanel() {
  const t = useSettingsT();
  const id = useId();
  const { locale } = useLocale();
  const { zone } = useSession();
  const [status, setStatus] = useState<DeliveryStatus>('failed');
  const [channel, setChannel] = useState('');
  // No live event reports a delivery's outcome: this list polls even while the stream is connected.
  const list = useResource<unknown>(`/notifications/deliveries?status=${status}${channel ? `&channel=${channel}` : ''}&limit=100`, 30_000, { alwaysPoll: true });
  const [busy, setBusy] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [problem, setProblem] = useState<Problem>();
  const items = listItems<Delivery>(list.data);
  const subjectOf = (d: Delivery) => d.subject ?? d.kind;

  const retry = (d: Delivery) => {
    setBusy(d.id);
    setNotice(undefined);
    setProblem(undefined);
    apiRequest<Delivery>(`/notifications/deliveries/${encodeURIComponent(d.id)}/retry`, { method: 'POST' })
      .then(() => setNotice(t('retried', { subject: subjectOf(d) })))
      .catch((err: unknown) => setProblem(problemOf(err)))
      .finally(() => {
        setBusy(undefined);
        list.reload();
      });
  };

  return (
    <Card
      title={t('deliveriesTitle')}
      aside={
        <button type="button" className="btn small ghost" onClick={list.reload}>
          ↻ {t('refresh')}
        </button>
      }
    >
      <div className="stack">
        <p className="muted small settings-hint">{t('deliveriesHint')}</p>
        <div className="row filters">
          <div className="field">
            <label htmlFor={`${id}-status`}>{t('filterStatus')}</label>
            <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as DeliveryStatus)}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-channel`}>{t('filterChannel')}</label>
            <select id={`${id}-channel`} value={channel} onChange={(e) => setChannel(e.target.value)}>
              <option value="">{t('allChannels')}</option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`channel.${c}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {notice && <div className="success" role="status">{notice}</div>}
        {problem && <ProblemBanner problem={problem} title={t('retryFailed')} onDismiss={() => setProblem(undefined)} />}
        {list.error ? (
          <ProblemBanner problem={problemOf(list.error)} title={t('loadFailed')} />
        ) : !list.data ? (
          <Loading label={t('loading')} />
        ) : items.length === 0 ? (
          <EmptyState title={status === 'failed' ? t('noFailed') : t('noDeliveries')} />
        ) : (
          <div className="table-wrap">
            <table className="table compact delivery-table">
              <caption className="sr-only">{t('deliveriesTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('when')}</th>
                  <th scope="col">{t('channel')}</th>
                  <th scope="col">{t('to')}</th>
                  <th scope="col">{t('subject')}</th>
                  <th scope="col">{t('attempts')}</th>
                  <th scope="col">{status === 'failed' ? t('error') : t('status')}</th>
                  <th scope="col">{t('actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((d) => (
                  <tr key={d.id}>
                    <td className="nowrap">{formatDateTime(d.createdAt, zone, locale)}</td>
                    <td>{t(`channel.${d.channel}`)}</td>
                    <td className="break">{recipientOf(d)}</td>
                    <td className="mono break">{subjectOf(d)}</td>
                    <td>{t('attemptsN', { n: d.attempts })}</td>
                    <td className="break">
                      {d.status === 'failed' ? (
                        <code className="delivery-error">{d.lastError ?? '—'}</code>
                      ) : (
                        <span className="stack tight">
                          <span className={`badge status-${d.status === 'pending' ? 'active' : 'done'}`}>{t(`status.${d.status}`)}</span>
                          <span className="muted small">
                            {d.status === 'pending' ? t('nextAttempt', { time: formatDateTime(d.nextAttemptAt, zone, locale) }) : t('sentAt', { time: formatDateTime(d.sentAt, zone, locale) })}
                          </span>
                        </span>
                      )}
                    </td>
                    <td>
                      <div className="row">
                        {d.status === 'failed' && (
                          <button type="button" className="btn small" disabled={busy === d.id} aria-label={t('retryLabel', { subject: subjectOf(d), to: recipientOf(d) })} onClick={() => retry(d)}>
                            {t('retry')}
                          </button>
                        )}
                        {d.jobId && (
                          <Link to={`/jobs/${encodeURIComponent(d.jobId)}`} className="btn small ghost" title={d.job?.title} aria-label={d.job ? `${t('openJob')} ${d.job.code}` : undefined}>
                            {d.job?.code ?? t('openJob')}
                          </Link>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </Card>
  );
}
