import { useId, useState } from 'react';
import type { SopDefinition } from '../../../../core/sop/types';
import { EmptyState, Loading } from '../../components/empty-state';
import { LoadMore } from '../../components/load-more';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import type { JobSummary, SopDetail, SopMigration, SopVersion } from '../../lib/api-types';
import { problemOf, type Problem } from '../../lib/problem';
import { Link } from '../../lib/router';
import { stepTitle } from '../../lib/step-title';
import { useDebounced } from '../../lib/use-debounced';
import { searchParamOf } from '../../lib/search-param';
import { usePagedList } from '../../lib/use-paged-list';
import { useResource } from '../../lib/use-resource';
import { useMigrationT } from './migration-messages';
import { MigrationResults } from './migration-results';
import { StepMappingPicker, type StepMapping, type StepToMap } from './step-mapping-picker';

/** Node types a job can be waiting in (what a migration moves). */
const STEP_TYPES = new Set(['task', 'review', 'accept', 'wait']);

/** Steps of `from` that cannot continue on a step of the same id in `to` (missing there, or of another type), plus those a dry run refused. */
function stepsToMap(from: SopDefinition, to: SopDefinition, refused: ReadonlySet<string>): StepToMap[] {
  return from.nodes
    .filter((n) => STEP_TYPES.has(n.type) && (refused.has(n.id) || !to.nodes.some((m) => m.id === n.id && m.type === n.type)))
    .map((n) => ({ id: n.id, type: n.type, title: n.title || n.id }));
}

/**
 * Owners move the running jobs of one version of an SOP to another
 * (`POST /api/sops/:key/migrations`): pick the versions, the jobs (server-paged
 * list of the running jobs of the from-version, with search), map steps the new
 * version lacks, preview each job's plan (dry run), then run it for the jobs that
 * can move, and read each job's result.
 */
