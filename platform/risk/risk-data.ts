/**
 * Reads what the delay-risk model learns from and scores, straight from the
 * product's read model (the rows the workflow's recording activities write):
 * vendor task steps with a due time (StepRun of type `task`, role `vendor` —
 * the steps the vendor report counts), their job's vendor and SOP, the SOP
 * version's calendar and zone (or the shared calendar version the job is on), the reports filed and missed and the files
 * submitted for each step round. One query per kind of fact.
 */
import { compileCalendar, DEFAULT_BUSINESS_CALENDAR } from '../../core/time/business-calendar';
import { businessHoursBetween, holidaysBetween, type RiskCalendar } from '../../core/risk/business-hours';
import { buildHistoryIndex, type HistoryIndex } from '../../core/risk/history';
import type { RiskStep } from '../../core/risk/dataset';
import { inlineCalendar, type BusinessCalendarSpec, type CalendarRef } from '../../core/sop/types';
import { isUsableTimeZone } from '../../core/sop/value-rules';
import type { Database } from '../db/database';

export interface RiskData {
  steps: RiskStep[];
  history: HistoryIndex;
}

interface StepRow {
  id: string;
  jobId: string;
  nodeId: string;
  round: number;
  activatedAt: Date;
  dueAt: Date;
  completedAt: Date | null;
  status: string;
  vendorOrgId: string;
  sopKey: string;
  sopVersion: number;
  calendarKey: string | null;
  calendarVersion: number | null;
}

const key = (jobId: string, nodeId: string, round: number) => `${jobId}\u0000${nodeId}\u0000${round}`;

/** Every vendor task step with a due time that is active or done (skipped and cancelled ones never finished). */
export async function loadRiskData(db: Database): Promise<RiskData> {
  const rows = await db.query<StepRow>(
    `SELECT s."id", s."jobId", s."nodeId", s."round", s."activatedAt", s."dueAt", s."completedAt", s."status"::text AS "status",
            j."vendorOrgId", j."sopKey", j."sopVersion", j."calendarKey", j."calendarVersion"
     FROM "StepRun" s JOIN "Job" j ON j."id" = s."jobId"
     WHERE s."type" = 'task' AND s."assigneeRole" = 'vendor' AND s."dueAt" IS NOT NULL AND s."status" IN ('active', 'done')
     ORDER BY s."activatedAt", s."id"`,
    [],
  );
  const versions = await db.query<{ sopKey: string; version: number; timezone: string | null; calendar: BusinessCalendarSpec | CalendarRef | null }>(
    `SELECT "sopKey", "version", "definition"->>'timezone' AS "timezone", "definition"->'calendar' AS "calendar" FROM "SopVersion"`,
    [],
  );
  // A SOP naming a shared calendar (`{ ref }`) has none of its own: its jobs run on the version they are on.
  const calendars = new Map<string, RiskCalendar>(versions.map((v) => [
    `${v.sopKey}@${Number(v.version)}`,
    { calendar: compileCalendar(inlineCalendar(v.calendar ?? undefined) ?? DEFAULT_BUSINESS_CALENDAR), timezone: v.timezone || 'Asia/Shanghai' },
  ]));
  const shared = await db.query<{ calendarKey: string; version: number; timezone: string; spec: BusinessCalendarSpec }>(
    `SELECT v."calendarKey", v."version", v."timezone", v."spec" FROM "CalendarVersion" v
      WHERE EXISTS (SELECT 1 FROM "Job" j WHERE j."calendarKey" = v."calendarKey" AND j."calendarVersion" = v."version")`,
    [],
  );
  // Only the versions some job is on; one that cannot be read (or a zone this process lacks) leaves its jobs on the SOP's.
  const sharedCalendars = new Map<string, RiskCalendar>(shared.flatMap((v): Array<[string, RiskCalendar]> => {
    try {
      if (!isUsableTimeZone(v.timezone)) return [];
      return [[`${v.calendarKey}@${Number(v.version)}`, { calendar: compileCalendar(v.spec), timezone: v.timezone }]];
    } catch {
      return [];
    }
  }));
  const fallback: RiskCalendar = { calendar: compileCalendar(DEFAULT_BUSINESS_CALENDAR), timezone: 'Asia/Shanghai' };

  const filed = new Map<string, number[]>();
  const uploads = new Map<string, number[]>();
  const missed = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, k: string, t: number) => {
    const list = map.get(k) ?? [];
    list.push(t);
    map.set(k, list);
  };
  const reports = await db.query<{ jobId: string; nodeId: string; round: number; status: string; createdAt: Date; dueAt: Date }>(
    `SELECT "jobId", "nodeId", "round", "status"::text AS "status", "createdAt", "dueAt" FROM "JobReport"`,
    [],
  );
  for (const r of reports) {
    const k = key(r.jobId, r.nodeId, Number(r.round));
    if (r.status === 'filed') push(filed, k, r.createdAt.getTime());
    else push(missed, k, r.dueAt.getTime());
  }
  const submissions = await db.query<{ jobId: string; nodeId: string; round: number; createdAt: Date }>(
    `SELECT "jobId", "nodeId", "round", "createdAt" FROM "Submission"`,
    [],
  );
  for (const s of submissions) push(uploads, key(s.jobId, s.nodeId, Number(s.round)), s.createdAt.getTime());

  const steps: RiskStep[] = rows.map((r) => {
    const calendar = (r.calendarKey !== null && r.calendarVersion !== null ? sharedCalendars.get(`${r.calendarKey}@${Number(r.calendarVersion)}`) : undefined)
      ?? calendars.get(`${r.sopKey}@${Number(r.sopVersion)}`) ?? fallback;
    const k = key(r.jobId, r.nodeId, Number(r.round));
    return {
      id: r.id, jobId: r.jobId, nodeId: r.nodeId, round: Number(r.round), calendar,
      completedAt: r.status === 'done' && r.completedAt ? r.completedAt.getTime() : null,
      snapshot: {
        vendorId: r.vendorOrgId, sopKey: r.sopKey, nodeId: r.nodeId, round: Number(r.round),
        activatedAt: r.activatedAt.getTime(), dueAt: r.dueAt.getTime(), filed: filed.get(k) ?? [], uploads: uploads.get(k) ?? [], missed: missed.get(k) ?? [],
      },
    };
  });
  const history = buildRiskHistory(steps);
  return { steps, history };
}

/** The history index of the loaded steps (business hours under each step's own calendar). */
export function buildRiskHistory(steps: readonly RiskStep[]): HistoryIndex {
  return buildHistoryIndex(steps.map((s) => ({
    vendorId: s.snapshot.vendorId, sopKey: s.snapshot.sopKey, nodeId: s.nodeId,
    activatedAt: s.snapshot.activatedAt, dueAt: s.snapshot.dueAt, completedAt: s.completedAt,
    workedHours: s.completedAt === null ? null : businessHoursBetween(s.snapshot.activatedAt, s.completedAt, s.calendar),
    windowHours: businessHoursBetween(s.snapshot.activatedAt, s.snapshot.dueAt, s.calendar),
    holidays: holidaysBetween(s.snapshot.activatedAt, s.snapshot.dueAt, s.calendar),
    filedReports: s.snapshot.filed.length,
    missedReports: s.snapshot.missed.length,
  })));
}
