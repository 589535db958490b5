import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobDetail } from '../../lib/api-types';
import { LocaleProvider } from '../../lib/i18n';
import { SessionProvider } from '../auth/session-context';
import { JobActions } from './job-actions';

const job: JobDetail = {
  id: 'job-1', code: 'DD11-042', title: 'Banner', status: 'running', workflowId: 'job-DD11-042', sop: { key: 's', version: 1 }, vendorOrg: { id: 'o-va', name: 'Vendor A' },
  ownerId: 'u-o', assignees: { vendor: 'u-va', qa: 'u-qa' }, createdAt: '2026-11-27T08:00:00.000Z', completedAt: null, fields: {}, activeSteps: ['draft'],
  steps: [{
    nodeId: 'draft', type: 'task', status: 'active', round: 1, activatedAt: '2026-11-27T08:00:00Z', dueAt: '2026-11-29T08:00:00Z', completedAt: null,
    outcome: null, assigneeRole: 'vendor', assigneeUserId: null, title: 'Submit the design',
  }],
  definition: null,
};
const people = [
  { id: 'u-qa', email: 'qa@demo.test', name: 'Quinn', roles: ['qa'], orgId: 'o-hq' },
  { id: 'u-qa2', email: 'qa2@demo.test', name: 'Quentin', roles: ['qa'], orgId: 'o-hq' },
  { id: 'u-va', email: 'vendor-a@demo.test', name: 'Alice', roles: ['vendor'], orgId: 'o-va' },
];

function stubApi(roles: string[]) {
  const posts: Array<{ url: string; body: unknown }> = [];
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    if (init?.method === 'POST') {
      posts.push({ url, body: JSON.parse(init.body as string) });
      return json({ ok: true });
    }
    if (url === '/api/me') return json({ id: 'u-m', email: 'm@demo.test', name: 'Max', roles, orgId: 'o-hq', org: { id: 'o-hq', name: 'HQ', kind: 'internal' }, timezone: 'Europe/Berlin' });
    if (url === '/api/users') return json({ items: people });
    if (url === '/api/jobs/job-1/delay-reasons') {
      return json({ items: [
        { code: 'scope-change', labels: { 'zh-CN': '需求变更', en: 'Scope change' }, active: true, position: 0 },
        { code: 'old', labels: { 'zh-CN': '旧', en: 'Retired one' }, active: false, position: 1 },
        { code: 'holiday', labels: { 'zh-CN': '节假日', en: 'Holiday' }, active: true, position: 2 },
      ] });
    }
    if (url === '/api/orgs') return json({ items: [{ id: 'o-hq', kind: 'internal' }, { id: 'o-va', kind: 'vendor' }] });
    return new Response('{}', { status: 404 });
  }));
  return posts;
}

function renderActions(onDone = vi.fn(), shown: JobDetail = job) {
  render(
    <LocaleProvider locale="en">
      <SessionProvider>
        <JobActions job={shown} onDone={onDone} />
      </SessionProvider>
    </LocaleProvider>,
  );
  return onDone;
}

beforeEach(() => localStorage.setItem('sop.token', 't'));
afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

