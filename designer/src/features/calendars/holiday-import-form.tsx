import { useId, useState, type FormEvent } from 'react';
import { apiRequest } from '../../lib/api-client';
import { problemOf, type Problem } from '../../lib/problem';
import { useCalendarT } from './calendar-messages';
import { CalendarProblem } from './calendar-problem';
import type { HolidayImport } from './calendar-types';

function importForm(file: File, year: string, dryRun: boolean, basedOn?: number): FormData {
  const form = new FormData();
  form.append('file', file);
  if (year.trim()) form.append('year', year.trim());
  form.append('dryRun', String(dryRun));
  if (basedOn !== undefined) form.append('basedOn', String(basedOn));
  return form;
}

/**
 * The official holiday schedule of a year, from a file the owner uploads: a preview first (what
 * the file adds and removes), then the import, stored only on the version the preview was made on.
 */
export function HolidayImportForm({ calendarKey, onImported, onRefresh }: { calendarKey: string; onImported: (message: string) => void; onRefresh: () => void }) {
  const t = useCalendarT();
  const id = useId();
  const [file, setFile] = useState<File>();
  const [year, setYear] = useState('');
  const [preview, setPreview] = useState<HolidayImport>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ problem: Problem; title: string }>();
  const path = `/calendars/${encodeURIComponent(calendarKey)}/holiday-import`;

  const send = (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setProblem(undefined);
    apiRequest<HolidayImport>(path, { method: 'POST', body: importForm(file, year, dryRun, dryRun ? undefined : preview?.basedOn) })
      .then((answer) => {
        if (dryRun) return setPreview(answer);
        setPreview(undefined);
        setFile(undefined);
        onImported(t('imported', { year: answer.year, version: answer.version?.version ?? '', jobs: answer.jobsRetimed ?? 0 }));
      })
      .catch((err: unknown) => setProblem({ problem: problemOf(err), title: dryRun ? t('previewFailed') : t('importFailed') }))
      .finally(() => setBusy(false));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send(true);
  };
  const unchanged = preview && [preview.holidays, preview.makeUpWorkdays].every((c) => c.added.length === 0 && c.removed.length === 0);

  return (
    <form className="stack" aria-label={t('importTitle')} onSubmit={submit}>
      <h2>{t('importTitle')}</h2>
      <p className="muted small settings-hint">{t('importHint')}</p>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('file')}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".json,.csv,application/json,text/csv"
            onChange={(e) => {
              setFile(e.target.files?.[0]);
              setPreview(undefined);
              setProblem(undefined);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-year`}>{t('year')}</label>
          <input id={`${id}-year`} inputMode="numeric" maxLength={4} value={year} onChange={(e) => { setYear(e.target.value); setPreview(undefined); }} />
        </div>
      </div>
      <div className="row">
        <button type="submit" className="btn" disabled={!file || busy}>
          {busy && !preview ? t('previewing') : t('preview')}
        </button>
      </div>
      {preview && (
        <section className="stack holiday-preview" aria-label={t('previewOf', { year: preview.year, version: preview.basedOn })}>
          <strong>{t('previewOf', { year: preview.year, version: preview.basedOn })}</strong>
          {unchanged ? (
            <p className="muted">{t('nothingChanges')}</p>
          ) : (
            <dl className="kv calendar-spec">
              <Change label={t('holidaysChange')} change={preview.holidays} />
              <Change label={t('makeUpChange')} change={preview.makeUpWorkdays} />
            </dl>
          )}
          <div className="row">
            <button type="button" className="btn primary" disabled={busy || unchanged} onClick={() => send(false)}>
              {busy ? t('importing') : t('confirm')}
            </button>
            <button type="button" className="btn ghost" onClick={() => setPreview(undefined)}>
              {t('cancel')}
            </button>
          </div>
        </section>
      )}
      {problem && <CalendarProblem problem={problem.problem} title={problem.title} onRefresh={onRefresh} />}
    </form>
  );
}

function Change({ label, change }: { label: string; change: { added: string[]; removed: string[] } }) {
  const t = useCalendarT();
  const list = (dates: string[]) => (dates.length === 0 ? t('noDates') : dates.join(' '));
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <div>
          {t('added')}: <span className="mono">{list(change.added)}</span>
        </div>
        <div>
          {t('removed')}: <span className="mono">{list(change.removed)}</span>
        </div>
      </dd>
    </>
  );
}
