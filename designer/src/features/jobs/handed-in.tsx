import { useState } from 'react';
import { ProblemBanner } from '../../components/problem-banner';
import type { HandedIn } from '../../lib/api-types';
import { downloadStoredFile } from '../../lib/download-file';
import { useLocale } from '../../lib/i18n';
import { problemOf } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { useSession } from '../auth/session-context';
import { answerText } from './answer-text';
import { useJobT } from './job-messages';
import { useSubmissions } from './use-submissions';

/** A button that downloads a stored file (the token travels in a header, so no plain link). */
export function DownloadLink({ fileId, name }: { fileId: string; name: string }) {
  const t = useJobT();
  const [failed, setFailed] = useState(false);
  return (
    <>
      <button type="button" className="link-btn" title={t('downloadFile', { name })} onClick={() => void downloadStoredFile(fileId, name).then(() => setFailed(false), () => setFailed(true))}>
        {name}
      </button>
      {failed && <span className="field-error"> {t('downloadFailed')}</span>}
    </>
  );
}

/** One submission: who and when, the note, the checklist ticks, the form answers and the files. */
export function HandedInView({ submission: s, showStep }: { submission: HandedIn; showStep?: boolean }) {
  const t = useJobT();
  const { locale } = useLocale();
  const { zone } = useSession();
  return (
    <article className="handed-in stack tight" aria-label={`${s.stepTitle ?? s.nodeId} · ${t('round', { round: s.round })}`}>
      <header className="muted small">
        {showStep && <strong>{s.stepTitle ?? s.nodeId} · </strong>}
        {t('round', { round: s.round })} · {t('submittedBy', { name: s.submittedBy.name, time: formatDateTime(s.at, zone, locale) })}
      </header>
      <div>
        <h3>{t('submissionNote')}</h3>
        {s.note ? <p className="handed-note">{s.note}</p> : <p className="muted small">{t('noNote')}</p>}
      </div>
      {s.checklist.length > 0 && (
        <div>
          <h3>{t('submissionChecklist')}</h3>
          <ul className="handed-checklist">
            {s.checklist.map((i) => (
              <li key={i.id} className={i.ticked ? 'good' : 'bad'}>
                <span aria-label={i.ticked ? t('ticked') : t('notTicked')} role="img">{i.ticked ? '✓' : '✗'}</span> {i.label}
                {i.required && <span className="required-mark"> · {t('requiredItem')}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {s.form.length > 0 && (
        <div>
          <h3>{t('formAnswers')}</h3>
          <dl className="handed-answers">
            {s.form.map((q) => {
              const text = q.type === 'file' ? undefined : answerText(q, locale, { yes: t('yes'), no: t('no') });
              return (
                <div key={q.id}>
                  <dt>{q.label}</dt>
                  <dd>{q.file ? <DownloadLink fileId={q.file.id} name={q.file.name} /> : text ?? <span className="muted">{t('notAnswered')}</span>}</dd>
                </div>
              );
            })}
          </dl>
        </div>
      )}
      {s.files.length > 0 && (
        <div>
          <h3>{t('handedFiles')}</h3>
          <ul className="handed-files">
            {s.files.map((f) => (
              <li key={f.fileId}>
                <span className="muted small">{f.deliverable} v{f.version}</span> <DownloadLink fileId={f.fileId} name={f.name} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </article>
  );
}

/** The first (newest) submission of each step, given newest first. */
function latestPerStep(newestFirst: HandedIn[]): HandedIn[] {
  const seen = new Set<string>();
  return newestFirst.filter((s) => !seen.has(s.nodeId) && seen.add(s.nodeId));
}

/**
 * "What the vendor handed in": every submission of the job newest first, or
 * (`latestOf`) only the latest submission of those steps.
 */
export function HandedInPanel({ jobId, latestOf, refreshKey }: { jobId: string; latestOf?: readonly string[]; refreshKey?: string | number }) {
  // latestOf: the steps whose latest submission to show ([] = the latest of any step).
  const t = useJobT();
  const { items, error } = useSubmissions(jobId, refreshKey);
  if (error) return <ProblemBanner problem={problemOf(error)} title={t('submissionsFailed')} />;
  if (!items) return <p className="muted small">{t('loading')}</p>;
  const newestFirst = [...items].reverse();
  const shown = latestOf ? latestPerStep(newestFirst.filter((s) => latestOf.length === 0 || latestOf.includes(s.nodeId))) : newestFirst;
  if (shown.length === 0) return <p className="muted small">{t('noSubmissions')}</p>;
  return (
    <div className="stack">
      {shown.map((s) => (
        <HandedInView key={s.id} submission={s} showStep={!latestOf || shown.length > 1} />
      ))}
    </div>
  );
}
