import { useId, useState } from 'react';
import { Card } from '../../components/card';
import { EmptyState, Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { listItems } from '../../lib/api-types';
import { problemOf } from '../../lib/problem';
import { useResource } from '../../lib/use-resource';
import { useSession } from '../auth/session-context';
import { InviteForm, type InviteRequest } from './invite-form';
import { OrgForm } from './org-form';
import { OrgOptions } from './org-options';
import { groupPeople, type Org, type OrgFilter, type Person, type PeopleGroup } from './people';
import { usePeopleT } from './people-messages';
import { PersonRow } from './person-row';
import { UserForm } from './user-form';

/** Admins: everyone who can sign in, by organisation, with search; roles, disable/enable, invitations, new organisations and internal accounts. */
export function PeoplePanel() {
  const t = usePeopleT();
  const id = useId();
  const { me } = useSession();
  const orgsRes = useResource<unknown>('/orgs');
  const usersRes = useResource<unknown>('/users');
  const orgs = listItems<Org>(orgsRes.data);
  const people = listItems<Person>(usersRes.data);
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<OrgFilter>('all');
  const [notice, setNotice] = useState<string>();
  const [invite, setInvite] = useState<InviteRequest>();
  const groups = groupPeople(orgs, people, filter, query);
  const error = orgsRes.error ?? usersRes.error;
  const reload = () => {
    orgsRes.reload();
    usersRes.reload();
  };
  const changed = (message: string) => {
    setNotice(message);
    usersRes.reload();
  };
  const inviteTo = (org: Org, focus: boolean) => setInvite((r) => ({ orgId: org.id, focus, seq: (r?.seq ?? 0) + 1 }));

  return (
    <div className="people-layout">
      <Card
        title={t('title')}
        aside={
          <button type="button" className="btn small ghost" onClick={reload}>
            ↻ {t('refresh')}
          </button>
        }
      >
        <div className="stack">
          <p className="muted small settings-hint">{t('hint')}</p>
          <div className="row filters people-filters">
            <div className="field">
              <label htmlFor={`${id}-q`}>{t('search')}</label>
              <input id={`${id}-q`} type="search" placeholder={t('searchHint')} value={query} onChange={(e) => setQuery(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-org`}>{t('orgFilter')}</label>
              <select id={`${id}-org`} value={filter} onChange={(e) => setFilter(e.target.value as OrgFilter)}>
                <option value="all">{t('filter.all')}</option>
                <option value="internal">{t('filter.internal')}</option>
                <option value="vendor">{t('filter.vendor')}</option>
                <OrgOptions orgs={orgs} kinds={['internal', 'vendor']} valuePrefix="org:" />
              </select>
            </div>
          </div>
          {notice && (
            <div className="success" role="status">
              {notice}
            </div>
          )}
          {error ? (
            <ProblemBanner problem={problemOf(error)} title={t('loadFailed')} />
          ) : !orgsRes.data || !usersRes.data ? (
            <Loading label={t('loading')} />
          ) : groups.length === 0 ? (
            <EmptyState title={query.trim() ? t('noMatch', { q: query.trim() }) : t('noOne')} />
          ) : (
            groups.map((g) => <OrgGroup key={g.org.id} group={g} selfId={me?.id} onChanged={changed} onInvite={() => inviteTo(g.org, true)} />)
          )}
        </div>
      </Card>
      <div className="people-side">
        <section className="card card-pad">
          {orgsRes.data ? <InviteForm orgs={orgs} request={invite} /> : <Loading label={t('loading')} />}
        </section>
        <section className="card card-pad">
          <OrgForm
            onAdded={(org) => {
              orgsRes.reload();
              if (org.kind === 'vendor') inviteTo(org, false);
            }}
          />
        </section>
        <section className="card card-pad">
          {orgsRes.data ? <UserForm orgs={orgs} onCreated={() => usersRes.reload()} /> : <Loading label={t('loading')} />}
        </section>
      </div>
    </div>
  );
}

function OrgGroup({ group, selfId, onChanged, onInvite }: { group: PeopleGroup; selfId?: string; onChanged: (message: string) => void; onInvite: () => void }) {
  const t = usePeopleT();
  const id = useId();
  const { org, people } = group;
  return (
    <section className={`org-group kind-${org.kind}`} aria-labelledby={`${id}-title`}>
      <div className="org-head">
        <h3 id={`${id}-title`}>{org.name}</h3>
        <span className={`kind-tag kind-${org.kind}`}>{t(`kind.${org.kind}`)}</span>
        <span className="muted small">{people.length === 1 ? t('onePerson') : t('nPeople', { n: people.length })}</span>
        <button type="button" className="btn small ghost org-invite" onClick={onInvite}>
          + {t('inviteTo', { org: org.name })}
        </button>
      </div>
      {people.length === 0 ? (
        <p className="muted small org-empty">{t('noOne')}</p>
      ) : (
        <ul className="people-list">
          {people.map((p) => (
            <PersonRow key={p.id} person={p} org={org} self={p.id === selfId} onChanged={onChanged} />
          ))}
        </ul>
      )}
    </section>
  );
}
