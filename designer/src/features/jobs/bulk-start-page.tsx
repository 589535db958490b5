import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import { downloadUrl } from '../../lib/download-file';
import { listItems, type SopSummary } from '../../lib/api-types';
import type { components } from '../../lib/api-schema';
import { problemOf, type Problem } from '../../lib/problem';
import { Link } from '../../lib/router';
import { apiKey } from '../../lib/query-client';
import { useResource } from '../../lib/use-resource';
import { useBulkT } from './bulk-start-messages';

type Report = components['schemas']['BulkStartReport'];
type Run = components['schemas']['BulkStartRun'];

function sheetForm(file: File, dryRun: boolean, zip?: File): FormData {
  const form = new FormData();
  form.append('file', file, file.name);
  if (zip) form.append('references', zip, zip.name);
  form.append('dryRun', String(dryRun));
  return form;
}

/** The bulk run `runId`, read every second while it runs (no live event reports its progress). */
function useRunProgress(runId: string | undefined): Run | undefined {
  const path = runId ? `/jobs/bulk/runs/${encodeURIComponent(runId)}` : null;
  return useQuery({
    queryKey: apiKey(path),
    queryFn: ({ signal }) => apiRequest<Run>(path!, { signal }),
    enabled: path !== null,
    refetchInterval: (query) => (query.state.data && query.state.data.status !== 'running' ? false : 1000),
  }).data;
}

