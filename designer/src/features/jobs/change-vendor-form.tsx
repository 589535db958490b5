import { useId, useState, type FormEvent } from 'react';
import type { SopDefinition } from '../../../../core/sop/types';
import { listItems, type JobDetail } from '../../lib/api-types';
import { useResource } from '../../lib/use-resource';
import { useChangeVendorT } from './change-vendor-messages';
import { useJobAction } from './use-job-action';
import { JobActionStatus } from './job-action-status';

interface Org {
  id: string;
  name: string;
  kind: string;
}
interface Person {
  id: string;
  name: string;
  email: string;
  roles: string[];
  orgId: string;
  disabled?: boolean;
}

/** Steps a job may restart from after a change of vendor: accept steps first (the usual choice), then tasks and reviews. */
export function restartChoices(definition: SopDefinition | null | undefined): Array<{ id: string; label: string }> {
  const human = (definition?.nodes ?? []).filter((n) => n.type === 'accept' || n.type === 'task' || n.type === 'review');
  const ordered = [...human.filter((n) => n.type === 'accept'), ...human.filter((n) => n.type !== 'accept')];
  return ordered.map((n) => ({ id: n.id, label: n.title ? `${n.title} (${n.id})` : n.id }));
}

/** After a decline (接单): hand the job to another vendor organisation, optionally restarting from a step (`POST /api/jobs/:id/vendor`). */
export function ChangeVendorForm({ job, definition, onDone }: { job: JobDetail; definition?: SopDefinition | null; onDone: () => void }) {
  const t = useChangeVendorT();
  const id = useId();
  const orgs = listItems<Org>(useResource<unknown>('/orgs').data).filter((o) => o.kind === 'vendor' && o.id !== job.vendorOrg.id);
  const people = listItems<Person>(useResource<unknown>('/users').data);
  const choices = restartChoices(definition);
  const [vendorOrgId, setVendorOrgId] = useState('');
  const [vendorUserId, setVendorUserId] = useState('');
  const [restartFrom, setRestartFrom] = useState(choices[0]?.id ?? '');
  const action = useJobAction(onDone);
  const contacts = people.filter((p) => !p.disabled && p.orgId === vendorOrgId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!vendorOrgId) return;
    action.run(`/jobs/${encodeURIComponent(job.id)}/vendor`, { vendorOrgId, ...(vendorUserId ? { vendorUserId } : {}), ...(restartFrom ? { restartFrom } : {}) });
  };
  return (
    <form className="stack action-form" onSubmit={submit} aria-label={t('title')}>
      <h3>{t('title')}</h3>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${id}-org`}>{t('vendor')}</label>
          <select id={`${id}-org`} required value={vendorOrgId} onChange={(e) => { setVendorOrgId(e.target.value); setVendorUserId(''); }}>
            <option value="">{t('chooseVendor')}</option>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-person`}>{t('person')}</label>
          <select id={`${id}-person`} value={vendorUserId} disabled={!vendorOrgId} onChange={(e) => setVendorUserId(e.target.value)}>
            <option value="">{t('nobody')}</option>
            {contacts.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.email})
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-restart`}>{t('restart')}</label>
        <select id={`${id}-restart`} value={restartFrom} onChange={(e) => setRestartFrom(e.target.value)}>
          <option value="">{t('noRestart')}</option>
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <JobActionStatus action={action} doneText={t('done')} />
      <div className="row">
        <button type="submit" className="btn" disabled={action.busy || !vendorOrgId}>
          {t('submit')}
        </button>
      </div>
    </form>
  );
}
