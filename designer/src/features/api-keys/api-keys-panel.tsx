import { useId, useState } from 'react';
import { Card } from '../../components/card';
import { EmptyState, Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import { listItems } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { problemOf, type Problem } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { useResource } from '../../lib/use-resource';
import { useSession } from '../auth/session-context';
import type { Org } from '../people/people';
import { RoleChips } from '../people/role-picker';
import type { ApiKey } from './api-keys';
import { useApiKeyT } from './api-key-messages';
import { NewKeyForm } from './new-key-form';

/** Admins: the API keys of ERP/CRM clients (never their secrets), a form to create one, and revoke (second click confirms). */
export function ApiKeysPanel() {
  const t = useApiKeyT();
  const id = useId();
  const [all, setAll] = useState(false);
  const [notice, setNotice] = useState<string>();
  const keysRes = useResource<{ items: ApiKey[]; nextCursor: string | null }>(`/api-keys?limit=200${all ? '&all=true' : ''}`);
  const orgsRes = useResource<unknown>('/orgs');
  const orgs = listItems<Org>(orgsRes.data);
  const keys = keysRes.data?.items ?? [];
  const error = keysRes.error ?? orgsRes.error;

  return (
    <div className="people-layout">
      <Card
        title={t('title')}
        aside={
          <button type="button" className="btn small ghost" onClick={() => keysRes.reload()}>
            ↻ {t('refresh')}
          </button>
        }
      >
        <div className="stack">
          <p className="muted small settings-hint">{t('hint')}</p>
          <label className="row small" htmlFor={`${id}-all`}>
            <input id={`${id}-all`} type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> {t('showAll')}
          </label>
          {notice && (
            <div className="success" role="status">
              {notice}
            </div>
          )}
          {error ? (
            <ProblemBanner problem={problemOf(error)} title={t('loadFailed')} />
          ) : !keysRes.data ? (
            <Loading label={t('loading')} />
          ) : keys.length === 0 ? (
            <EmptyState title={t('none')} />
          ) : (
            <ul className="people-list api-key-list" aria-label={t('title')}>
              {keys.map((k) => (
                <KeyRow
                  key={k.id}
                  apiKey={k}
                  onRevoked={() => {
                    setNotice(t('revoked', { name: k.name }));
                    keysRes.reload();
                  }}
                />
              ))}
            </ul>
          )}
        </div>
      </Card>
      <div className="people-side">
        <section className="card card-pad">
          {orgsRes.data ? <NewKeyForm orgs={orgs} onCreated={() => keysRes.reload()} /> : <Loading label={t('loading')} />}
        </section>
      </div>
    </div>
  );
}

function KeyRow({ apiKey: k, onRevoked }: { apiKey: ApiKey; onRevoked: () => void }) {
  const t = useApiKeyT();
  const id = useId();
  const { locale } = useLocale();
  const { zone } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const when = (iso: string) => formatDateTime(iso, zone, locale);
  const revoke = () => {
    if (!confirming) return setConfirming(true);
    setBusy(true);
    setProblem(undefined);
    apiRequest<void>(`/api-keys/${encodeURIComponent(k.id)}`, { method: 'DELETE' })
      .then(onRevoked)
      .catch((err: unknown) => setProblem(problemOf(err)))
      .finally(() => {
        setBusy(false);
        setConfirming(false);
      });
  };
  return (
    <li className={`person api-key${k.status === 'active' ? '' : ' is-disabled'}`} aria-labelledby={`${id}-name`}>
      <div className="person-main">
        <div className="person-id">
          <span className="person-name">
            <strong id={`${id}-name`}>{k.name}</strong>
            <span className={`badge key-${k.status}`}>{t(`status.${k.status}`)}</span>
          </span>
          <span className="muted small mono">{k.prefix}…</span>
          <span className="muted small">
            {k.org.name} · {k.lastUsedAt ? t('lastUsed', { time: when(k.lastUsedAt) }) : t('neverUsed')} · {k.expiresAt ? t('expires', { time: when(k.expiresAt) }) : t('noExpiry')}
          </span>
          <span className="muted small">{k.createdBy ? t('createdBy', { name: k.createdBy.name, time: when(k.createdAt) }) : t('createdAt', { time: when(k.createdAt) })}</span>
        </div>
        <RoleChips roles={k.roles} label={t('roles')} />
        {k.status !== 'revoked' && (
          <div className="row">
            {confirming && (
              <button type="button" className="btn small ghost" onClick={() => setConfirming(false)}>
                {t('cancel')}
              </button>
            )}
            <button type="button" className={`btn small${confirming ? ' danger-outline' : ''}`} disabled={busy} aria-label={t(confirming ? 'confirmRevokeLabel' : 'revokeLabel', { name: k.name })} onClick={revoke}>
              {t(confirming ? 'confirmRevoke' : 'revoke')}
            </button>
          </div>
        )}
      </div>
      {confirming && <p className="small warning-text">{t('revokeNote', { name: k.name })}</p>}
      {problem && <ProblemBanner problem={problem} title={t('revokeFailed', { name: k.name })} />}
    </li>
  );
}
