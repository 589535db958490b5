import { useState } from 'react';
import { Card } from '../../components/card';
import { EmptyState, Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import { listItems, type SopSummary } from '../../lib/api-types';
import { problemOf, type Problem } from '../../lib/problem';
import { useResource } from '../../lib/use-resource';
import { ChannelConfigForm } from './channel-config-form';
import type { ChannelConfigView } from './notification-types';
import { useSettingsT } from './settings-messages';

interface Org {
  id: string;
  name: string;
  kind: 'internal' | 'vendor';
}

/** Admins: the robot, webhook and mail-server configs (never their URL or secret), with add, edit, enable/disable and delete. */
export function ChannelsPanel() {
  const t = useSettingsT();
  const configs = useResource<unknown>('/notifications/channels');
  const orgsRes = useResource<unknown>('/orgs');
  const sops = listItems<SopSummary>(useResource<unknown>('/sops').data);
  const orgs = listItems<Org>(orgsRes.data);
  const [editing, setEditing] = useState<ChannelConfigView>();
  const [confirming, setConfirming] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [problem, setProblem] = useState<{ title: string; problem: Problem }>();
  const items = listItems<ChannelConfigView>(configs.data);
  const nameOf = (c: ChannelConfigView) => c.name || t('unnamed');
  const scopeOf = (c: ChannelConfigView) =>
    c.scope === 'org' ? t('scopeOrg', { name: orgs.find((o) => o.id === c.scopeId)?.name ?? c.scopeId }) : t('scopeSop', { name: sops.find((s) => s.key === c.scopeId)?.name ?? c.scopeId });

  const act = (run: Promise<unknown>, done: string, failTitle: string) => {
    setNotice(undefined);
    setProblem(undefined);
    run
      .then(() => {
        setNotice(done);
        configs.reload();
      })
      .catch((err: unknown) => setProblem({ title: failTitle, problem: problemOf(err) }));
  };
  const remove = (c: ChannelConfigView) => {
    if (confirming !== c.id) return setConfirming(c.id);
    setConfirming(undefined);
    if (editing?.id === c.id) setEditing(undefined);
    act(apiRequest(`/notifications/channels/${encodeURIComponent(c.id)}`, { method: 'DELETE' }), t('configDeleted', { name: nameOf(c) }), t('deleteFailed'));
  };
  const toggle = (c: ChannelConfigView) =>
    act(apiRequest(`/notifications/channels/${encodeURIComponent(c.id)}`, { method: 'PUT', body: { enabled: !c.enabled } }), t('configSaved', { name: nameOf(c) }), t('saveFailed'));

  return (
    <>
      <Card title={t('channelsTitle')} aside={<span className="muted small">{items.length || ''}</span>}>
        <p className="muted small settings-hint">{t('channelsHint')}</p>
        {notice && <div className="success" role="status">{notice}</div>}
        {problem && <ProblemBanner problem={problem.problem} title={problem.title} onDismiss={() => setProblem(undefined)} />}
        {configs.error ? (
          <ProblemBanner problem={problemOf(configs.error)} title={t('loadFailed')} />
        ) : !configs.data ? (
          <Loading label={t('loading')} />
        ) : items.length === 0 ? (
          <EmptyState title={t('noConfigs')}>{t('noConfigsHint')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table compact config-table">
              <caption className="sr-only">{t('channelsTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('name')}</th>
                  <th scope="col">{t('channel')}</th>
                  <th scope="col">{t('scope')}</th>
                  <th scope="col">{t('target')}</th>
                  <th scope="col">{t('secret')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr key={c.id} className={editing?.id === c.id ? 'selected' : undefined}>
                    <th scope="row" className="strong-link">{nameOf(c)}</th>
                    <td>{t(`channel.${c.channel}`)}</td>
                    <td>{scopeOf(c)}</td>
                    <td className="mono" title={t('urlHidden')}>{c.target}/…</td>
                    <td>{c.channel === 'slack' ? '—' : <span className={`badge ${c.hasSecret ? 'status-done' : 'status-draft'}`}>{c.hasSecret ? t('secretSet') : t('secretNone')}</span>}</td>
                    <td>
                      <span className={`badge ${c.enabled ? 'status-active' : 'status-cancelled'}`}>{c.enabled ? t('on') : t('off')}</span>
                    </td>
                    <td>
                      <div className="row">
                        <button type="button" className="btn small" aria-label={t('editLabel', { name: nameOf(c) })} onClick={() => { setEditing(c); setNotice(undefined); }}>
                          {t('edit')}
                        </button>
                        <button type="button" className="btn small ghost" aria-label={t('toggleLabel', { action: c.enabled ? t('disable') : t('enable'), name: nameOf(c) })} onClick={() => toggle(c)}>
                          {c.enabled ? t('disable') : t('enable')}
                        </button>
                        <button
                          type="button"
                          className={`btn small ${confirming === c.id ? 'bad' : 'danger-outline'}`}
                          aria-label={confirming === c.id ? t('confirmDeleteLabel', { name: nameOf(c) }) : t('deleteLabel', { name: nameOf(c) })}
                          onClick={() => remove(c)}
                          onBlur={() => setConfirming((x) => (x === c.id ? undefined : x))}
                        >
                          {confirming === c.id ? t('confirmDelete') : t('delete')}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <section className="card card-pad">
        {orgsRes.data ? (
          <ChannelConfigForm
            key={editing?.id ?? 'new'}
            editing={editing}
            choices={{ orgs: orgs.filter((o) => o.kind === 'internal'), sops }}
            onCancel={editing ? () => setEditing(undefined) : undefined}
            onSaved={(saved, created) => {
              setEditing(undefined);
              setProblem(undefined);
              setNotice(t(created ? 'configAdded' : 'configSaved', { name: nameOf(saved) }));
              configs.reload();
            }}
          />
        ) : (
          <Loading label={t('loading')} />
        )}
      </section>
    </>
  );
}
