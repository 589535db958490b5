import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SopDefinition } from '../../../../core/sop/types';
import type { JobStep } from '../../lib/api-types';
import { stubApi } from '../../test/api-stub';
import { person, renderWithSession } from '../../test/render-with-session';
import { StepGantt } from './step-gantt';

const step = (nodeId: string, type: string, activatedAt: string, dueAt: string | null, completedAt: string | null): JobStep => ({
  nodeId, title: null, type, status: completedAt ? 'done' : 'active', round: 1, activatedAt, dueAt, completedAt, outcome: null, assigneeRole: null, assigneeUserId: null,
});
const definition = (milestone: boolean) => ({
  schemaVersion: 1, key: 'k', name: 'K', timezone: 'Asia/Shanghai', roles: ['vendor', 'qa'], deliverables: [],
  nodes: [{ id: 'start', type: 'start' }, { id: 'draft', type: 'task', assignee: 'vendor', produces: [], ...(milestone ? { milestone: true } : {}) }, { id: 'qa', type: 'review', assignee: 'qa' }, { id: 'end', type: 'end' }],
  edges: [],
}) as unknown as SopDefinition;

// Both steps done: the chart spans 1 March 00:00Z (first activation) to now.
const STEPS = [
  step('draft', 'task', '2026-03-01T00:00:00.000Z', '2026-03-03T00:00:00.000Z', '2026-03-02T00:00:00.000Z'),
  step('qa', 'review', '2026-03-02T00:00:00.000Z', '2026-03-04T00:00:00.000Z', '2026-03-05T00:00:00.000Z'),
];

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

describe('the job page Gantt', () => {
  it('marks a milestone node with a diamond at its due time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-11T00:00:00Z'));
    stubApi((_m, url) => (url === '/api/me' ? { body: person(['manager']) } : undefined));
    renderWithSession(<StepGantt steps={STEPS} definition={definition(true)} />);
    const diamond = await screen.findByTestId('milestone');
    // Due 2 days into a 10-day span.
    expect(diamond.style.left).toBe('20%');
    expect(screen.getAllByTestId('milestone')).toHaveLength(1);
    expect(document.querySelector('.gantt-legend')?.textContent).toContain('Milestone');
  });

  it('draws no diamond when no node is a milestone', async () => {
    stubApi((_m, url) => (url === '/api/me' ? { body: person(['manager']) } : undefined));
    renderWithSession(<StepGantt steps={STEPS} definition={definition(false)} />);
    await screen.findByRole('table', { name: 'Planned vs actual' });
    expect(screen.queryByTestId('milestone')).toBeNull();
  });
});
