import { useState } from 'react';
import type { FormFieldSpec } from '../../../../core/sop/types';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import type { OwedReport } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { problemOf, type Problem } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { useReportsT } from '../jobs/reports-messages';
import { checkDraft, issueText, type AnswerDraft } from './form-draft';
import { FormQuestionInput } from './form-question-input';

interface Props {
  jobId: string;
  owed: OwedReport;
  zone: string;
  onFiled: () => void;
}

/**
 * One owed report period on the vendor's task page: its questions (none: a
 * check-in, 打卡), a note, and the button; the answers are checked in the
 * browser with the same rule the API runs, and the API's 422 errors are shown
 * under their questions.
 */
export function ReportForm({ jobId, owed, zone, onFiled }: Props) {
  const t = useReportsT();
  const { locale } = useLocale();
  const fields = owed.fields as unknown as FormFieldSpec[];
  const [drafts, setDrafts] = useState<Record<string, AnswerDraft>>({});
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const check = checkDraft(fields, drafts, {});
  const checkIn = fields.length === 0;

  const send = () => {
    setTried(true);
    if (busy || check.byQuestion.size > 0) return;
    setBusy(true);
    setProblem(undefined);
    setServerErrors({});
    const body = { period: owed.period, ...(checkIn ? {} : { answers: check.json }), ...(note.trim() ? { note: note.trim() } : {}) };
    apiRequest(`/jobs/${encodeURIComponent(jobId)}/steps/${encodeURIComponent(owed.nodeId)}/reports`, { method: 'POST', body })
      .then(() => onFiled())
      .catch((e: unknown) => {
        const p = problemOf(e);
        const placed: Record<string, string> = {};
        for (const error of p.errors ?? []) {
          const [, head, id] = (error.path ?? '').split('/');
          if (head === 'answers' && id) placed[id] = issueText([error], locale) ?? error.message;
        }
        setServerErrors(placed);
        setProblem(Object.keys(placed).length > 0 ? { ...p, detail: t('fixAnswers'), errors: [] } : p);
      })
      .finally(() => setBusy(false));
  };

  return (
    <form
      className="report-form stack"
      noValidate
      aria-label={t('owedTitle', { step: owed.stepTitle ?? owed.nodeId, period: owed.period })}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <div className="report-head">
        <strong>{t('owedTitle', { step: owed.stepTitle ?? owed.nodeId, period: owed.period })}</strong>
        <span className="muted small">{t('dueBy', { time: formatDateTime(owed.dueAt, zone, locale, true) })}</span>
      </div>
      {problem && <ProblemBanner problem={problem} onDismiss={() => setProblem(undefined)} />}
      {checkIn && <p className="muted small">{t('checkInHint')}</p>}
      {fields.map((q) => (
        <FormQuestionInput
          key={q.id}
          spec={q}
          value={drafts[q.id]}
          file={undefined}
          disabled={busy}
          error={serverErrors[q.id] ?? (tried ? issueText(check.byQuestion.get(q.id), locale) : undefined)}
          onChange={(value) => setDrafts((d) => ({ ...d, [q.id]: value }))}
          onFile={() => undefined}
        />
      ))}
      <label className="field">
        <span>{t('note')}</span>
        <textarea rows={2} maxLength={5000} value={note} disabled={busy} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div>
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? t('sending') : checkIn ? `✓ ${t('checkIn')}` : t('fileReport')}
        </button>
      </div>
    </form>
  );
}
