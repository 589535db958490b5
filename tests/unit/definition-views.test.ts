/**
 * The job page's definition is rendered once per SOP version and viewer class:
 * users whose roles read the same declarations share one JSON text, and what
 * each class reads is exactly the uncached projection.
 */
import type { AuthUser } from '../../api/auth/auth-user';
import type { CachedVersion } from '../../api/sops/plan-cache';
import { definitionJsonFor, definitionViewOf, viewerClassOf } from '../../api/sops/definition-views';
import { vendorSopView } from '../../core/sop/vendor-view';
import type { SopDefinition } from '../../core/sop/types';
import { sop } from '../support/sop-builder';

const definition = {
  ...sop(
    [
      { id: 'start', type: 'start' },
      { id: 'draft', type: 'task', title: 'Draft', assignee: 'vendor', produces: ['banner'], escalation: [{ overdue: 'PT24H', notify: ['owner'], message: 'call them' }] },
      { id: 'end', type: 'end' },
    ],
    [{ from: 'start', to: 'draft' }, { from: 'draft', to: 'end' }],
  ),
  fields: [
    { id: 'budget', label: '预算', type: 'money', visibleTo: ['owner', 'procurement', 'admin'] },
    { id: 'contractNo', label: '合同号', type: 'text', visibleTo: ['procurement'] },
    { id: 'priority', label: '优先级', type: 'select', options: ['low', 'high'], visibleTo: ['qa', 'vendor'] },
  ],
} as unknown as SopDefinition;

const version = (): CachedVersion => ({ plan: {} as CachedVersion['plan'], definition, titles: new Map(), reasonLabels: new Map() });

function user(roles: AuthUser['roles'], orgKind: AuthUser['orgKind'] = 'internal', id = 'u1'): AuthUser {
  return { id, email: `${id}@x.example`, name: id, roles, orgId: orgKind === 'vendor' ? 'org-v' : 'org-i', orgKind, orgName: 'Org', locale: 'en', timezone: 'UTC' };
}

const fieldIds = (text: string) => (JSON.parse(text) as { fields: Array<{ id: string }> }).fields.map((f) => f.id);

test('each viewer class reads the declarations its roles may read, and nothing else', () => {
  const v = version();
  expect(fieldIds(definitionJsonFor(user(['manager']), v))).toEqual([]);
  expect(fieldIds(definitionJsonFor(user(['qa']), v))).toEqual(['priority']);
  expect(fieldIds(definitionJsonFor(user(['procurement']), v))).toEqual(['budget', 'contractNo']);
  expect(fieldIds(definitionJsonFor(user(['owner']), v))).toEqual(['budget', 'contractNo', 'priority']);
  expect(fieldIds(definitionJsonFor(user(['vendor'], 'vendor'), v))).toEqual(['priority']);
});

test('the cached text equals the uncached projection for staff and vendors (vendors get the vendor view)', () => {
  const v = version();
  for (const u of [user(['manager']), user(['qa', 'procurement']), user(['vendor'], 'vendor')]) {
    expect(definitionJsonFor(u, v)).toBe(JSON.stringify(definitionViewOf(u, definition)));
  }
  const vendorText = definitionJsonFor(user(['vendor'], 'vendor'), v);
  expect(vendorText).not.toContain('escalation');
  expect(vendorText).not.toContain('call them');
  expect(JSON.parse(vendorText)).toEqual(JSON.parse(JSON.stringify(vendorSopView(definitionViewOf(user(['vendor'], 'vendor'), definition) as SopDefinition))));
});

test('a vendor user with staff roles on record is still judged as a vendor, and role order does not split a class', () => {
  expect(viewerClassOf(user(['owner', 'admin'], 'vendor'))).toBe('vendor-org');
  expect(viewerClassOf(user(['qa', 'procurement']))).toBe(viewerClassOf(user(['procurement', 'qa'], 'internal', 'u2')));
  const v = version();
  const staffFirst = definitionJsonFor(user(['owner']), v);
  expect(fieldIds(definitionJsonFor(user(['owner'], 'vendor'), v))).toEqual(['priority']);
  expect(definitionJsonFor(user(['owner']), v)).toBe(staffFirst);
});

test('a staff user holding only the vendor role, reading first, does not fill the vendor organisations\' entry', () => {
  const v = version();
  const staff = definitionJsonFor(user(['vendor']), v);
  expect(staff).toContain('call them');
  expect(viewerClassOf(user(['vendor']))).not.toBe(viewerClassOf(user(['vendor'], 'vendor')));
  const vendorText = definitionJsonFor(user(['vendor'], 'vendor'), v);
  expect(vendorText).not.toContain('call them');
  expect(vendorText).toBe(JSON.stringify(definitionViewOf(user(['vendor'], 'vendor'), definition)));
});

test('an unknown version renders as null', () => {
  expect(definitionJsonFor(user(['owner']), undefined)).toBe('null');
});
