import { useState } from 'react';
import { EmptyState, Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { StatusBadge } from '../../components/status-badge';
import type { JobStatusName, JobSummary } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { problemOf } from '../../lib/problem';
import { Link, useRouter } from '../../lib/router';
import { formatDateTime } from '../../lib/time';
import { usePagedList } from '../../lib/use-paged-list';
import { useDebounced } from '../../lib/use-debounced';
import { searchParamOf } from '../../lib/search-param';
import { LoadMore } from '../../components/load-more';
import { hasRole, useSession } from '../auth/session-context';
import { useStartT } from './start-job-messages';
import { useBulkT } from './bulk-start-messages';
import { useJobT } from './job-messages';
import { stepTitle } from '../../lib/step-title';

const STATUSES: Array<JobStatusName | ''> = ['', 'running', 'stuck', 'completed', 'cancelled', 'failed'];

export function JobListPage() {
  const t = useJobT();
  const { locale } = useLocale();
  const { zone, me } = useSession();
  const ts = useStartT();
  const tb = useBulkT();
  const [status, setStatus] = useState<JobStatusName | ''>('');
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  // A drill-down from the vendor report links here with `?vendorOrgId=`.
  const vendorOrgId = useRouter().search.get('vendorOrgId');
  const params = new URLSearchParams();
  if (status) params.set('status', status);
  if (vendorOrgId) params.set('vendorOrgId', vendorOrgId);
  const searched = searchParamOf(q);
  if (searched) params.set('q', searched);
  const query = params.toString();
  const list = usePagedList<JobSummary>(`/jobs${query ? `?${query}` : ''}`, 50, 30_000);
  const { error, loading } = list;
  const jobs = list.items;
  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>{t('jobs')}</h1>
          <p className="muted">{t('jobsSubtitle')}</p>
        </div>
        <div className="row">
        <input
          type="search"
          className="search-box"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t('search')}
          aria-label={t('search')}
          maxLength={200}
        />
        {hasRole(me, 'owner', 'admin') && (
          <>
            <Link to="/jobs/new" className="btn primary">
              + {ts('newJob')}
            </Link>
            <Link to="/jobs/bulk" className="btn">
              {tb('bulkStart')}
            </Link>
          </>
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
      {loading && jobs.length === 0 ? (
        <Loading label={t('loading')} />
      ) : jobs.length === 0 ? (
        <div className="card">
          <EmptyState title={q ? t('noMatch', { q }) : t('empty')} />
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
      <LoadMore shown={jobs.length} hasMore={list.hasMore} loading={list.loadingMore} onMore={list.loadMore} />
    </div>
  );
}