export function MigrateJobsPage({ sopKey }: { sopKey: string }) {
  const t = useMigrationT();
  const id = useId();
  const sopPath = `/sops/${encodeURIComponent(sopKey)}`;
  const sop = useResource<SopDetail>(sopPath);
  const versions = (sop.data?.versions ?? []).map((v) => v.version);
  const [fromChoice, setFrom] = useState<string>();
  const [toChoice, setTo] = useState<string>();
  const from = fromChoice ?? (versions[1] !== undefined ? String(versions[1]) : '');
  const to = toChoice ?? (versions[0] !== undefined ? String(versions[0]) : '');
  const fromDef = useResource<SopVersion>(from ? `${sopPath}/versions/${from}` : null).data?.definition;
  const toDef = useResource<SopVersion>(to ? `${sopPath}/versions/${to}` : null).data?.definition;
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const params = new URLSearchParams({ sop: sopKey, version: from, status: 'running' });
  const searched = searchParamOf(q);
  if (searched) params.set('q', searched);
  const list = usePagedList<JobSummary>(from ? `/jobs?${params.toString()}` : null, 50);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [mapping, setMapping] = useState<StepMapping>({});
  const [preview, setPreview] = useState<SopMigration>();
  const [result, setResult] = useState<SopMigration>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();

  const stale = () => {
    setPreview(undefined);
    setResult(undefined);
    setProblem(undefined);
  };
  const pickVersions = (nextFrom: string, nextTo: string) => {
    setFrom(nextFrom);
    setTo(nextTo);
    setSelected(new Set());
    setMapping({});
    stale();
  };
  const toggle = (ids: string[], on: boolean) => {
    const next = new Set(selected);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    setSelected(next);
    stale();
  };
  const send = (jobIds: string[], dryRun: boolean) => {
    setBusy(true);
    setProblem(undefined);
    const body = { fromVersion: Number(from), toVersion: Number(to), jobIds, ...(Object.keys(mapping).length > 0 ? { mapping } : {}), dryRun };
    apiRequest<SopMigration>(`${sopPath}/migrations`, { method: 'POST', body })
      .then((answer) => {
        if (dryRun) {
          setPreview(answer);
          return;
        }
        setPreview(undefined);
        setResult(answer);
        setSelected(new Set());
        list.reload();
      })
      .catch((e: unknown) => setProblem(problemOf(e)))
      .finally(() => setBusy(false));
  };

  if (sop.error) return <div className="page"><ProblemBanner problem={problemOf(sop.error)} /></div>;
  if (!sop.data) return <Loading label={t('loading')} />;
  const jobs = list.items;
  const shownIds = jobs.map((j) => j.id);
  const allShown = shownIds.length > 0 && shownIds.every((id) => selected.has(id));
  const refused = new Set((preview?.results ?? []).flatMap((r) => (r.refusals ?? []).flatMap((x) => (x.nodeId ? [x.nodeId] : []))));
  const planned = (preview?.results ?? []).filter((r) => r.status === 'planned').map((r) => r.jobId);
  const ready = from !== '' && to !== '' && from !== to;
  const versionSelect = (label: string, value: string, onChange: (v: string) => void) => (
    <div className="field">
      <label htmlFor={`${id}-${label}`}>{label}</label>
      <select id={`${id}-${label}`} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('pick')}</option>
        {versions.map((v) => (
          <option key={v} value={v}>{t('versionLabel', { version: v })}</option>
        ))}
      </select>
    </div>
  );
  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>{t('title')}</h1>
          <p className="muted">{t('subtitle', { sop: sop.data.name ?? sopKey })}</p>
        </div>
        <Link to={sopPath} className="btn">{t('back')}</Link>
      </header>
      <section className="card card-pad stack">
        <div className="row">
          {versionSelect(t('fromVersion'), from, (v) => pickVersions(v, to))}
          {versionSelect(t('toVersion'), to, (v) => pickVersions(from, v))}
        </div>
        {ready && fromDef && toDef && (
          <StepMappingPicker steps={stepsToMap(fromDef, toDef, refused)} target={toDef} mapping={mapping} invalid={refused} onChange={(next) => { setMapping(next); stale(); }} />
        )}
      </section>
      {from && (
        <section className="card stack" aria-label={t('jobs', { version: from })}>
          <div className="row card-pad">
            <h2>{t('jobs', { version: from })}</h2>
            <input type="search" className="search-box" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('search')} aria-label={t('search')} maxLength={200} />
          </div>
          {list.error ? <ProblemBanner problem={problemOf(list.error)} /> : null}
          {list.loading && jobs.length === 0 ? (
            <Loading label={t('loading')} />
          ) : jobs.length === 0 ? (
            <EmptyState title={t('noJobs')} />
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th><input type="checkbox" aria-label={t('selectAll')} checked={allShown} onChange={(e) => toggle(shownIds, e.target.checked)} /></th>
                    <th>{t('code')}</th>
                    <th>{t('jobTitle')}</th>
                    <th>{t('vendor')}</th>
                    <th>{t('active')}</th>
                  </tr>
                </thead>
                <tbody>
                  {jobs.map((j) => (
                    <tr key={j.id}>
                      <td><input type="checkbox" aria-label={t('select', { code: j.code })} checked={selected.has(j.id)} onChange={(e) => toggle([j.id], e.target.checked)} /></td>
                      <td className="job-code">{j.code}</td>
                      <td><Link to={`/jobs/${encodeURIComponent(j.id)}`}>{j.title}</Link></td>
                      <td>{j.vendorOrg?.name ?? '—'}</td>
                      <td className="small">{(j.activeSteps ?? []).map((s) => (typeof s === 'string' ? s : stepTitle(s))).join(', ') || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <LoadMore shown={jobs.length} hasMore={list.hasMore} loading={list.loadingMore} onMore={list.loadMore} />
          <div className="row card-pad">
            <span className="muted">{t('selected', { n: selected.size })}</span>
            <button type="button" className="btn" disabled={busy || !ready || selected.size === 0} onClick={() => send([...selected], true)}>{t('preview')}</button>
            <button type="button" className="btn primary" disabled={busy || !preview || planned.length === 0} onClick={() => send(planned, false)}>
              {busy && preview ? t('running') : t('run', { n: planned.length })}
            </button>
          </div>
        </section>
      )}
      {problem && <ProblemBanner problem={problem} onDismiss={() => setProblem(undefined)} />}
      {preview && <MigrationResults answer={preview} from={fromDef} to={toDef} />}
      {result && <MigrationResults answer={result} from={fromDef} to={toDef} />}
    </div>
  );
}