describe('owner and manager actions on a job', () => {
  it('moves a deadline picked as wall-clock time in the viewer zone, naming an active reason and a note', async () => {
    const user = userEvent.setup();
    const posts = stubApi(['manager']);
    const onDone = renderActions();
    const picker = await screen.findByLabelText('New deadline (Europe/Berlin)');
    expect((picker as HTMLInputElement).value).toBe('2026-11-29T09:00');
    await user.clear(picker);
    await user.type(picker, '2026-12-01T18:00');
    const update = screen.getByRole('button', { name: 'Update deadline' });
    expect((update as HTMLButtonElement).disabled).toBe(true); // no reason chosen yet
    const reason = screen.getByLabelText('Reason for the delay');
    await waitFor(() => expect(Array.from((reason as HTMLSelectElement).options, (o) => o.text)).toEqual(['Choose a reason', 'Scope change', 'Holiday']));
    await user.selectOptions(reason, 'holiday');
    await user.type(screen.getByLabelText('Note (optional)'), ' 国庆 ');
    // The button enables once the reason's state is in: click then, not before (a click on a disabled button is lost).
    await waitFor(() => expect((update as HTMLButtonElement).disabled).toBe(false));
    await user.click(update);
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(posts).toEqual([{ url: '/api/jobs/job-1/steps/draft/deadline', body: { dueAt: '2026-12-01T17:00:00.000Z', reason: 'holiday', note: '国庆' } }]);
    expect(screen.getByRole('status').textContent).toBe('Deadline updated');
  });

  it('reassigns a role to another person holding it', async () => {
    const user = userEvent.setup();
    const posts = stubApi(['owner']);
    renderActions();
    await user.selectOptions(await screen.findByLabelText('Role'), 'qa');
    await waitFor(() => expect(screen.getByRole('option', { name: /Quentin/ })).toBeTruthy());
    expect(screen.queryByRole('option', { name: /Alice/ })).toBeNull();
    await user.selectOptions(screen.getByLabelText('Person'), 'u-qa2');
    await user.click(screen.getByRole('button', { name: 'Reassign' }));
    await waitFor(() => expect(posts).toEqual([{ url: '/api/jobs/job-1/assignees', body: { role: 'qa', userId: 'u-qa2' } }]));
  });

  it('cancels only after a second, confirming click, with the reason', async () => {
    const user = userEvent.setup();
    const posts = stubApi(['manager']);
    renderActions();
    await user.type(await screen.findByLabelText('Reason'), 'Client withdrew');
    await user.click(screen.getByRole('button', { name: 'Cancel job' }));
    expect(posts).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Confirm cancellation' }));
    await waitFor(() => expect(posts).toEqual([{ url: '/api/jobs/job-1/cancel', body: { reason: 'Client withdrew' } }]));
  });

  it('on a completed job offers only to explain its late steps: the chosen round, an active reason, a note', async () => {
    const user = userEvent.setup();
    const posts = stubApi(['owner']);
    const done = (round: number, dueAt: string, completedAt: string) => ({ ...job.steps[0]!, status: 'done' as const, round, dueAt, completedAt });
    const completed: JobDetail = {
      ...job, status: 'completed', activeSteps: [],
      steps: [done(1, '2026-11-28T08:00:00Z', '2026-11-28T20:00:00Z'), done(2, '2026-11-29T08:00:00Z', '2026-11-29T07:00:00Z'), done(3, '2026-11-30T08:00:00Z', '2026-11-30T09:00:00Z')],
    };
    const onDone = renderActions(vi.fn(), completed);
    const step = await screen.findByLabelText('Step finished late');
    expect(Array.from((step as HTMLSelectElement).options, (o) => o.text)).toEqual(['Submit the design · round 3', 'Submit the design · round 1']);
    expect(screen.queryByRole('button', { name: 'Update deadline' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Cancel job' })).toBeNull();
    await user.selectOptions(step, 'draft#1');
    const reason = screen.getByLabelText('Reason for the delay');
    await waitFor(() => expect((reason as HTMLSelectElement).options.length).toBe(3));
    await user.selectOptions(reason, 'scope-change');
    await user.type(screen.getByLabelText('Note (optional)'), '客户改稿');
    await user.click(screen.getByRole('button', { name: 'Save reason' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(posts).toEqual([{ url: '/api/jobs/job-1/steps/draft/delay-reason', body: { reason: 'scope-change', round: 1, note: '客户改稿' } }]);
    expect(screen.getByRole('status').textContent).toBe('Reason recorded');
  });

  it('is not offered to QA inspectors', async () => {
    stubApi(['qa']);
    renderActions();
    await waitFor(() => expect(fetch).toHaveBeenCalledWith('/api/me', expect.anything()));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByRole('region', { name: 'Manage' })).toBeNull();
  });
});
