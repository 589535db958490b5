import { useId, useState, type FormEvent } from 'react';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import type { JobDetail, JobMigration, SopDetail } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { problemOf, type Problem } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { useResource } from '../../lib/use-resource';
import { useSession } from '../auth/session-context';
import { useMigrateJobT } from './migrate-job-messages';

/** The dry run's plan: what each active step continues on and what the new version changes for this job. */
function MigrationPreview({ plan }: { plan: JobMigration }) {
  const t = useMigrateJobT();
  const { locale } = useLocale();
  const { zone } = useSession();
  const when = (at: string | null) => (at ? formatDateTime(at, zone, locale) : t('noDeadline'));
  const changes = plan.changes;
  return (
    <dl className="migration-preview" aria-label={t('preview')}>
      <dt>{t('moves')}</dt>
      <dd>
        <ul>
          {(plan.moves ?? []).map((m) => (
            <li key={m.from}>{m.from === m.to ? `${m.from} (${m.type}, #${m.round})` : `${m.from} → ${m.to} (${m.type}, #${m.round} → #${m.toRound})`}</li>
          ))}
        </ul>
      </dd>
      <dt>{t('checks')}</dt>
      <dd>{changes && changes.checks.length > 0 ? changes.checks.map((c) => `${c.nodeId}: ${t(c.change)}${c.kinds.length > 0 ? ` (${c.kinds.join(', ')})` : ''}`).join('; ') : t('none')}</dd>
      <dt>{t('deadlines')}</dt>
      <dd>{changes && changes.deadlines.length > 0 ? changes.deadlines.map((d) => `${d.nodeId}${d.kind === 'wake' ? ` (${t('wake')})` : ''}: ${when(d.from)} → ${when(d.to)}`).join('; ') : t('none')}</dd>
      <dt>{t('assignees')}</dt>
      <dd>{changes && changes.assignees.length > 0 ? changes.assignees.map((a) => `${a.nodeId}: ${a.from ?? '—'} → ${a.to ?? '—'}`).join('; ') : t('none')}</dd>
    </dl>
  );
}

/**
 * Owners and admins move a running job to another published version of its SOP:
 * *Preview* asks for the plan (`dryRun`), *Migrate* carries it out
 * (`POST /api/jobs/:id/migrate`). Hidden while the SOP has no other version.
 */
export function MigrateJobForm({ job, onDone }: { job: JobDetail; onDone: () => void }) {
  const t = useMigrateJobT();
  const id = useId();
  const sop = useResource<SopDetail>(`/sops/${encodeURIComponent(job.sop.key)}`).data;
  const versions = (sop?.versions ?? []).map((v) => v.version).filter((v) => v !== job.sop.version);
  const [version, setVersion] = useState('');
  const [plan, setPlan] = useState<JobMigration>();
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<number>();
  if (versions.length === 0) return null;

  const send = (dryRun: boolean) => {
    setBusy(true);
    setProblem(undefined);
    apiRequest<JobMigration>(`/jobs/${encodeURIComponent(job.id)}/migrate`, { method: 'POST', body: { version: Number(version), dryRun } })
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
        setProblem(problemOf(e));
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
        <select id={`${id}-version`} required value={version} onChange={(e) => { setVersion(e.target.value); setPlan(undefined); setDone(undefined); }}>
          <option value="">{t('chooseVersion')}</option>
          {versions.map((v) => (
            <option key={v} value={v}>
              {t('versionLabel', { version: v })}
            </option>
          ))}
        </select>
      </div>
      {problem && <ProblemBanner problem={problem} onDismiss={() => setProblem(undefined)} />}
      {plan && <MigrationPreview plan={plan} />}
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
