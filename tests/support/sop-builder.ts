import { compileSop, type ExecutionPlan } from '../../core/sop/compile';
import type { SopDefinition, SopEdge, SopNode } from '../../core/sop/types';
import type { Actor, JobInput } from '../../core/jobs/contract';

/** A small SOP around the given nodes and edges, with the usual roles and one deliverable. */
export function sop(nodes: SopNode[], edges: SopEdge[], extra: Partial<SopDefinition> = {}): SopDefinition {
  return {
    schemaVersion: 1,
    key: 'test-sop',
    name: 'Test SOP',
    timezone: 'Asia/Shanghai',
    roles: ['owner', 'vendor', 'qa', 'manager'],
    deliverables: [{ id: 'banner', label: 'Banner', naming: '{job.code}_banner_v{version:2}.{ext:png|jpg}', reference: true }],
    nodes,
    edges,
    ...extra,
  };
}

/** start → draft (vendor task) → review (qa) → end, rejected back to draft. */
export function minimalReviewSop(draft: Partial<SopNode> = {}, review: Partial<SopNode> = {}): SopDefinition {
  return sop(
    [
      { id: 'start', type: 'start' },
      { id: 'draft', type: 'task', assignee: 'vendor', produces: ['banner'], ...draft } as SopNode,
      { id: 'review', type: 'review', assignee: 'qa', reasons: [{ code: 'color', label: 'Wrong colour' }], ...review } as SopNode,
      { id: 'end', type: 'end' },
    ],
    [
      { from: 'start', to: 'draft' },
      { from: 'draft', to: 'review' },
      { from: 'review', to: 'end', on: 'approved' },
      { from: 'review', to: 'draft', on: 'rejected' },
    ],
  );
}

/**
 * start → take (vendor accepts, 接单) → draft (vendor task) → end; a decline
 * goes to an owner task `reassign` that leads back to `take`.
 */
export function acceptSop(take: Partial<SopNode> = {}): SopDefinition {
  return sop(
    [
      { id: 'start', type: 'start' },
      { id: 'take', type: 'accept', title: '接单', assignee: 'vendor', due: { after: 'PT8H' }, reasons: [{ code: 'capacity', label: '产能不足' }, { code: 'price', label: '价格太低' }], ...take } as SopNode,
      { id: 'draft', type: 'task', assignee: 'vendor', produces: ['banner'] },
      { id: 'reassign', type: 'task', title: '换供应商', assignee: 'owner', produces: [] },
      { id: 'end', type: 'end' },
    ],
    [
      { from: 'start', to: 'take' },
      { from: 'take', to: 'draft', on: 'accepted' },
      { from: 'take', to: 'reassign', on: 'declined' },
      { from: 'reassign', to: 'take' },
      { from: 'draft', to: 'end' },
    ],
  );
}

export const vendor: Actor = { userId: 'u-vendor', orgId: 'org-vendor-a', roles: ['vendor'] };
export const otherVendor: Actor = { userId: 'u-vendor-b', orgId: 'org-vendor-b', roles: ['vendor'] };
export const qa: Actor = { userId: 'u-qa', orgId: 'org-internal', roles: ['qa'] };
export const owner: Actor = { userId: 'u-owner', orgId: 'org-internal', roles: ['owner'] };

export function jobInput(definition: SopDefinition, overrides: Partial<JobInput> = {}): JobInput {
  const plan: ExecutionPlan = compileSop(definition, 1);
  return {
    jobId: `job-${Math.random().toString(36).slice(2, 10)}`,
    code: 'ABC-001',
    title: 'Test job',
    plan,
    vendorOrgId: vendor.orgId,
    vendorName: 'Vendor A',
    assignees: { vendor: vendor.userId, qa: qa.userId, owner: owner.userId, manager: 'u-manager' },
    references: { banner: 'file-ref' },
    ...overrides,
  };
}
