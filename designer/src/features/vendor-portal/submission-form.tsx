import { useState, type FormEvent } from 'react';
import { formFilePart } from '../../../../core/sop/form-answers';
import type { SopDefinition, TaskNode } from '../../../../core/sop/types';
import { ProblemBanner } from '../../components/problem-banner';
import type { FileVersion, JobDetail, JobStep } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { problemOf, type Problem } from '../../lib/problem';
import { uploadWithProgress } from '../../lib/xhr-upload';
import { DeliverableDrop } from './deliverable-drop';
import { checkDraft, issueText, placeFormErrors, type AnswerDraft } from './form-draft';
import { fileLimitError } from './form-question-input';
import { FormQuestions } from './form-questions';
import { precheckFile, splitProgress, todayIn } from './naming-precheck';
import { useVendorT } from './vendor-messages';

interface Props {
  job: JobDetail;
  definition: SopDefinition;
  node: TaskNode;
  step: JobStep | undefined;
  versions: FileVersion[];
  /** The job's reference files, by deliverable. */
  references?: Array<{ deliverable: string; fileId: string; name: string; mime?: string }>;
  /** Called with the round that was submitted; the page shows the confirmation (this form may be replaced by the next round's). */
  onSubmitted: (round: number) => void;
}

interface SubmitResponse {
  round: number;
}

