import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { SopDefinition } from '../../../../core/sop/types';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import { listItems, type SopSummary, type SopVersion } from '../../lib/api-types';
import { problemOf, type Problem } from '../../lib/problem';
import { useRouter } from '../../lib/router';
import { useResource } from '../../lib/use-resource';
import { FieldInput, draftOf, storedValue, valueOfDraft, type Draft, type FieldDraft } from './job-fields-card';
import { useStartT } from './start-job-messages';
import { VendorSuggestions } from './vendor-suggestions';

interface Org {
  id: string;
  name: string;
  kind: 'internal' | 'vendor';
}
interface User {
  id: string;
  email: string;
  name: string;
  roles: string[];
  orgId: string;
  disabled?: boolean;
}

/** Owners start a job: SOP version, vendor, people per role, reference files, the SOP's declared job fields. */
export function StartJobPage() {
  const t = useStartT();
  const { navigate } = useRouter();
  const formId = useId();
  const sops = listItems<SopSummary>(useResource<unknown>('/sops').data).filter((s) => s.latestVersion);
  const orgs = listItems<Org>(useResource<unknown>('/orgs').data);
  const usersData = useResource<unknown>('/users').data;
  const users = useMemo(() => listItems<User>(usersData).filter((u) => !u.disabled), [usersData]);
  const [sopKey, setSopKey] = useState('');
  const [def, setDef] = useState<SopDefinition>();
  const [code, setCode] = useState('');
  const [title, setTitle] = useState('');
  const [vendorOrgId, setVendorOrgId] = useState('');
  const [assignees, setAssignees] = useState<Record<string, string>>({});
  const [references, setReferences] = useState<Record<string, { id: string; name: string }>>({});
  const [uploading, setUploading] = useState<string>();
  const [fields, setFields] = useState<Draft>({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const version = sops.find((s) => s.key === sopKey)?.latestVersion;

  useEffect(() => {
    if (!sopKey || !version) return;
    apiRequest<SopVersion>(`/sops/${encodeURIComponent(sopKey)}/versions/${version}`)
      .then((v) => setDef(v.definition))
      .catch((e: unknown) => setProblem(problemOf(e)));
  }, [sopKey, version]);

  // A role slot named like an account role defaults to the first person holding it.
  useEffect(() => {
    if (!def) return;
    setAssignees((prev) => {
      const next = { ...prev };
      for (const role of def.roles) {
        if (next[role]) continue;
        const candidate = users.find((u) => u.roles.includes(role) && (role !== 'vendor' || u.orgId === vendorOrgId));
        if (candidate) next[role] = candidate.id;
      }
      return next;
    });
  }, [def, vendorOrgId, users]);

  const upload = (deliverable: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    setUploading(deliverable);
    apiRequest<{ id: string; name: string }>('/files', { method: 'POST', body: form })
      .then((res) => setReferences((r) => ({ ...r, [deliverable]: { id: res.id, name: res.name ?? file.name } })))
      .catch((e: unknown) => setProblem(problemOf(e)))
      .finally(() => setUploading(undefined));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    // Declared fields only (the API refuses others); empty ones and unticked checkboxes are left out.
    const extra = Object.fromEntries(
      (def?.fields ?? [])
        .map((spec) => [spec.id, valueOfDraft(spec, (storedValue(fields, spec.id) as FieldDraft | undefined) ?? draftOf(spec, undefined))] as const)
        .filter(([, v]) => v !== null && v !== false),
    );
    apiRequest<{ id: string }>('/jobs', {
      method: 'POST',
      body: {
        sop: sopKey,
        version,
        code: code.trim(),
        title: title.trim(),
        vendorOrgId,
        assignees: Object.fromEntries(Object.entries(assignees).filter(([, v]) => v)),
        references: Object.fromEntries(Object.entries(references).map(([k, v]) => [k, v.id])),
        ...(Object.keys(extra).length ? { fields: extra } : {}),
      },
    })
      .then((res) => navigate(`/jobs/${encodeURIComponent(res.id)}`))
      .catch((err: unknown) => setProblem(problemOf(err)))
      .finally(() => setBusy(false));
  };

  const vendors = orgs.filter((o) => o.kind === 'vendor');
  const internalOrgIds = new Set(orgs.filter((o) => o.kind === 'internal').map((o) => o.id));
  return (
    <div className="page narrow">
      <header className="page-head">
        <div>
          <h1>{t('title')}</h1>
          <p className="muted">{t('subtitle')}</p>
        </div>
      </header>
      <form className="card card-pad stack" onSubmit={submit} aria-label={t('title')}>
        <label className="field">
          <span>{t('sop')}</span>
          <select required aria-label={t('sop')} value={sopKey} onChange={(e) => { setSopKey(e.target.value); setDef(undefined); setReferences({}); setFields({}); }}>
            <option value="">{sops.length ? t('pick') : t('noPublished')}</option>
            {sops.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name ?? s.key} · {t('version', { v: s.latestVersion ?? '' })}
              </option>
            ))}
          </select>
        </label>
        <div className="grid-2">
          <div className="field">
            <label htmlFor={`${formId}-code`}>{t('code')}</label>
            <input id={`${formId}-code`} required value={code} placeholder="DD11-042" aria-describedby={`${formId}-code-hint`} onChange={(e) => setCode(e.target.value)} />
            <span id={`${formId}-code-hint`} className="field-hint">
              {t('codeHint')}
            </span>
          </div>
          <label className="field">
            <span>{t('jobTitle')}</span>
            <input required value={title} onChange={(e) => setTitle(e.target.value)} />
          </label>
        </div>
        <label className="field">
          <span>{t('vendor')}</span>
          <select required aria-label={t('vendor')} value={vendorOrgId} onChange={(e) => { setVendorOrgId(e.target.value); setAssignees((a) => ({ ...a, vendor: '' })); }}>
            <option value="">{t('pick')}</option>
            {vendors.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        {sopKey && (
          <VendorSuggestions
            sopKey={sopKey}
            chosen={vendorOrgId}
            onChoose={(id) => {
              setVendorOrgId(id);
              setAssignees((a) => ({ ...a, vendor: '' }));
            }}
          />
        )}
        {def && (
          <fieldset className="rows">
            <legend>{t('assignees')}</legend>
            <div className="grid-2">
              {def.roles.map((role) => (
                <label key={role} className="field">
                  <span className="mono">{role}</span>
                  <select aria-label={role} value={assignees[role] ?? ''} onChange={(e) => setAssignees({ ...assignees, [role]: e.target.value })}>
                    <option value="">—</option>
                    {users
                      .filter((u) => (role === 'vendor' ? u.orgId === vendorOrgId : internalOrgIds.size === 0 || internalOrgIds.has(u.orgId)))
                      .map((u) => (
                        <option key={u.id} value={u.id}>
                          {u.name} ({u.email})
                        </option>
                      ))}
                  </select>
                </label>
              ))}
            </div>
          </fieldset>
        )}
        {def && def.deliverables.some((d) => d.reference) && (
          <fieldset className="rows">
            <legend>{t('references')}</legend>
            {def.deliverables
              .filter((d) => d.reference)
              .map((d) => (
                <label key={d.id} className="field">
                  <span>{d.label || d.id}</span>
                  <input type="file" accept={d.accept?.join(',')} onChange={(e) => e.target.files?.[0] && upload(d.id, e.target.files[0])} />
                  <span className="field-hint">
                    {uploading === d.id ? t('uploading') : references[d.id] ? `✓ ${t('uploaded', { name: references[d.id]!.name })}` : ''}
                  </span>
                </label>
              ))}
          </fieldset>
        )}
        {def?.fields && def.fields.length > 0 && (
          <fieldset className="rows">
            <legend>{t('fields')}</legend>
            <div className="grid-2">
              {def.fields.map((spec) => (
                <FieldInput
                  key={spec.id}
                  spec={spec}
                  value={(storedValue(fields, spec.id) as FieldDraft | undefined) ?? draftOf(spec, undefined)}
                  onChange={(v) => setFields({ ...fields, [spec.id]: v })}
                />
              ))}
            </div>
          </fieldset>
        )}
        {problem && <ProblemBanner problem={problem} title={t('failed')} onDismiss={() => setProblem(undefined)} />}
        <div className="submit-row">
          <button type="submit" className="btn primary" disabled={busy || !!uploading}>
            {busy ? t('starting') : t('start')}
          </button>
        </div>
      </form>
    </div>
  );
}
