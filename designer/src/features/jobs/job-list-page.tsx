import { useState } from 'react';
import { EmptyState, Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { StatusBadge } from '../../components/status-badge';
import { listItems, type JobStatusName, type JobSummary } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { problemOf } from '../../lib/problem';
import { Link } from '../../lib/router';
import { formatDateTime } from '../../lib/time';
import { useResource } from '../../lib/use-resource';
import { hasRole, useSession } from '../auth/session-context';
import { useStartT } from './start-job-messages';
import { useJobT } from './job-messages';
import { stepTitle } from '../../lib/step-title';

const STATUSES: Array<JobStatusName | ''> = ['', 'running', 'stuck', 'completed', 'cancelled', 'failed'];

export function JobListPage() {
  const t = useJobT();
  const { locale } = useLocale();
  const { zone, me } = useSession();
  const ts = useStartT();
  const [status, setStatus] = useState<JobStatusName | ''>('');
  const { data, error, loading } = useResource<unknown>(`/jobs?limit=100${status ? `&status=${status}` : ''}`, 30_000);
  const jobs = listItems<JobSummary>(data);
  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>{t('jobs')}</h1>
          <p className="muted">{t('jobsSubtitle')}</p>
        </div>
        <div className="row">
        {hasRole(me, 'owner', 'admin') && (
          <Link to="/jobs/new" className="btn primary">
            + {ts('newJob')}
          </Link>
        )}
        <div className="segmented" role="tablist" aria-label={t('status')}>
          {STATUSES.map((s) => (
            <button key={s || 'all'} type="button" role="tab" aria-selected={status === s} className={status === s ? 'on' : ''} onClick={() => setStatus(s)}>
              {s ? <StatusBadge status={s} /> : t('all')}
            </button>
          ))}
        </div>
        </div>
      </header>
      {error ? <ProblemBanner problem={problemOf(error)} /> : null}
      {loading && !data ? (
        <Loading label={t('loading')} />
      ) : jobs.length === 0 ? (
        <div className="card">
          <EmptyState title={t('empty')} />
        </div>
      ) : (
        <div className="card table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t('code')}</th>
                <th>{t('title')}</th>
                <th>{t('vendor')}</th>
                <th>{t('sop')}</th>
                <th>{t('status')}</th>
                <th>{t('active')}</th>
                <th>{t('at')}</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id}>
                  <td>
                    <span className="job-code">{j.code}</span>
                  </td>
                  <td>
                    <Link to={`/jobs/${encodeURIComponent(j.id)}`} className="strong-link">
                      {j.title}
                    </Link>
                  </td>
                  <td>{j.vendorOrg?.name ?? '—'}</td>
                  <td className="mono muted">
                    {j.sop.key} v{j.sop.version}
                  </td>
                  <td>
                    <StatusBadge status={j.status} />
                  </td>
                  <td className="small">{(j.activeSteps ?? []).map((s) => (typeof s === 'string' ? s : stepTitle(s))).join(', ') || '—'}</td>
                  <td className="muted small">{formatDateTime(j.createdAt, zone, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
