import { describe, expect, it } from 'vitest';
import { axisTicks, barsSpan, diamondPoints, PX_PER_DAY, stepBars, timeScale, visibleRows } from './gantt-layout';
import { filtersFromSearch, searchOf } from '../../features/portfolio/portfolio-filters';
import { portfolioRows, riskShade } from '../../features/portfolio/portfolio-rows';
import type { PortfolioJob } from '../../lib/api-types';

const ms = (iso: string) => Date.parse(iso);
const NOW = ms('2026-03-10T00:00:00Z');

describe('step bars', () => {
  it('draw planned activation → due and actual activation → completion; late when finished after the due time', () => {
    expect(stepBars({ start: '2026-03-01T00:00:00Z', due: '2026-03-02T00:00:00Z', end: '2026-03-02T06:00:00Z' }, NOW)).toEqual({
      planned: { from: ms('2026-03-01T00:00:00Z'), to: ms('2026-03-02T00:00:00Z') },
      actual: { from: ms('2026-03-01T00:00:00Z'), to: ms('2026-03-02T06:00:00Z') },
      late: true, open: false,
    });
  });

  it('run an open step to now, late once now is past its due time; no planned bar without a due time', () => {
    expect(stepBars({ start: '2026-03-09T00:00:00Z', due: '2026-03-11T00:00:00Z', end: null }, NOW)).toMatchObject({ actual: { to: NOW }, late: false, open: true });
    expect(stepBars({ start: '2026-03-08T00:00:00Z', due: '2026-03-09T00:00:00Z', end: null }, NOW)).toMatchObject({ late: true, open: true });
    expect(stepBars({ start: '2026-03-08T00:00:00Z', due: null, end: '2026-03-08T01:00:00Z' }, NOW)).not.toHaveProperty('planned');
  });

  it('span every bar and now, at least an hour', () => {
    const bars = [stepBars({ start: '2026-03-01T00:00:00Z', due: '2026-03-12T00:00:00Z', end: null }, NOW)];
    expect(barsSpan(bars, NOW)).toEqual({ min: ms('2026-03-01T00:00:00Z'), max: ms('2026-03-12T00:00:00Z') });
    expect(barsSpan([], NOW)).toEqual({ min: NOW, max: NOW + 3_600_000 });
  });
});

describe('the time scale', () => {
  it('gives each zoom level its pixels per day', () => {
    const min = ms('2026-03-01T00:00:00Z');
    const max = ms('2026-03-11T00:00:00Z');
    expect(PX_PER_DAY).toEqual({ day: 96, week: 20, month: 5 });
    expect(timeScale(min, max, 'day')).toMatchObject({ width: 960 });
    expect(timeScale(min, max, 'week').x(ms('2026-03-02T12:00:00Z'))).toBe(30);
    expect(timeScale(min, max, 'month').width).toBe(50);
  });

  it('ticks at local midnights, Mondays or month starts in the viewer\'s zone', () => {
    const from = ms('2026-02-27T00:00:00Z');
    const to = ms('2026-03-10T00:00:00Z');
    const day = axisTicks(from, to, 'day', 'Asia/Shanghai');
    expect(day[0]).toEqual({ at: ms('2026-02-27T16:00:00Z'), date: '2026-02-28' });
    expect(day).toHaveLength(11);
    expect(axisTicks(from, to, 'week', 'Asia/Shanghai')).toEqual([
      { at: ms('2026-03-01T16:00:00Z'), date: '2026-03-02' },
      { at: ms('2026-03-08T16:00:00Z'), date: '2026-03-09' },
    ]);
    expect(axisTicks(from, to, 'month', 'America/New_York')).toEqual([{ at: ms('2026-03-01T05:00:00Z'), date: '2026-03-01' }]);
  });
});

describe('row virtualisation', () => {
  it('renders only the rows in the viewport and a few either side', () => {
    expect(visibleRows(0, 240, 24, 1000)).toEqual({ first: 0, last: 15 });
    expect(visibleRows(2400, 240, 24, 1000)).toEqual({ first: 95, last: 115 });
    expect(visibleRows(24_000, 240, 24, 1000)).toEqual({ first: 995, last: 1000 });
    expect(visibleRows(0, 240, 24, 3)).toEqual({ first: 0, last: 3 });
  });

  it('draws a diamond around its centre', () => {
    expect(diamondPoints(10, 20, 6)).toBe('10,14 16,20 10,26 4,20');
  });
});

const job = (id: string, steps: number, risk: PortfolioJob['risk'] = null): PortfolioJob => ({
  id, code: id, title: id, status: 'running', sop: { key: 's', version: 1 }, vendorOrg: { id: 'v', name: 'V' },
  createdAt: '2026-03-01T00:00:00.000Z', completedAt: null, risk,
  steps: Array.from({ length: steps }, (_, i) => ({
    nodeId: `n${i}`, title: null, type: 'task', round: 1, status: 'active', plannedStart: '2026-03-01T00:00:00.000Z', plannedEnd: null,
    actualStart: '2026-03-01T00:00:00.000Z', actualEnd: null, overdue: false, milestone: false,
  })),
});

describe('portfolio rows and filters', () => {
  it('lay out a lane per job followed by a lane per step; shade by risk only when there is one', () => {
    expect(portfolioRows([job('a', 2), job('b', 0)]).map((r) => (r.kind === 'job' ? r.job.id : `${r.job.id}.${r.step.nodeId}`))).toEqual(['a', 'a.n0', 'a.n1', 'b']);
    expect(riskShade(job('a', 0))).toBe(0);
    expect(riskShade(job('a', 0, { probability: 0.8, level: 'high' }))).toBe(0.28);
  });

  it('read the filters from the URL, dropping malformed values, and write back only those set', () => {
    const filters = filtersFromSearch(new URLSearchParams('sop=banner&vendor=o-va&status=bogus&from=2026-03-01&to=March&zoom=month'));
    expect(filters).toEqual({ sop: 'banner', vendor: 'o-va', status: '', from: '2026-03-01', to: '', zoom: 'month' });
    expect(searchOf(filters)).toBe('sop=banner&vendor=o-va&from=2026-03-01&zoom=month');
    expect(searchOf(filters, false)).toBe('sop=banner&vendor=o-va&from=2026-03-01');
    expect(filtersFromSearch(new URLSearchParams('')).zoom).toBe('week');
  });
});
