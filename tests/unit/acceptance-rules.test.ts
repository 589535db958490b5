/**
 * refuseAcceptance: the pure rule the API and the accept Update's validator
 * share — who may answer an accept step (接单), and what a decline must say.
 */
import { refuseAcceptance, refuseVendorChange, type RuleContext } from '../../core/jobs/action-rules';
import type { AcceptInput, JobState, StepState } from '../../core/jobs/contract';
import { compileSop } from '../../core/sop/compile';
import type { SopDefinition } from '../../core/sop/types';
import { sop } from '../support/sop-builder';

const DEFINITION: SopDefinition = sop(
  [
    { id: 'start', type: 'start' },
    { id: 'take', type: 'accept', assignee: 'vendor', reasons: [{ code: 'capacity', label: '产能不足' }, { code: 'price', label: '价格太低' }] },
    { id: 'plain', type: 'accept', assignee: 'vendor' },
    { id: 'draft', type: 'task', assignee: 'vendor', produces: ['banner'] },
    { id: 'end', type: 'end' },
  ],
  [
    { from: 'start', to: 'take' },
    { from: 'take', to: 'plain', on: 'accepted' },
    { from: 'take', to: 'end', on: 'declined' },
    { from: 'plain', to: 'draft', on: 'accepted' },
    { from: 'plain', to: 'end', on: 'declined' },
    { from: 'draft', to: 'end' },
  ],
);
const PLAN = compileSop(DEFINITION, 1);

const step = (nodeId: string, extra: Partial<StepState> = {}): StepState => ({
  nodeId, type: 'accept', round: 1, status: 'active', activatedAt: 0, assigneeRole: 'vendor', deadlineEpoch: 0, reminders: [], escalations: [], ...extra,
});

function context(active: StepState[], status: JobState['status'] = 'running'): RuleContext {
  const state: JobState = {
    status, active: Object.fromEntries(active.map((s) => [s.nodeId, s])), history: [], rounds: {}, joinArrivals: {},
    assignees: { vendor: 'vendor-user', owner: 'owner-user' }, latestFiles: {}, transitions: 0, runs: 0,
  };
  return { state, plan: PLAN, vendorOrgId: 'org-vendor' };
}

const vendor = { userId: 'vendor-user', orgId: 'org-vendor', roles: ['vendor'] };
const input = (over: Partial<AcceptInput>): AcceptInput => ({ nodeId: 'take', actor: vendor, decision: 'accepted', ...over });
const code = (ctx: RuleContext, i: AcceptInput) => refuseAcceptance(ctx, i)?.code;

test('the bound vendor may accept without a reason, or decline with one of the declared reasons', () => {
  const ctx = context([step('take')]);
  expect(refuseAcceptance(ctx, input({}))).toBeUndefined();
  expect(refuseAcceptance(ctx, input({ decision: 'declined', reason: 'price', note: 'half the usual rate' }))).toBeUndefined();
});

test('a decline without a reason is refused with the reasons to choose from when the step declares reasons', () => {
  expect(refuseAcceptance(context([step('take')]), input({ decision: 'declined' }))).toEqual({
    code: 'REASON_REQUIRED', message: 'A decline needs a reason code; choose from: capacity, price.',
  });
});

test('a decline needs no reason when the step declares none, but a reason it does not declare is unknown', () => {
  const ctx = context([step('plain')]);
  expect(refuseAcceptance(ctx, input({ nodeId: 'plain', decision: 'declined' }))).toBeUndefined();
  expect(code(ctx, input({ nodeId: 'plain', decision: 'declined', reason: 'capacity' }))).toBe('REASON_UNKNOWN');
});

test('an unknown reason code and a reason on an acceptance are refused as REASON_UNKNOWN', () => {
  const ctx = context([step('take')]);
  expect(refuseAcceptance(ctx, input({ decision: 'declined', reason: 'weather' }))).toEqual({
    code: 'REASON_UNKNOWN', message: 'Unknown reason code weather; choose from: capacity, price.',
  });
  expect(code(ctx, input({ decision: 'accepted', reason: 'capacity' }))).toBe('REASON_UNKNOWN');
});

test('another organisation\'s vendor, or an internal user without the vendor binding, is NOT_ASSIGNEE', () => {
  const ctx = context([step('take')]);
  expect(code(ctx, input({ actor: { userId: 'other-vendor', orgId: 'org-other', roles: ['vendor'] } }))).toBe('NOT_ASSIGNEE');
  expect(code(ctx, input({ actor: { userId: 'owner-user', orgId: 'org-buyer', roles: ['owner'] } }))).toBe('NOT_ASSIGNEE');
});

test('an inactive, busy or non-accept step, a finished job and a made-up decision are refused before anything else', () => {
  expect(code(context([]), input({}))).toBe('STEP_NOT_ACTIVE');
  expect(code(context([step('take', { busy: true })]), input({}))).toBe('STEP_BUSY');
  expect(code(context([step('take')]), input({ nodeId: 'draft' }))).toBe('STEP_WRONG_TYPE');
  expect(code(context([step('take')], 'completed'), input({}))).toBe('JOB_NOT_RUNNING');
  expect(code(context([step('take')]), input({ decision: 'maybe' as 'accepted' }))).toBe('DECISION_INVALID');
});

describe('refuseVendorChange', () => {
  const parallel = compileSop(
    sop(
      [
        { id: 'start', type: 'start' },
        { id: 'take', type: 'accept', assignee: 'vendor' },
        { id: 'fork', type: 'parallel' },
        { id: 'a', type: 'task', assignee: 'vendor', produces: ['banner'] },
        { id: 'b', type: 'task', assignee: 'vendor', produces: ['banner'] },
        { id: 'meet', type: 'join' },
        { id: 'qa', type: 'review', assignee: 'qa' },
        { id: 'end', type: 'end' },
      ],
      [
        { from: 'start', to: 'take' }, { from: 'take', to: 'fork', on: 'accepted' }, { from: 'take', to: 'end', on: 'declined' },
        { from: 'fork', to: 'a' }, { from: 'fork', to: 'b' }, { from: 'a', to: 'meet' }, { from: 'b', to: 'meet' }, { from: 'meet', to: 'qa' },
        { from: 'qa', to: 'end', on: 'approved' }, { from: 'qa', to: 'take', on: 'rejected' },
      ],
    ),
    1,
  );
  const change = (restartFrom?: string) => ({ vendorOrgId: 'org-b', vendorName: 'B', restartFrom, actor: { userId: 'owner-user', orgId: 'org-buyer', roles: ['owner'] } });
  const ctx = (status: JobState['status'] = 'running'): RuleContext => ({ ...context([], status), plan: parallel });

  test('allows a change without a restart, or a restart from a human step outside parallel sections', () => {
    expect(refuseVendorChange(ctx(), change())).toBeUndefined();
    expect(refuseVendorChange(ctx(), change('take'))).toBeUndefined();
    expect(refuseVendorChange(ctx('stuck'), change('qa'))).toBeUndefined();
  });

  test('refuses a restart inside a parallel section, from a step that is not a person\'s, or on an ended job', () => {
    expect(refuseVendorChange(ctx(), change('a'))).toEqual({ code: 'RESTART_NODE_INVALID', message: 'Step "a" is inside a parallel section; restart from a step before it.' });
    expect(refuseVendorChange(ctx(), change('fork'))?.code).toBe('RESTART_NODE_INVALID');
    expect(refuseVendorChange(ctx(), change('missing'))?.code).toBe('RESTART_NODE_INVALID');
    expect(refuseVendorChange(ctx('completed'), change())?.code).toBe('JOB_NOT_RUNNING');
  });
});
