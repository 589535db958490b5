import type { PortfolioJob, PortfolioStep } from '../../lib/api-types';

/** A row of the portfolio Gantt: a job's summary lane, then one lane per step. */
export type PortfolioRow = { kind: 'job'; job: PortfolioJob } | { kind: 'step'; job: PortfolioJob; step: PortfolioStep };

export function portfolioRows(jobs: PortfolioJob[]): PortfolioRow[] {
  const rows: PortfolioRow[] = [];
  for (const job of jobs) {
    rows.push({ kind: 'job', job });
    for (const step of job.steps) rows.push({ kind: 'step', job, step });
  }
  return rows;
}

/** Fill opacity of a job lane's risk shading (0 without a risk). */
export function riskShade(job: PortfolioJob): number {
  return job.risk ? Math.round(Math.min(1, Math.max(0, job.risk.probability)) * 0.35 * 100) / 100 : 0;
}
