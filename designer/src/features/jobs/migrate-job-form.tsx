import { useId, useState, type FormEvent } from 'react';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import type { JobDetail, JobMigration, SopDetail, SopVersion } from '../../lib/api-types';
import { problemOf, type Problem } from '../../lib/problem';
import { useResource } from '../../lib/use-resource';
import { MigrationPlanView } from '../migrations/migration-plan-view';
import { nodeTitle, refusalsOfProblem, type Refusal } from '../migrations/plan-words';
import { RefusalList } from '../migrations/refusal-list';
import { StepMappingPicker, type StepMapping, type StepToMap } from '../migrations/step-mapping-picker';
import { useMigrateJobT } from './migrate-job-messages';

/**
 * Owners and admins move a running job to another published version of its SOP:
 * *Preview* asks for the plan (`dryRun`), *Migrate* carries it out
 * (`POST /api/jobs/:id/migrate`). Each active step continues on the step of the
 * same id unless the owner maps it to another step of the new version (`mapping`).
 * Hidden while the SOP has no other version.
 */
export function MigrateJobForm({ job, onDone }: { job: JobDetail; onDone: () => void }) {
  const t = useMigrateJobT();
  const id = useId();
  const sopPath = `/sops/${encodeURIComponent(job.sop.key)}`;
  const sop = useResource<SopDetail>(sopPath).data;
  const versions = (sop?.versions ?? []).map((v) => v.version).filter((v) => v !== job.sop.version);
  const [version, setVersion] = useState('');
  const target = useResource<SopVersion>(version ? `${sopPath}/versions/${version}` : null).data?.definition;
  const [mapping, setMapping] = useState<StepMapping>({});
  const [plan, setPlan] = useState<JobMigration>();
  const [refusals, setRefusals] = useState<Refusal[]>([]);
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<number>();
  if (versions.length === 0) return null;

  const from = job.definition ?? undefined;
  const steps: StepToMap[] = (job.activeSteps ?? []).map((step) => ({
    id: step,
    type: from?.nodes.find((n) => n.id === step)?.type ?? '',
    title: nodeTitle(step, from),
  }));
  const reset = () => {
    setPlan(undefined);
    setRefusals([]);
    setProblem(undefined);
    setDone(undefined);
  };
  const send = (dryRun: boolean) => {
    setBusy(true);
    setProblem(undefined);
    setRefusals([]);
    const body = { version: Number(version), ...(Object.keys(mapping).length > 0 ? { mapping } : {}), dryRun };
    apiRequest<JobMigration>(`/jobs/${encodeURIComponent(job.id)}/migrate`, { method: 'POST', body })
      .then((answer) => {
        if (dryRun) {
          setPlan(answer);
          return;
        }
        setPlan(undefined);
        setDone(answer.toVersion);
        onDone();
      })
      .catch((e: unknown) => {
        setPlan(undefined);
        const p = problemOf(e);
        const refused = refusalsOfProblem(p.errors);
        if (refused.length > 0) setRefusals(refused);
        else setProblem(p);
      })
      .finally(() => setBusy(false));
  };
  const preview = (e: FormEvent) => {
    e.preventDefault();
    if (version) send(true);
  };
  return (
    <form className="stack action-form" onSubmit={preview} aria-label={t('title')}>
      <h3>{t('title')}</h3>
      <p className="muted small">{t('current', { version: job.sop.version })}</p>
      <div className="field">
        <label htmlFor={`${id}-version`}>{t('version')}</label>
        <select id={`${id}-version`} required value={version} onChange={(e) => { setVersion(e.target.value); setMapping({}); reset(); }}>
          <option value="">{t('chooseVersion')}</option>
          {versions.map((v) => (
            <option key={v} value={v}>
              {t('versionLabel', { version: v })}
            </option>
          ))}
        </select>
      </div>
      {target && (
        <StepMappingPicker
          steps={steps}
          target={target}
          mapping={mapping}
          invalid={new Set(refusals.flatMap((r) => (r.nodeId ? [r.nodeId] : [])))}
          onChange={(next) => { setMapping(next); setPlan(undefined); setDone(undefined); }}
        />
      )}
      {problem && <ProblemBanner problem={problem} onDismiss={() => setProblem(undefined)} />}
      {refusals.length > 0 && (
        <div className="problem" role="alert">
          <div className="problem-head"><strong>{t('refused')}</strong></div>
          <RefusalList refusals={refusals} toVersion={Number(version)} from={from} to={target} />
        </div>
      )}
      {plan && <MigrationPlanView plan={plan} from={from} to={target} label={t('preview')} />}
      {done !== undefined && <div className="success" role="status">{t('done', { version: done })}</div>}
      <div className="row">
        <button type="submit" className="btn" disabled={busy || !version}>
          {t('preview')}
        </button>
        <button type="button" className="btn primary" disabled={busy || !plan} onClick={() => send(false)}>
          {t('migrate')}
        </button>
      </div>
    </form>
  );
}
