import { listItems, type Instant, type JobStatusName, type JobSummary } from '../../lib/api-types';
import { toMillis } from '../../lib/time';

/** One point of the burndown: what was still open at the end of `day`. */
export interface BurndownPoint {
  day: number;
  open: number;
}

export interface Kpi {
  key: 'onTimeRate' | 'firstPassRate' | 'avgCycleHours' | 'avgReworkRounds' | 'rejections';
  value: number;
  /** `ratio` values are 0..1 and shown as percentages; `hours` as durations. */
  unit: 'count' | 'ratio' | 'hours' | 'rounds';
}

/** One vendor's row of `GET /api/analytics/vendors`. */
export interface VendorKpis {
  id: string;
  name?: string;
  jobsCompleted?: number;
  onTimeRate?: number;
  onTime?: { onTime: number; due: number };
  firstPassRate?: number;
  firstPass?: { passed: number; checked: number };
  avgCycleHours?: number;
  avgReworkRounds?: number;
  rejections?: number;
  delayCauses: Array<{ code: string; label: string; count: number }>;
}

/** An overdue step as the overview lists it. */
export interface OverdueRow {
  job: Pick<JobSummary, 'id' | 'code' | 'title'> & { vendorOrg?: { id: string; name?: string } };
  step: { nodeId: string; title?: string | null; dueAt?: Instant };
  assignee?: string | null;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Jobs per status from `GET /api/analytics/overview` (all jobs, not one page of the list). */
export function overviewStatusCounts(value: unknown): Partial<Record<JobStatusName, number>> | undefined {
  const counts = obj(obj(value)?.jobsByStatus);
  if (!counts) return undefined;
  return Object.fromEntries(Object.entries(counts).filter(([, v]) => num(v) !== undefined)) as Partial<Record<JobStatusName, number>>;
}

/** The overview's overdue list (step titles and who is assigned included). */
export function overviewOverdue(value: unknown): OverdueRow[] | undefined {
  const raw = obj(value)?.overdue;
  if (!Array.isArray(raw)) return undefined;
  return raw.flatMap((item) => {
    const r = obj(item);
    const job = obj(r?.job);
    if (!r || !job || typeof r.nodeId !== 'string') return [];
    return [
      {
        job: job as OverdueRow['job'],
        step: { nodeId: r.nodeId, title: (r.stepTitle as string | null) ?? null, dueAt: r.dueAt as Instant },
        assignee: (obj(r.assignee)?.name as string | null) ?? null,
      },
    ];
  });
}

/** The overview's burndown (`[{ date, open }]`), oldest first. */
export function overviewBurndown(value: unknown): BurndownPoint[] | undefined {
  const raw = obj(value)?.burndown;
  if (!Array.isArray(raw)) return undefined;
  return raw
    .flatMap((p) => {
      const r = obj(p);
      const day = toMillis((r?.date ?? r?.day) as Instant);
      const open = num(r?.open);
      return day === undefined || open === undefined ? [] : [{ day, open }];
    })
    .sort((a, b) => a.day - b.day);
}

/** One vendor organisation's jobs by status and overdue steps, counted by the server over all its jobs. */
export interface VendorStatusRow {
  id: string;
  name: string;
  jobsByStatus: Partial<Record<JobStatusName, number>>;
  overdueSteps: number;
}

/** The overview's per-vendor counts (`byVendor`). */
export function overviewByVendor(value: unknown): VendorStatusRow[] {
  const raw = obj(value)?.byVendor;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) => {
    const r = obj(item);
    const org = obj(r?.vendorOrg);
    if (!r || typeof org?.id !== 'string') return [];
    return [{ id: org.id, name: typeof org.name === 'string' ? org.name : org.id, jobsByStatus: (obj(r.jobsByStatus) ?? {}) as VendorStatusRow['jobsByStatus'], overdueSteps: num(r.overdueSteps) ?? 0 }];
  });
}

/** Per-vendor KPIs of `GET /api/analytics/vendors` (`{ vendors: [...] }`), keyed by organisation id. */
export function vendorKpis(value: unknown): Map<string, VendorKpis> {
  const out = new Map<string, VendorKpis>();
  const rows = listItems<Record<string, unknown>>(value);
  for (const row of rows.length ? rows : listItems<Record<string, unknown>>(obj(value)?.vendors)) {
    const org = obj(row.org) ?? obj(row.vendorOrg);
    const id = (org?.id ?? row.vendorOrgId ?? row.orgId) as string | undefined;
    if (!id) continue;
    out.set(id, {
      id,
      name: org?.name as string | undefined,
      jobsCompleted: num(row.jobsCompleted),
      onTimeRate: num(row.onTimeRate),
      onTime: obj(row.onTime) as VendorKpis['onTime'],
      firstPassRate: num(row.firstPassRate),
      firstPass: obj(row.firstPass) as VendorKpis['firstPass'],
      avgCycleHours: num(row.avgDeliveryCycleHours) ?? num(row.avgCycleHours),
      avgReworkRounds: num(row.avgReworkRounds),
      rejections: num(row.rejections),
      delayCauses: Array.isArray(row.delayCauses) ? (row.delayCauses as VendorKpis['delayCauses']) : [],
    });
  }
  return out;
}

/** Company-wide figures from the per-vendor rows: ratios pooled over their counts, averages weighted by completed jobs. */
export function overallKpis(vendors: Iterable<VendorKpis>): Kpi[] {
  let onTime = 0;
  let due = 0;
  let passed = 0;
  let checked = 0;
  let cycleSum = 0;
  let reworkSum = 0;
  let weight = 0;
  let rejections = 0;
  let any = false;
  for (const v of vendors) {
    any = true;
    onTime += v.onTime?.onTime ?? 0;
    due += v.onTime?.due ?? 0;
    passed += v.firstPass?.passed ?? 0;
    checked += v.firstPass?.checked ?? 0;
    rejections += v.rejections ?? 0;
    const w = v.jobsCompleted ?? 0;
    if (w && v.avgCycleHours !== undefined) {
      cycleSum += v.avgCycleHours * w;
      reworkSum += (v.avgReworkRounds ?? 0) * w;
      weight += w;
    }
  }
  if (!any) return [];
  const out: Kpi[] = [];
  if (due) out.push({ key: 'onTimeRate', unit: 'ratio', value: onTime / due });
  if (checked) out.push({ key: 'firstPassRate', unit: 'ratio', value: passed / checked });
  if (weight) out.push({ key: 'avgCycleHours', unit: 'hours', value: cycleSum / weight });
  if (weight) out.push({ key: 'avgReworkRounds', unit: 'rounds', value: reworkSum / weight });
  out.push({ key: 'rejections', unit: 'count', value: rejections });
  return out;
}
