import { useMemo } from 'react';
import { EmptyState, Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { GANTT_ZOOMS } from '../../components/gantt/gantt-layout';
import { listItems, type Org, type PortfolioBurndown, type PortfolioJob, type SopSummary } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { problemOf } from '../../lib/problem';
import { useRouter } from '../../lib/router';
import { useNow } from '../../lib/time';
import { usePagedList, type PageBody } from '../../lib/use-paged-list';
import { useResource } from '../../lib/use-resource';
import { fromLocalInput } from '../../lib/zoned-input';
import { useSession } from '../auth/session-context';
import { BurndownChart } from '../dashboard/burndown-chart';
import { filtersFromSearch, JOB_STATUSES, searchOf, type PortfolioFilters } from './portfolio-filters';
import { PortfolioGantt } from './portfolio-gantt';
import { usePortfolioT, type PortfolioKey } from './portfolio-messages';

const PAGE_SIZE = 100;

/** Portfolio (项目总览): the Gantt across jobs and the burndown of the same filter; the filters live in the URL. */
export function PortfolioPage() {
  const t = usePortfolioT();
  const { locale } = useLocale();
  const { zone } = useSession();
  const { search, navigate } = useRouter();
  const filters = filtersFromSearch(search);
  const set = (patch: Partial<PortfolioFilters>) => {
    const query = searchOf({ ...filters, ...patch });
    navigate(`/portfolio${query ? `?${query}` : ''}`, { replace: true });
  };
  const apiQuery = searchOf(filters, false);
  const list = usePagedList<PortfolioJob, PageBody<PortfolioJob> & { at: string }>(`/portfolio${apiQuery ? `?${apiQuery}` : ''}`, PAGE_SIZE, 60_000);
  const burndown = useResource<PortfolioBurndown>(`/portfolio/burndown${apiQuery ? `?${apiQuery}` : ''}`, 60_000);
  const sops = listItems<SopSummary>(useResource<unknown>('/sops').data);
  const vendors = listItems<Org>(useResource<unknown>('/orgs').data).filter((o) => o.kind === 'vendor');
  const now = useNow(60_000);
  const dayOf = (date: string) => fromLocalInput(`${date}T12:00`, zone)?.getTime() ?? 0;
  const days = burndown.data?.days ?? [];
  const counted = days.flatMap((d) => (d.open === null ? [] : [{ day: dayOf(d.date), open: d.open }]));
  const ideal = days.map((d) => ({ day: dayOf(d.date), open: d.ideal }));
  const problem = list.error ? problemOf(list.error) : burndown.error ? problemOf(burndown.error) : undefined;
  const jobs = useMemo(() => list.items, [list.items]);
  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>{t('title')}</h1>
          <p className="muted">{t('subtitle')}</p>
        </div>
      </header>
      <div className="row pf-filters">
        <select aria-label={t('sop')} value={filters.sop} onChange={(e) => set({ sop: e.target.value })}>
          <option value="">{t('allSops')}</option>
          {sops.map((s) => <option key={s.key} value={s.key}>{s.name}</option>)}
        </select>
        <select aria-label={t('vendor')} value={filters.vendor} onChange={(e) => set({ vendor: e.target.value })}>
          <option value="">{t('allVendors')}</option>
          {vendors.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
        </select>
        <select aria-label={t('status')} value={filters.status} onChange={(e) => set({ status: e.target.value })}>
          <option value="">{t('allStatuses')}</option>
          {JOB_STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}` as PortfolioKey)}</option>)}
        </select>
        <input type="date" aria-label={t('from')} value={filters.from} onChange={(e) => set({ from: e.target.value })} />
        <input type="date" aria-label={t('to')} value={filters.to} onChange={(e) => set({ to: e.target.value })} />
        <div className="segmented" role="tablist" aria-label={t('zoom')}>
          {GANTT_ZOOMS.map((z) => (
            <button key={z} type="button" role="tab" aria-selected={filters.zoom === z} className={filters.zoom === z ? 'on' : ''} onClick={() => set({ zoom: z })}>
              {t(`zoom.${z}` as PortfolioKey)}
            </button>
          ))}
        </div>
      </div>
      {problem && <ProblemBanner problem={problem} />}
      <section className="card">
        <h2>{t('gantt')} <span className="muted small">{t('jobs', { n: jobs.length })}</span></h2>
        {list.loading && jobs.length === 0 ? (
          <Loading label={t('loading')} />
        ) : jobs.length === 0 ? (
          <EmptyState title={t('empty')} />
        ) : (
          <PortfolioGantt jobs={jobs} now={now} zoom={filters.zoom} zone={zone} locale={locale} onOpen={(id) => navigate(`/jobs/${id}`)} />
        )}
        {list.hasMore && (
          <button type="button" className="btn small" onClick={list.loadMore} disabled={list.loadingMore}>
            {t('loadMore')}
          </button>
        )}
      </section>
      <section className="card">
        <h2>{t('burndown')}</h2>
        <p className="muted small">{t('burndownHint')}</p>
        <BurndownChart points={counted} ideal={ideal} idealLabel={t('ideal')} zone={zone} locale={locale} title={t('burndown')} seriesLabel={t('open')} />
      </section>
    </div>
  );
}
