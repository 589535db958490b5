import { useId, useState, type FormEvent } from 'react';
import type { SopDefinition } from '../../../../core/sop/types';
import { listItems, type JobDetail } from '../../lib/api-types';
import { stepTitle } from '../../lib/step-title';
import { useResource } from '../../lib/use-resource';
import { useJobT } from './job-messages';
import { useJobAction } from './use-job-action';
import { JobActionStatus } from './job-action-status';

interface Person {
  id: string;
  name: string;
  email: string;
  roles: string[];
  orgId: string;
  disabled?: boolean;
}

/** The people who may take `role` on this job: the vendor's users for `vendor`, internal users holding the role otherwise. */
export function candidatesFor(role: string, people: Person[], vendorOrgId: string | undefined, internalOrgIds: Set<string>): Person[] {
  const active = people.filter((p) => !p.disabled);
  if (role === 'vendor') return active.filter((p) => p.orgId === vendorOrgId);
  const internal = active.filter((p) => internalOrgIds.has(p.orgId) || (p.orgId !== vendorOrgId && !p.roles.includes('vendor')));
  const holding = internal.filter((p) => p.roles.includes(role));
  return holding.length ? holding : internal;
}

/** Bind a role of the job (or just one of its active steps) to another person. */
export function ReassignForm({ job, definition, onDone }: { job: JobDetail; definition?: SopDefinition | null; onDone: () => void }) {
  const t = useJobT();
  const id = useId();
  const people = listItems<Person>(useResource<unknown>('/users').data);
  const orgs = listItems<{ id: string; kind: string }>(useResource<unknown>('/orgs').data);
  const internalOrgIds = new Set(orgs.filter((o) => o.kind === 'internal').map((o) => o.id));
  const roles = [...new Set([...(definition?.roles ?? []), ...Object.keys(job.assignees ?? {})])];
  const [role, setRole] = useState(roles.find((r) => r !== 'owner') ?? roles[0] ?? '');
  const [userId, setUserId] = useState('');
  const [nodeId, setNodeId] = useState('');
  const action = useJobAction(onDone);
  const candidates = candidatesFor(role, people, job.vendorOrg.id, internalOrgIds);
  const roleSteps = job.steps.filter((s) => (s.status === 'active' || s.status === 'overdue') && (s.assigneeRole ?? role) === role && (s.type === 'task' || s.type === 'review' || s.type === 'accept'));
  const current = (nodeId ? roleSteps.find((s) => s.nodeId === nodeId)?.assigneeUserId : undefined) ?? job.assignees?.[role];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (userId) action.run(`/jobs/${encodeURIComponent(job.id)}/assignees`, { role, userId, ...(nodeId ? { nodeId } : {}) });
  };
  return (
    <form className="stack action-form" onSubmit={submit} aria-label={t('reassign')}>
      <h3>{t('reassign')}</h3>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('role')}</label>
          <select id={`${id}-role`} value={role} onChange={(e) => { setRole(e.target.value); setUserId(''); setNodeId(''); }}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-user`}>{t('person')}</label>
          <select id={`${id}-user`} required value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">{t('choosePerson')}</option>
            {candidates.map((p) => (
              <option key={p.id} value={p.id} disabled={p.id === current}>
                {p.name} ({p.email}){p.id === current ? ` · ${t('current')}` : ''}
              </option>
            ))}
          </select>
        </div>
      </div>
      {roleSteps.length > 0 && (
        <div className="field">
          <label htmlFor={`${id}-scope`}>{t('scope')}</label>
          <select id={`${id}-scope`} value={nodeId} onChange={(e) => setNodeId(e.target.value)}>
            <option value="">{t('wholeJob')}</option>
            {roleSteps.map((s) => (
              <option key={s.nodeId} value={s.nodeId}>
                {t('onlyStep', { step: stepTitle(s, definition) })}
              </option>
            ))}
          </select>
        </div>
      )}
      <JobActionStatus action={action} doneText={t('reassigned')} />
      <div className="row">
        <button type="submit" className="btn" disabled={action.busy || !userId}>
          {t('reassignButton')}
        </button>
      </div>
    </form>
  );
}
