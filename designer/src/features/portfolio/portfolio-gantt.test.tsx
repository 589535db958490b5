import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { PortfolioJob, PortfolioStep } from '../../lib/api-types';
import { LocaleProvider } from '../../lib/i18n';
import { PX_PER_DAY, type GanttZoom } from '../../components/gantt/gantt-layout';
import { PortfolioGantt, ROW_HEIGHT } from './portfolio-gantt';

const NOW = Date.parse('2026-03-10T00:00:00Z');
const DAY = 86_400_000;

const step = (nodeId: string, s: Partial<PortfolioStep>): PortfolioStep => ({
  nodeId, title: nodeId, type: 'task', round: 1, status: 'done', plannedStart: '2026-03-01T00:00:00.000Z', plannedEnd: '2026-03-02T00:00:00.000Z',
  actualStart: '2026-03-01T00:00:00.000Z', actualEnd: '2026-03-01T12:00:00.000Z', overdue: false, milestone: false, ...s,
});
const job = (code: string, steps: PortfolioStep[], extra: Partial<PortfolioJob> = {}): PortfolioJob => ({
  id: `id-${code}`, code, title: `Job ${code}`, status: 'running', sop: { key: 'banner', version: 1 }, vendorOrg: { id: 'o-va', name: 'Vendor A' },
  createdAt: '2026-03-01T00:00:00.000Z', completedAt: null, risk: null, steps, ...extra,
});

const JOBS = [
  job('J1', [
    step('draft', { milestone: true }),
    step('qa', { status: 'active', plannedStart: '2026-03-02T00:00:00.000Z', plannedEnd: '2026-03-03T00:00:00.000Z', actualStart: '2026-03-02T00:00:00.000Z', actualEnd: null, overdue: true, milestone: true }),
  ], { risk: { probability: 0.6, level: 'medium' } }),
  job('J2', [step('draft', {}), step('wait', { plannedEnd: null })]),
];

function draw(zoom: GanttZoom, jobs = JOBS, onOpen = vi.fn()) {
  const view = render(
    <LocaleProvider locale="en">
      <PortfolioGantt jobs={jobs} now={NOW} zoom={zoom} zone="Asia/Shanghai" locale="en" onOpen={onOpen} height={240} />
    </LocaleProvider>,
  );
  return { ...view, onOpen };
}
const todayX = () => Number(screen.getByTestId('today-line').getAttribute('x1'));

describe('the portfolio Gantt', () => {
  it('draws milestones as diamonds, overdue actual bars red and a planned bar only where a step has a due time', () => {
    const { container } = draw('week');
    expect(screen.getAllByTestId('milestone')).toHaveLength(2);
    expect(screen.getAllByTestId('milestone').every((d) => d.tagName.toLowerCase() === 'polygon')).toBe(true);
    expect(screen.getAllByTestId('overdue')).toHaveLength(1);
    expect(screen.getByTestId('overdue').getAttribute('class')).toBe('pf-bar actual late open');
    expect(screen.getAllByTestId('planned')).toHaveLength(3);
    expect(container.querySelectorAll('.pf-bar.actual')).toHaveLength(4);
  });

  it('draws a step the job has not reached yet as its planned bar alone, from its planned start to end, with a hollow diamond for a milestone', () => {
    const planned = job('J3', [
      step('draft', { status: 'active', plannedStart: '2026-03-09T00:00:00.000Z', plannedEnd: '2026-03-11T00:00:00.000Z', actualStart: '2026-03-09T00:00:00.000Z', actualEnd: null }),
      step('review', { status: 'planned', plannedStart: '2026-03-11T00:00:00.000Z', plannedEnd: '2026-03-12T00:00:00.000Z', actualStart: null, actualEnd: null, milestone: true }),
    ]);
    const { container } = draw('day', [planned]);
    const bar = screen.getByTestId('forecast');
    // Day zoom: 96 px a day, so the planned day is 96 px wide.
    expect([bar.getAttribute('class'), Number(bar.getAttribute('width'))]).toEqual(['pf-bar planned forecast', 96]);
    expect(bar.textContent).toContain('Not started yet, planned');
    expect(container.querySelectorAll('[data-testid="forecast-step"] .pf-bar.actual')).toHaveLength(0);
    expect(screen.getByTestId('forecast-step').querySelector('[data-testid="milestone"]')?.getAttribute('class')).toBe('pf-milestone forecast');
    // Only the active step has an actual bar.
    expect(container.querySelectorAll('.pf-bar.actual')).toHaveLength(1);
  });

  it('shades a job with a delay risk and leaves one without it unshaded', () => {
    draw('week');
    expect(screen.getAllByTestId('risk')).toHaveLength(1);
    expect(screen.getByTestId('job-J1').querySelector('[data-testid="risk"]')?.getAttribute('style')).toBe('fill-opacity: 0.21;');
    expect(screen.getByTestId('job-J2').querySelector('[data-testid="risk"]')).toBeNull();
  });

  it('puts the today line at now and spreads time by the zoom: a day is 96 px, a week-zoom day 20 px, a month-zoom day 5 px', () => {
    // The chart starts a day before the earliest step (2026-03-01T00:00Z); labels take the first 220 px.
    const daysToNow = (NOW - (Date.parse('2026-03-01T00:00:00Z') - DAY)) / DAY;
    for (const zoom of ['day', 'week', 'month'] as const) {
      const { unmount } = draw(zoom);
      expect(todayX()).toBe(220 + daysToNow * PX_PER_DAY[zoom]);
      unmount();
    }
  });

  it('ticks the axis at each local midnight on the day zoom and at Mondays on the week zoom', () => {
    const { unmount } = draw('day');
    // The chart runs from 2026-02-28T00:00Z to a day after now: local (UTC+8) midnights of 1–11 March.
    const days = screen.getAllByTestId('tick').map((t) => t.textContent);
    expect([days.length, days[0], days.at(-1)]).toEqual([11, 'Mar 1', 'Mar 11']);
    unmount();
    draw('week');
    expect(screen.getAllByTestId('tick').map((t) => t.textContent)).toEqual(['Mar 2', 'Mar 9']);
  });

  it('opens the job when a bar or the job lane is clicked', () => {
    const { onOpen } = draw('week');
    fireEvent.click(screen.getByTestId('overdue'));
    fireEvent.click(screen.getByRole('link', { name: 'J2 Job J2' }));
    expect(onOpen.mock.calls).toEqual([['id-J1'], ['id-J2']]);
  });

  it('draws only the rows on screen of 300 jobs, and the next ones once scrolled', () => {
    const many = Array.from({ length: 300 }, (_, i) => job(`M${i}`, [step('draft', {})]));
    draw('week', many);
    const drawn = () => screen.getAllByRole('listitem').length;
    expect(drawn()).toBe(240 / ROW_HEIGHT + 5);
    expect(screen.queryByTestId('job-M100')).toBeNull();
    fireEvent.scroll(screen.getByTestId('pf-scroll'), { target: { scrollTop: 200 * ROW_HEIGHT } });
    expect(screen.getByTestId('job-M100')).toBeTruthy();
    expect(drawn()).toBe(240 / ROW_HEIGHT + 10);
  });
});
