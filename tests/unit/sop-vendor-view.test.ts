/**
 * vendorSopView keeps what a vendor needs to do the work and drops how the
 * buyer checks and escalates — by allow-list, so a field the format gains
 * later stays internal until it is listed.
 */
import { vendorSopView } from '../../core/sop/vendor-view';
import type { SopDefinition, SopNode } from '../../core/sop/types';
import { minimalReviewSop, sop } from '../support/sop-builder';

const INTERNAL: SopDefinition = sop(
  [
    { id: 'start', type: 'start' },
    {
      id: 'draft', type: 'task', title: 'Draft', assignee: 'vendor', produces: ['banner'], instructions: 'Use the brand red.',
      due: { after: 'P2D' }, maxRounds: 3, checklist: [{ id: 'fonts', label: 'Fonts outlined' }],
      reminders: [{ before: 'PT4H', notify: ['assignee'], message: 'due soon' }],
      escalation: [{ overdue: 'PT24H', notify: ['owner'], cc: ['buyer.lead@internal.example'], message: 'Vendor late, call them' }],
      futureSecret: 'internal only',
    } as SopNode,
    { id: 'auto', type: 'check', checks: [
      { kind: 'visual', deliverable: 'banner', threshold: 0.2, maxDiffRatio: 0.01, ignore: [{ x: 0, y: 0, width: 5, height: 5 }] },
      { kind: 'ocr', deliverable: 'banner', languages: ['eng'], mustContain: ['SALE'], mustNotContain: ['competitor'] },
      { kind: 'checklist' },
    ] },
    { id: 'qa', type: 'review', assignee: 'qa', instructions: 'Be strict with vendor X', reasons: [{ code: 'color', label: 'Wrong colour' }] },
    { id: 'ping', type: 'notify', notify: ['owner'], message: 'internal: margin is 40 %' },
    { id: 'end', type: 'end' },
  ],
  [{ from: 'start', to: 'draft' }, { from: 'draft', to: 'auto' }, { from: 'auto', to: 'qa', on: 'passed' }, { from: 'auto', to: 'draft', on: 'failed' }, { from: 'qa', to: 'ping', on: 'approved' }, { from: 'qa', to: 'draft', on: 'rejected' }, { from: 'ping', to: 'end' }],
  { description: 'Buyer notes: vendor X is on probation', layout: { draft: { x: 1, y: 2 } } },
);

test('a vendor gets steps, deliverables, checklist and reason labels, without check settings, reminders, escalations, notify text or description', () => {
  const view = vendorSopView(INTERNAL);
  expect(view.nodes).toEqual([
    { id: 'start', type: 'start' },
    { id: 'draft', type: 'task', title: 'Draft', assignee: 'vendor', due: { after: 'P2D' }, maxRounds: 3, instructions: 'Use the brand red.', produces: ['banner'], checklist: [{ id: 'fonts', label: 'Fonts outlined' }] },
    { id: 'auto', type: 'check', checks: [{ kind: 'visual', deliverable: 'banner' }, { kind: 'ocr', deliverable: 'banner' }, { kind: 'checklist' }] },
    { id: 'qa', type: 'review', assignee: 'qa', reasons: [{ code: 'color', label: 'Wrong colour' }] },
    { id: 'ping', type: 'notify' },
    { id: 'end', type: 'end' },
  ]);
  expect(view).not.toHaveProperty('description');
  expect(view.deliverables).toEqual(INTERNAL.deliverables);
  expect(view.edges).toEqual(INTERNAL.edges);
  expect(view.layout).toEqual({ draft: { x: 1, y: 2 } });
  const text = JSON.stringify(view);
  for (const secret of ['@internal.example', 'call them', 'SALE', 'competitor', '0.2', 'probation', 'margin', 'futureSecret', 'Be strict']) expect(text).not.toContain(secret);
});

test('the projection does not change the definition it reads', () => {
  const definition = minimalReviewSop();
  const before = JSON.stringify(definition);
  vendorSopView(definition);
  expect(JSON.stringify(definition)).toBe(before);
});

test('a vendor gets the task form questions they answer at submission, with options, bounds, file limits and help', () => {
  const form = [
    { id: 'fontsUsed', label: 'Fonts used', type: 'multiSelect', required: true, options: ['Noto Sans', 'Source Han'], help: 'Tick every font in the file' },
    { id: 'hours', label: 'Hours spent', type: 'number', min: 0, max: 200 },
    { id: 'proof', label: 'Print proof', type: 'file', accept: ['application/pdf'], maxBytes: 1048576 },
  ];
  const definition = sop(
    [
      { id: 'start', type: 'start' },
      { id: 'draft', type: 'task', assignee: 'vendor', produces: ['banner'], form } as SopNode,
      { id: 'end', type: 'end' },
    ],
    [{ from: 'start', to: 'draft' }, { from: 'draft', to: 'end' }],
  );
  expect(vendorSopView(definition).nodes[1]).toEqual({ id: 'draft', type: 'task', assignee: 'vendor', produces: ['banner'], form });
});

test('a vendor sees an accept step with its deadline and the labels of the reasons to decline, without its reminders and escalation ladder', () => {
  const definition = sop(
    [
      { id: 'start', type: 'start' },
      {
        id: 'take', type: 'accept', title: '接单', assignee: 'vendor', due: { after: 'PT8H' }, instructions: 'Answer within the day.',
        reminders: [{ before: 'PT1H', notify: ['assignee'], message: 'nudge them' }],
        escalation: [{ overdue: 'PT2H', notify: ['owner'], cc: ['lead@internal.example'], message: 'find another vendor' }],
        reasons: [{ code: 'capacity', label: '产能不足' }],
      },
      { id: 'end', type: 'end' },
    ],
    [{ from: 'start', to: 'take' }, { from: 'take', to: 'end', on: 'accepted' }, { from: 'take', to: 'end', on: 'declined' }],
  );
  const view = vendorSopView(definition);
  expect(view.nodes[1]).toEqual({
    id: 'take', type: 'accept', title: '接单', assignee: 'vendor', due: { after: 'PT8H' }, instructions: 'Answer within the day.', reasons: [{ code: 'capacity', label: '产能不足' }],
  });
  const text = JSON.stringify(view);
  for (const secret of ['nudge them', '@internal.example', 'find another vendor']) expect(text).not.toContain(secret);
});
