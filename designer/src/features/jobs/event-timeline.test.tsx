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

function show(locale: Locale, events: AuditEvent[] = story) {
  return render(
    <LocaleProvider locale={locale}>
      <SessionProvider>
        <EventTimeline events={events} definition={definition} />
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

/** A migration and a calendar change as the API records them (api/jobs/migrate-job.ts, activities/record-events.ts). */
const moves = [
  ev('job.migrated', { sopKey: 'banner', from: 1, to: 2, mapping: { review: 'qa' }, moves: [{ from: 'review', to: 'qa', type: 'review', round: 2, toRound: 1 }], changes: { deadlines: [], checks: [], assignees: [] } }, 'Wang Wu'),
  ev('step.skipped', { nodeId: 'draft', round: 2, type: 'task', outcome: 'migrated' }),
  ev('step.skipped', { nodeId: 'qa', round: 1, type: 'review', outcome: null }),
  ev('step.cancelled', { nodeId: 'draft', round: 3, type: 'task', outcome: null }),
  ev('step.deadline_changed', { nodeId: 'draft', round: 2, from: '2026-12-04T10:00:00.000Z', to: '2026-12-07T10:00:00.000Z', reason: 'calendar', calendarKey: 'cn-2027', calendarVersion: 3 }),
];

describe('the timeline of a migrated job and a calendar change', () => {
  it('says in English who moved the job between which versions, which steps moved, how others ended and that the work calendar changed', async () => {
    show('en', moves);
    await screen.findAllByRole('listitem');
    expect(sentences()).toEqual([
      'Wang Wu moved the job from version 1 to version 2',
      '首页横幅 moved to the new version',
      'QA review round 1 ended: skipped',
      '首页横幅 round 3 ended: cancelled',
      expect.stringMatching(/^The work calendar changed: 首页横幅 is now due \d{2}\/\d{2}\/\d{4}, 18:00$/),
    ]);
  });

  it('says the same in Chinese, with no raw status or reason code', async () => {
    show('zh-CN', moves);
    await screen.findAllByRole('listitem');
    const zh = sentences();
    expect(zh.slice(0, 4)).toEqual(['Wang Wu 把任务从版本 1 迁移到版本 2', '「首页横幅」迁移到新版本', '「QA review」第 1 轮结束：已跳过', '「首页横幅」第 3 轮结束：已取消']);
    expect(zh[4]).toMatch(/^工作日历更新：「首页横幅」的期限改为 .*18:00/);
    expect(zh.join('\n')).not.toMatch(/skipped|cancelled|calendar|job\.migrated/);
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
    expect(eventSentence({ type: 'step.cancelled', data: { nodeId: 'd', round: 3 } }, ctx)).toMatchObject({ key: 'step.ended', params: { status: 'cancelled', round: 3 }, statusKey: 'status.cancelled' });
    expect(eventSentence({ type: 'step.paused', data: { nodeId: 'd' } }, ctx)).toEqual({ key: 'step.ended', params: { actor: '', step: '<d>', round: 1, status: 'paused' }, icon: '⏱' });
    expect(eventSentence({ type: 'notice.fax', data: {} }, ctx)).toMatchObject({ key: 'notice.other', params: { kind: 'fax' } });
  });
  it('reads a migration without its versions as a move to a new version', () => {
    expect(eventSentence({ type: 'job.migrated', actorName: 'W', data: {} }, ctx)).toMatchObject({ key: 'job.migratedPlain', icon: '🔀' });
  });
  it('keeps a person’s reason for a deadline change apart from the calendar’s', () => {
    expect(eventSentence({ type: 'step.deadline_changed', actorName: 'M', data: { nodeId: 'd', to: '2026-12-09T00:00:00Z', reason: 'vendor_sick' } }, ctx)).toMatchObject({ key: 'step.deadline_changedReason', params: { reason: 'vendor_sick', to: '2026-12-09' } });
    expect(eventSentence({ type: 'step.deadline_changed', data: { nodeId: 'd', to: '2026-12-09T00:00:00Z', reason: 'calendar' } }, ctx)).toMatchObject({ key: 'step.deadline_changedCalendar', params: { to: '2026-12-09' } });
  });
  it('leaves an unknown event type without a message key', () => {
    expect(eventSentence({ type: 'audit.verified', data: {} }, ctx).key).toBeUndefined();
  });
});
