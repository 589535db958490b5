import { useMemo, useState, type FormEvent } from 'react';
import type { SopDefinition, TaskNode } from '../../../../core/sop/types';
import { ProblemBanner } from '../../components/problem-banner';
import type { FileVersion, JobDetail, JobStep } from '../../lib/api-types';
import { problemOf, type Problem } from '../../lib/problem';
import { uploadWithProgress } from '../../lib/xhr-upload';
import { DeliverableDrop } from './deliverable-drop';
import { precheckFile, splitProgress, todayIn } from './naming-precheck';
import { useVendorT } from './vendor-messages';

interface Props {
  job: JobDetail;
  definition: SopDefinition;
  node: TaskNode;
  step: JobStep | undefined;
  versions: FileVersion[];
  /** Called with the round that was submitted; the page shows the confirmation (this form may be replaced by the next round's). */
  onSubmitted: (round: number) => void;
}

interface SubmitResponse {
  round: number;
}

/** The vendor's submission of one active task: files with naming pre-check, checklist, note, upload progress. */
export function SubmissionForm({ job, definition, node, step, versions, onSubmitted }: Props) {
  const t = useVendorT();
  const [files, setFiles] = useState<Record<string, File | undefined>>({});
  const [ticked, setTicked] = useState<Record<string, boolean>>({});
  const [note, setNote] = useState('');
  const [progress, setProgress] = useState<number>();
  const [problem, setProblem] = useState<Problem>();
  const [done, setDone] = useState<number>();
  const specs = node.produces.map((id) => definition.deliverables.find((d) => d.id === id) ?? { id, label: id });
  const nextVersion = (id: string) => versions.filter((v) => v.deliverable === id).reduce((m, v) => Math.max(m, v.version), 0) + 1;
  const today = todayIn(definition.timezone);
  const prechecks = useMemo(
    () =>
      Object.fromEntries(
        specs.map((spec) => {
          const f = files[spec.id];
          const vars = { 'job.code': job.code, 'job.vendor': job.vendorOrg?.name, deliverable: spec.id, version: nextVersion(spec.id), date: today };
          return [spec.id, f ? precheckFile(spec, f, vars) : undefined];
        }),
      ),
    [files, job, versions, today],
  );
  const missing = specs.filter((s) => !files[s.id]).map((s) => s.label || s.id);
  const requiredItems = (node.checklist ?? []).filter((i) => i.required !== false);
  const checklistOk = requiredItems.every((i) => ticked[i.id]);
  const namesOk = Object.values(prechecks).every((p) => !p || p.ok);
  const uploading = progress !== undefined && done === undefined;
  const sizes = specs.map((s) => files[s.id]?.size ?? 0);
  const perFile = progress !== undefined ? splitProgress(progress, sizes) : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const form = new FormData();
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
        setProblem(problemOf(err));
        setProgress(undefined);
      });
  };

  const blocker = missing.length ? t('missingFiles', { list: missing.join(', ') }) : !namesOk ? t('fixNames') : !checklistOk ? t('checklistMissing') : undefined;
  return (
    <form className="card card-pad stack submission" onSubmit={submit} aria-label={t('submitTitle')}>
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
          disabled={uploading}
          onFile={(f) => setFiles((prev) => ({ ...prev, [spec.id]: f }))}
        />
      ))}
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
          {blocker && <span className="muted small">{blocker}</span>}
          <button type="submit" className="btn primary" disabled={!!blocker || uploading}>
            {uploading ? `${t('submitting')} ${Math.round((progress ?? 0) * 100)}%` : t('submit')}
          </button>
        </div>
      )}
    </form>
  );
}