/** The vendor's submission of one active task: files with naming pre-check, the task's form, checklist, note, upload progress. */
export function SubmissionForm({ job, definition, node, step, versions, references = [], onSubmitted }: Props) {
  const t = useVendorT();
  const { locale } = useLocale();
  const questions = node.form ?? [];
  const [answers, setAnswers] = useState<Record<string, AnswerDraft>>({});
  const [answerFiles, setAnswerFiles] = useState<Record<string, File | undefined>>({});
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<ReturnType<typeof placeFormErrors>['byQuestion']>({});
  const [files, setFiles] = useState<Record<string, File | undefined>>({});
  const [ticked, setTicked] = useState<Record<string, boolean>>({});
  const [note, setNote] = useState('');
  const [progress, setProgress] = useState<number>();
  const [problem, setProblem] = useState<Problem>();
  const [done, setDone] = useState<number>();
  const specs = node.produces.map((id) => definition.deliverables.find((d) => d.id === id) ?? { id, label: id });
  const nextVersion = (id: string) => versions.filter((v) => v.deliverable === id).reduce((m, v) => Math.max(m, v.version), 0) + 1;
  const today = todayIn(definition.timezone);
  const varsOf = (id: string) => ({ 'job.code': job.code, 'job.vendor': job.vendorOrg?.name, deliverable: id, version: nextVersion(id), date: today });
  // Cheap (a name against its rule, a type, a size): computed each render, so it always sees the current specs and versions.
  const prechecks = Object.fromEntries(
    specs.map((spec) => {
      const f = files[spec.id];
      return [spec.id, f ? precheckFile(spec, f, varsOf(spec.id)) : undefined];
    }),
  );
  const missing = specs.filter((s) => !files[s.id]).map((s) => s.label || s.id);
  const requiredItems = (node.checklist ?? []).filter((i) => i.required !== false);
  const checklistOk = requiredItems.every((i) => ticked[i.id]);
  const namesOk = Object.values(prechecks).every((p) => !p || p.ok);
  const uploading = progress !== undefined && done === undefined;
  const sizes = specs.map((s) => files[s.id]?.size ?? 0);
  const perFile = progress !== undefined ? splitProgress(progress, sizes) : undefined;

  const answerCheck = checkDraft(questions, answers, answerFiles);
  const limitErrors = Object.fromEntries(questions.map((q) => [q.id, fileLimitError(q, answerFiles[q.id], t)]));
  const answersOk = answerCheck.byQuestion.size === 0 && Object.values(limitErrors).every((x) => !x);
  const answerErrors = Object.fromEntries(
    questions.map((q) => [q.id, [limitErrors[q.id], attempted ? issueText(answerCheck.byQuestion.get(q.id), locale) : undefined, issueText(serverErrors[q.id], locale)].filter(Boolean).join(' ') || undefined]),
  );
  const forget = (id: string) => setServerErrors(({ [id]: _gone, ...rest }) => rest);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!answersOk) {
      setAttempted(true);
      return;
    }
    const form = new FormData();
    if (questions.length) form.append('form', JSON.stringify(answerCheck.json));
    for (const q of questions) {
      const f = answerFiles[q.id];
      if (q.type === 'file' && f) form.append(formFilePart(q.id), f, f.name);
    }
    form.append('checklist', JSON.stringify(ticked));
    if (note.trim()) form.append('note', note.trim());
    for (const spec of specs) {
      const f = files[spec.id];
      if (f) form.append(spec.id, f, f.name);
    }
    setProblem(undefined);
    setProgress(0);
    uploadWithProgress<SubmitResponse>(`/jobs/${encodeURIComponent(job.id)}/steps/${encodeURIComponent(node.id)}/submissions`, form, setProgress)
      .then((res) => {
        setDone(res.round);
        onSubmitted(res.round);
      })
      .catch((err: unknown) => {
        const placed = placeFormErrors(problemOf(err), questions.map((q) => q.id));
        setServerErrors(placed.byQuestion);
        // Every error sits under its question: the banner only says so, in the reader's language.
        const allPlaced = Object.keys(placed.byQuestion).length > 0 && !placed.rest.errors?.length;
        setProblem(allPlaced ? { status: placed.rest.status, title: t('fixAnswers') } : placed.rest);
        setProgress(undefined);
      });
  };

  const blocker = missing.length ? t('missingFiles', { list: missing.join(', ') }) : !namesOk ? t('fixNames') : !checklistOk ? t('checklistMissing') : undefined;
  return (
    <form className="card card-pad stack submission" onSubmit={submit} aria-label={t('submitTitle')} noValidate>
      <div className="row spread">
        <h2>
          {t('submitTitle')} · {node.title ?? node.id}
        </h2>
        {step && step.round > 1 && <span className="badge status-draft">{t('rework')} · {t('round', { round: step.round })}</span>}
      </div>
      {node.instructions && (
        <div className="instructions">
          <strong>{t('instructions')}</strong>
          <p>{node.instructions}</p>
        </div>
      )}
      {specs.map((spec, i) => (
        <DeliverableDrop
          key={spec.id}
          spec={spec}
          file={files[spec.id]}
          precheck={prechecks[spec.id]}
          progress={perFile?.[i]}
          nextVersion={nextVersion(spec.id)}
          vars={varsOf(spec.id)}
          reference={references.find((r) => r.deliverable === spec.id)}
          disabled={uploading}
          onFile={(f) => setFiles((prev) => ({ ...prev, [spec.id]: f }))}
        />
      ))}
      {questions.length > 0 && (
        <FormQuestions
          questions={questions}
          drafts={answers}
          files={answerFiles}
          errors={answerErrors}
          disabled={uploading}
          onAnswer={(id, value) => {
            forget(id);
            setAnswers((prev) => ({ ...prev, [id]: value }));
          }}
          onFile={(id, file) => {
            forget(id);
            setAnswerFiles((prev) => ({ ...prev, [id]: file }));
          }}
        />
      )}
      {(node.checklist?.length ?? 0) > 0 && (
        <fieldset className="checklist">
          <legend>{t('checklist')}</legend>
          {node.checklist?.map((item) => (
            <label key={item.id} className="check">
              <input type="checkbox" checked={!!ticked[item.id]} onChange={(e) => setTicked({ ...ticked, [item.id]: e.target.checked })} />
              <span>
                {item.label}
                {item.required !== false && <span className="required-mark"> · {t('required')}</span>}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <label className="field">
        <span>{t('note')}</span>
        <textarea rows={2} value={note} placeholder={t('notePlaceholder')} onChange={(e) => setNote(e.target.value)} />
      </label>
      {problem && <ProblemBanner problem={problem} onDismiss={() => setProblem(undefined)} />}
      {done !== undefined ? (
        <div className="success" role="status">
          ✓ {t('submitted', { round: done })}
        </div>
      ) : (
        <div className="submit-row">
          {(blocker ?? (attempted && !answersOk ? t('fixAnswers') : undefined)) && <span className="muted small">{blocker ?? t('fixAnswers')}</span>}
          <button type="submit" className="btn primary" disabled={!!blocker || uploading}>
            {uploading ? `${t('submitting')} ${Math.round((progress ?? 0) * 100)}%` : t('submit')}
          </button>
        </div>
      )}
    </form>
  );
}
