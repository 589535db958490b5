import { render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SopDefinition } from '../../../../core/sop/types';
import type { AuditEvent } from '../../lib/api-types';
import { LocaleProvider, type Locale } from '../../lib/i18n';
import { SessionProvider } from '../auth/session-context';
import { eventSentence } from './event-sentence';
import { EventTimeline } from './event-timeline';

const definition = {
  nodes: [
    { id: 'draft', type: 'task', title: '首页横幅', assignee: 'vendor', produces: ['banner'] },
    { id: 'qa', type: 'review', title: 'QA review', assignee: 'qa', reasons: [{ code: 'colour', label: '颜色不符' }] },
    { id: 'take', type: 'accept', title: '接单', assignee: 'vendor', reasons: [{ code: 'capacity', label: '产能不足' }] },
  ],
} as unknown as SopDefinition;

let seq = 0;
const ev = (type: string, data: Record<string, unknown>, actor = 'workflow'): AuditEvent =>
  ({ seq: (seq += 1), at: '2026-12-01T02:00:00.000Z', type, actor, actorId: null, data }) as unknown as AuditEvent;
const vendorA = 'Vendor A';
const qa = 'Quinn QA';

const story = [
  ev('job.created', { code: 'DD11-042' }, 'Olivia Owner'),
  ev('step.activated', { nodeId: 'draft', round: 2, dueAt: '2026-12-03T10:00:00.000Z' }),
  ev('submission.created', { nodeId: 'draft', round: 2 }, vendorA),
  ev('step.completed', { nodeId: 'draft', round: 2, outcome: 'submitted' }),
  ev('review.rejected', { nodeId: 'qa', round: 2, reasons: ['colour'] }, qa),
  ev('acceptance.declined', { nodeId: 'take', round: 1, reason: 'capacity' }, vendorA),
  ev('notice.escalation', { nodeId: 'draft', round: 2, level: 2 }),
  ev('step.deadline_changed', { nodeId: 'draft', round: 2, to: '2026-12-05T01:30:00.000Z' }, 'Max Manager'),
  ev('job.completed', {}),
  ev('something.new', { x: 1 }),
];

function show(locale: Locale) {
  return render(
    <LocaleProvider locale={locale}>
      <SessionProvider>
        <EventTimeline events={story} definition={definition} />
      </SessionProvider>
    </LocaleProvider>,
  );
}

beforeEach(() => {
  localStorage.setItem('sop.token', 'test-token');
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ id: 'u-o', email: 'o@demo.test', name: 'O', roles: ['owner'], orgId: 'o', org: { id: 'o', name: 'HQ', kind: 'internal' }, timezone: 'Asia/Shanghai' }), { status: 200, headers: { 'content-type': 'application/json' } })));
});
afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

const sentences = () => screen.getAllByRole('listitem').map((li) => within(li).getByText((_, el) => el?.classList.contains('tl-text') ?? false).textContent);

describe('the job timeline in words', () => {
  it('reads each event as a sentence with the step’s title, the person and reason labels, in English', async () => {
    show('en');
    await screen.findAllByRole('listitem');
    expect(sentences()).toEqual([
      'Olivia Owner created the job',
      expect.stringMatching(/^首页横幅 round 2 started, due \d{2}\/\d{2}\/\d{4}, 18:00/),
      'Vendor A submitted round 2 of 首页横幅',
      '首页横幅 round 2 finished: submitted',
      'Quinn QA rejected round 2 of QA review',
      'Vendor A declined the job: 产能不足',
      'Escalated to level 2: 首页横幅',
      expect.stringMatching(/^Max Manager moved the deadline of 首页横幅 to \d{2}\/\d{2}\/\d{4}, 09:30/),
      'The job completed',
      'something.new',
    ]);
  });

  it('reads the same events in Chinese', async () => {
    show('zh-CN');
    await screen.findAllByRole('listitem');
    const zh = sentences();
    expect(zh[2]).toBe('Vendor A 提交了「首页横幅」第 2 轮');
    expect(zh[4]).toBe('Quinn QA 驳回了「QA review」第 2 轮');
    expect(zh[5]).toBe('Vendor A 拒单：产能不足');
    expect(zh[8]).toBe('任务完成');
  });

  it('keeps the raw event type beside each sentence for auditors', async () => {
    show('en');
    await screen.findAllByRole('listitem');
    expect(screen.getByText('review.rejected').tagName).toBe('CODE');
  });
});

describe('eventSentence', () => {
  const ctx = { stepTitle: (id: string) => `<${id}>`, time: (iso: string) => iso.slice(0, 10) };
  it('falls back to the node id, the reason code and round 1 when it knows nothing more', () => {
    expect(eventSentence({ type: 'acceptance.declined', actorName: 'V', data: { nodeId: 'x', reason: 'price' } }, ctx)).toEqual({
      key: 'acceptance.declinedReason', params: { actor: 'V', step: '<x>', round: 1, reason: 'price' }, icon: '🤝',
    });
  });
  it('gives steps that end otherwise their status, and unknown notices their kind', () => {
    expect(eventSentence({ type: 'step.cancelled', data: { nodeId: 'd', round: 3 } }, ctx)).toMatchObject({ key: 'step.ended', params: { status: 'cancelled', round: 3 } });
    expect(eventSentence({ type: 'notice.fax', data: {} }, ctx)).toMatchObject({ key: 'notice.other', params: { kind: 'fax' } });
  });
  it('leaves an unknown event type without a message key', () => {
    expect(eventSentence({ type: 'audit.verified', data: {} }, ctx).key).toBeUndefined();
  });
});
