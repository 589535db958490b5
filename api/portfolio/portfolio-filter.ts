/**
 * The filter shared by the portfolio Gantt and its burndown: SOP key, vendor
 * organisation, job status and a period. As SQL conditions on `Job j`, every
 * value a parameter.
 */
export interface PortfolioFilter {
  sopKey?: string;
  vendorOrgId?: string;
  status?: string;
  /** Jobs still open at or finished after this instant. */
  from?: Date;
  /** Jobs started before this instant. */
  to?: Date;
}

/** `WHERE` conditions on `j` for `filter`; `param` appends a value and returns its `$n`. */
export function portfolioConditions(filter: PortfolioFilter, param: (value: unknown) => string): string[] {
  const where: string[] = [];
  if (filter.sopKey) where.push(`j."sopKey" = ${param(filter.sopKey)}`);
  if (filter.vendorOrgId) where.push(`j."vendorOrgId" = ${param(filter.vendorOrgId)}`);
  if (filter.status) where.push(`j.status = ${param(filter.status)}::"JobStatus"`);
  // A job overlaps the period when it started before its end and was still open at its start.
  if (filter.from) where.push(`(j."completedAt" IS NULL OR j."completedAt" >= ${param(filter.from)}::timestamptz)`);
  if (filter.to) where.push(`j."createdAt" < ${param(filter.to)}::timestamptz`);
  return where;
}

/** A parameter list and its `param` appender. */
export function parameters(): { params: unknown[]; param: (value: unknown) => string } {
  const params: unknown[] = [];
  return { params, param: (value) => (params.push(value), `$${params.length}`) };
}
