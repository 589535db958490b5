import { describe, expect, it } from 'vitest';
import type { JobStep } from '../../lib/api-types';
import { assigneeOf } from './step-assignee';

const people = [
  { id: 'u-qa', name: 'Quinn', email: 'qa@demo.test' },
  { id: 'u-qa2', name: 'Quentin', email: 'qa2@demo.test' },
  { id: 'u-bea', name: '', email: 'bea@vendor-a.test' },
];
const job = { assignees: { qa: 'u-qa', owner: 'u-o' }, vendorOrg: { id: 'o-va', name: 'Vendor A' } };
const step = (over: Partial<JobStep>): JobStep => ({
  nodeId: 'qa', title: null, type: 'review', status: 'active', round: 1, activatedAt: '2026-11-27T08:00:00.000Z', dueAt: null, completedAt: null,
  outcome: null, assigneeRole: 'qa', assigneeUserId: null, ...over,
});

describe('who a step waits for', () => {
  it.each([
    ['the person bound to its role', step({}), 'Quinn'],
    ['the person it was reassigned to, over the role binding', step({ assigneeUserId: 'u-qa2' }), 'Quentin'],
    ['their e-mail when they have no name', step({ nodeId: 'draft', type: 'task', assigneeRole: 'vendor', assigneeUserId: 'u-bea' }), 'bea@vendor-a.test'],
    ['the vendor organisation when no one there is named', step({ nodeId: 'draft', type: 'task', assigneeRole: 'vendor' }), 'Vendor A'],
    ['nobody while the person is not known', step({ assigneeUserId: 'u-gone' }), undefined],
  ])('is %s', (_what, s, expected) => {
    expect(assigneeOf(s, job, people)).toBe(expected);
  });
});
