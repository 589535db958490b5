import { describe, expect, it } from 'vitest';
import { groupPeople, looksLikeEmail, rolesFor, type Org, type Person } from './people';
import { patchOf } from './person-row';

const orgs: Org[] = [
  { id: 'vb', name: 'Vendor B', kind: 'vendor', timezone: 'Asia/Shanghai', createdAt: '2026-11-01T00:00:00.000Z' },
  { id: 'hq', name: 'HQ', kind: 'internal', timezone: 'Asia/Shanghai', createdAt: '2026-11-01T00:00:00.000Z' },
  { id: 'va', name: 'Vendor A', kind: 'vendor', timezone: 'Asia/Shanghai', createdAt: '2026-11-01T00:00:00.000Z' },
  { id: 'lab', name: 'Design Lab', kind: 'internal', timezone: 'Asia/Shanghai', createdAt: '2026-11-01T00:00:00.000Z' },
];
const p = (id: string, name: string, email: string, orgId: string): Person => ({ id, name, email, orgId, roles: orgId.startsWith('v') ? ['vendor'] : ['qa'], locale: 'zh-CN', timezone: 'Asia/Shanghai', disabled: false });
const people = [p('1', 'Zoe', 'zoe@hq.test', 'hq'), p('2', 'Amy', 'amy@hq.test', 'hq'), p('3', 'Bo', 'bo@va.test', 'va'), p('4', '', 'nameless@vb.test', 'vb')];
const shape = (groups: ReturnType<typeof groupPeople>) => groups.map((g) => [g.org.name, g.people.map((x) => x.name || x.email)]);

describe('people grouped by organisation', () => {
  it('lists internal organisations first, then vendors, each by name, and people by name (else e-mail), empty organisations included', () => {
    expect(shape(groupPeople(orgs, people, 'all', ''))).toEqual([
      ['Design Lab', []],
      ['HQ', ['Amy', 'Zoe']],
      ['Vendor A', ['Bo']],
      ['Vendor B', ['nameless@vb.test']],
    ]);
  });

  it('narrows to one kind or one organisation, and while searching leaves out organisations where no one matches', () => {
    expect(shape(groupPeople(orgs, people, 'vendor', ''))).toEqual([['Vendor A', ['Bo']], ['Vendor B', ['nameless@vb.test']]]);
    expect(shape(groupPeople(orgs, people, 'org:hq', ''))).toEqual([['HQ', ['Amy', 'Zoe']]]);
    expect(shape(groupPeople(orgs, people, 'all', ' HQ.TEST '))).toEqual([['HQ', ['Amy', 'Zoe']]]);
    expect(shape(groupPeople(orgs, people, 'internal', 'bo'))).toEqual([]);
  });
});

describe('roles and edits', () => {
  it('offers vendor organisations only the vendor role and internal ones every other role', () => {
    expect(rolesFor('vendor')).toEqual(['vendor']);
    expect(rolesFor('internal')).toEqual(['admin', 'owner', 'qa', 'manager', 'procurement']);
  });

  it('patches only what an edit changed, and nothing when nothing did', () => {
    const quinn: Person = { id: 'q', name: 'Quinn', email: 'q@hq.test', orgId: 'hq', roles: ['qa', 'manager'], locale: 'zh-CN', timezone: 'Asia/Shanghai', disabled: false };
    expect(patchOf(quinn, ' Quinn ', ['manager', 'qa'])).toBeUndefined();
    expect(patchOf(quinn, 'Quinn Lee', ['qa', 'manager'])).toEqual({ name: 'Quinn Lee' });
    expect(patchOf(quinn, 'Quinn', ['qa'])).toEqual({ roles: ['qa'] });
  });

  it('takes an e-mail address for one only when it has a local part, an @ and a domain with a dot', () => {
    expect([' bea@vendor-a.test ', 'bea@vendor', 'bea vendor@a.test', '@a.test'].map(looksLikeEmail)).toEqual([true, false, false, false]);
  });
});