/** Owners start many jobs from a spreadsheet: template, reference files, the dry-run report, then the run with its progress. */
export function BulkStartPage() {
  const t = useBulkT();
  const sops = listItems<SopSummary>(useResource<unknown>('/sops').data).filter((s) => s.latestVersion);
  const [sopKey, setSopKey] = useState('');
  const [uploaded, setUploaded] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  const [sheet, setSheet] = useState<File>();
  const [zip, setZip] = useState<File>();
  const [report, setReport] = useState<Report>();
  const [runId, setRunId] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const run = useRunProgress(runId);
  const running = !!runId && (!run || run.status === 'running');

  const template = (format: 'csv' | 'xlsx') =>
    downloadUrl(`/api/jobs/bulk/template?sop=${encodeURIComponent(sopKey)}&format=${format}`, `bulk-start-${sopKey}.${format}`).catch((e: unknown) => setProblem(problemOf(e)));

  const uploadReferences = async (files: FileList) => {
    setUploading(true);
    try {
      for (const file of Array.from(files)) {
        const form = new FormData();
        form.append('file', file, file.name);
        const stored = await apiRequest<{ name: string }>('/files', { method: 'POST', body: form });
        setUploaded((names) => [...names, stored.name]);
      }
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setUploading(false);
    }
  };

  const check = (file: File | undefined, references = zip) => {
    if (!file) return;
    setSheet(file);
    setReport(undefined);
    setRunId(undefined);
    setProblem(undefined);
    setBusy(true);
    apiRequest<Report>('/jobs/bulk', { method: 'POST', body: sheetForm(file, true, references) })
      .then(setReport)
      .catch((e: unknown) => setProblem(problemOf(e)))
      .finally(() => setBusy(false));
  };

  const start = () => {
    if (!sheet) return;
    setBusy(true);
    setProblem(undefined);
    apiRequest<Run>('/jobs/bulk', { method: 'POST', body: sheetForm(sheet, false, zip) })
      .then((created) => setRunId(created.id))
      .catch((e: unknown) => setProblem(problemOf(e)))
      .finally(() => setBusy(false));
  };

  return (
    <div className="page narrow">
      <header className="page-head">
        <div>
          <h1>{t('title')}</h1>
          <p className="muted">{t('subtitle')}</p>
        </div>
      </header>
      {problem && <ProblemBanner problem={problem} title={t('failedTitle')} onDismiss={() => setProblem(undefined)} />}
      <section className="card card-pad stack">
        <h2>{t('template')}</h2>
        <p className="muted">{t('templateHint')}</p>
        <div className="row">
          <select aria-label={t('sop')} value={sopKey} onChange={(e) => setSopKey(e.target.value)}>
            <option value="">{t('pick')}</option>
            {sops.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name ?? s.key}
              </option>
            ))}
          </select>
          <button type="button" className="btn" disabled={!sopKey} onClick={() => void template('csv')}>{t('csv')}</button>
          <button type="button" className="btn" disabled={!sopKey} onClick={() => void template('xlsx')}>{t('xlsx')}</button>
        </div>
      </section>
      <section className="card card-pad stack">
        <h2>{t('references')}</h2>
        <p className="muted">{t('referencesHint')}</p>
        <input type="file" multiple aria-label={t('references')} onChange={(e) => e.target.files?.length && void uploadReferences(e.target.files)} />
        {uploading && <span className="field-hint">{t('uploading')}</span>}
        <label className="field">
          <span>{t('zip')}</span>
          <input
            type="file"
            accept=".zip,application/zip"
            disabled={busy || running}
            onChange={(e) => {
              const chosen = e.target.files?.[0];
              setZip(chosen);
              check(sheet, chosen); // a sheet already checked is checked again with the zip
            }}
          />
        </label>
        {uploaded.length > 0 && <ul className="mono">{uploaded.map((name, i) => <li key={`${name}-${i}`}>✓ {name}</li>)}</ul>}
      </section>
      <section className="card card-pad stack">
        <h2>{t('sheet')}</h2>
        <input type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-label={t('sheet')} disabled={busy || running} onChange={(e) => check(e.target.files?.[0])} />
        {busy && !report && <span className="field-hint">{t('checking')}</span>}
        {report && (
          <>
            <p role="status">{t('summary', { rows: report.summary.rows, ready: report.summary.ready, existing: report.summary.existing, invalid: report.summary.invalid })}</p>
            {report.problems.length > 0 && (
              <table className="table" aria-label={t('problems')}>
                <thead>
                  <tr><th>{t('row')}</th><th>{t('column')}</th><th>{t('reason')}</th></tr>
                </thead>
                <tbody>
                  {report.problems.map((p, i) => (
                    <tr key={i}>
                      <td>{p.row}</td>
                      <td className="mono">{p.column}</td>
                      <td>{p.message} <span className="muted mono">({p.code})</span></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {!runId && (
              <div className="row">
                <button type="button" className="btn primary" disabled={busy || report.summary.ready === 0} onClick={start}>{t('start', { n: report.summary.ready })}</button>
                {report.summary.invalid > 0 && <span className="field-hint">{t('startHint')}</span>}
              </div>
            )}
          </>
        )}
      </section>
      {runId && <RunProgress run={run} />}
    </div>
  );
}

function RunProgress({ run }: { run: Run | undefined }) {
  const t = useBulkT();
  if (!run) return <section className="card card-pad"><progress aria-label={t('progress')} /></section>;
  return (
    <section className="card card-pad stack">
      <h2>{t('results')} · {t(run.status)}</h2>
      <progress aria-label={t('progress')} value={run.done} max={run.total} />
      <p role="status">{t('progressText', { done: run.done, total: run.total })} — {t('resultSummary', { started: run.summary.started, skipped: run.summary.skipped, failed: run.summary.failed })}</p>
      <table className="table" aria-label={t('results')}>
        <thead>
          <tr><th>{t('row')}</th><th>{t('code')}</th><th>{t('status')}</th><th>{t('reason')}</th></tr>
        </thead>
        <tbody>
          {run.rows.map((r) => (
            <tr key={r.row}>
              <td>{r.row}</td>
              <td className="mono">{r.jobId ? <Link to={`/jobs/${encodeURIComponent(r.jobId)}`}>{r.code}</Link> : r.code}</td>
              <td>{t(r.status)}</td>
              <td>{(r.problems ?? []).map((p) => `${p.column}: ${p.message}`).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
