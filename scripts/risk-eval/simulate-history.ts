/**
 * A year of outsourced jobs for the delay-risk evaluation, written through the
 * product's own recording path: step transitions through the workflow's
 * `recordEvents` activity (StepRun rows, job status, audit trail) and report
 * periods through `recordReport` (JobReport rows, filed or missed), with the
 * instants the workflow would have given them. Seeded: one seed, one history.
 *
 * What drives lateness (hidden from the model, which only sees the rows):
 * - vendors differ in speed, reliability (spread of their step durations),
 *   capacity (parallel steps before they slow down) and report diligence;
 * - load: every open step beyond a vendor's capacity slows it by 12 %;
 * - holidays and 调休: deadlines are counted in business time under the 2025
 *   PRC calendar (holidays off, make-up Saturdays/Sundays on); a window that
 *   spans a holiday still loses some momentum (vendor-specific slack);
 * - rework: a QA rejection reopens the step as round n + 1 with a shorter window;
 * - reassignments: 5 % of steps change hands half-way, costing hours;
 * - report habits: daily reports at 18:00; a vendor who is behind files less often.
 */
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { recordEventsActivity } from '../../activities/record-events';
import { recordReportActivity } from '../../activities/record-report';
import type { ActivityDeps } from '../../activities/deps';
import type { JobEvent, StepState } from '../../core/jobs/contract';
import type { BusinessCalendarSpec } from '../../core/sop/types';
import { addBusinessDuration } from '../../core/time/business-duration';
import { isWorkingDay } from '../../core/time/business-calendar';
import { DateTime } from 'luxon';
import type { Database } from '../../platform/db/database';
import { LocalFileStorage } from '../../platform/storage/file-storage';

export const SIM_ZONE = 'Asia/Shanghai';
export const SIM_START = Date.parse('2025-01-01T00:00:00+08:00');
export const SIM_END = Date.parse('2026-01-01T00:00:00+08:00');
/** Train on steps activated before this (9 months), test on the rest. */
export const SIM_SPLIT = Date.parse('2025-10-01T00:00:00+08:00');

/** The 2025 PRC public holidays and make-up workdays (调休). */
export const PRC_2025_CALENDAR: BusinessCalendarSpec = {
  workdays: [1, 2, 3, 4, 5],
  hours: ['09:00', '18:00'],
  holidays: [
    '2025-01-01', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02', '2025-02-03', '2025-02-04',
    '2025-04-04', '2025-04-05', '2025-04-06', '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04', '2025-05-05',
    '2025-05-31', '2025-06-01', '2025-06-02', '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05',
    '2025-10-06', '2025-10-07', '2025-10-08',
  ],
  workdaysExtra: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
};

/** Vendor task steps of the two simulated SOPs: window and base need in business hours. */
const SOPS = [
  { key: 'sim-brochure', steps: [{ nodeId: 'design', window: 27, need: 21, rework: 0.25 }, { nodeId: 'finalise', window: 18, need: 14, rework: 0.1 }] },
  { key: 'sim-print', steps: [{ nodeId: 'proof', window: 18, need: 14, rework: 0.2 }, { nodeId: 'produce', window: 45, need: 35, rework: 0.05 }] },
] as const;

/** mulberry32 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Vendor {
  orgId: string;
  userIds: [string, string];
  speed: number;
  spread: number;
  capacity: number;
  diligence: number;
  holidaySlack: number;
}

interface SimStep {
  vendor: Vendor;
  nodeId: string;
  round: number;
  activatedAt: number;
  dueAt: number;
  completedAt: number;
  reassignedAt?: number;
}

export interface SimulationSummary {
  jobs: number;
  steps: number;
  late: number;
  reports: number;
}

const addHours = (start: number, hours: number) => addBusinessDuration(start, `PT${Math.max(1, Math.round(hours * 60))}M`, PRC_2025_CALENDAR, SIM_ZONE);
const id = (seed: number, ...parts: Array<string | number>) => `sim${createHash('sha256').update([seed, ...parts].join('/')).digest('hex').slice(0, 20)}`;

export async function simulateHistory(db: Database, seed: number): Promise<SimulationSummary> {
  const random = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const prisma = db.prisma;
  const internal = await prisma.org.create({ data: { id: id(seed, 'org'), name: 'Buyer', kind: 'internal' } });
  const owner = await prisma.user.create({ data: { id: id(seed, 'owner'), email: `owner-${seed}@sim.test`, name: 'Owner', passwordHash: '!', roles: ['owner', 'manager'], orgId: internal.id } });
  const vendors: Vendor[] = [];
  for (let v = 0; v < 8; v++) {
    const org = await prisma.org.create({ data: { id: id(seed, 'vendor', v), name: `Vendor ${v + 1}`, kind: 'vendor' } });
    const users = await Promise.all([0, 1].map((u) => prisma.user.create({
      data: { id: id(seed, 'vendor', v, u), email: `v${v}-${u}-${seed}@sim.test`, name: `V${v + 1}-${u}`, passwordHash: '!', roles: ['vendor'], orgId: org.id },
    })));
    vendors.push({
      orgId: org.id, userIds: [users[0]!.id, users[1]!.id],
      speed: 0.7 + random() * 0.75, spread: 0.06 + random() * 0.14, capacity: 2 + Math.floor(random() * 4),
      diligence: 0.6 + random() * 0.35, holidaySlack: 1 + random() * 0.35,
    });
  }
  for (const sop of SOPS) {
    const definition = { key: sop.key, name: sop.key, timezone: SIM_ZONE, calendar: PRC_2025_CALENDAR, nodes: sop.steps.map((s) => ({ id: s.nodeId, type: 'task', role: 'vendor' })) };
    await prisma.sop.create({ data: { key: sop.key, name: sop.key, ownerId: owner.id } });
    await prisma.sopVersion.create({ data: { sopKey: sop.key, version: 1, definition: definition as object, plan: {}, publishedById: owner.id } });
  }

  const storage = new LocalFileStorage(path.join(os.tmpdir(), `risk-sim-${seed}`));
  const deps: ActivityDeps = { db, storage, ocrPool: () => { throw new Error('no OCR in the simulation'); }, publicUrl: 'http://sim.invalid' };
  const recordEvents = recordEventsActivity(deps);
  const recordReport = recordReportActivity(deps);
  const all: SimStep[] = [];
  const openOf = (vendor: Vendor, at: number) => all.filter((s) => s.vendor === vendor && s.activatedAt <= at && s.completedAt > at).length;
  const summary: SimulationSummary = { jobs: 0, steps: 0, late: 0, reports: 0 };

  let day = DateTime.fromMillis(SIM_START, { zone: SIM_ZONE });
  let jobNo = 0;
  while (day.toMillis() < SIM_END - 30 * 86_400_000) {
    const date = day.toISODate()!;
    day = day.plus({ days: 1 });
    if (!isWorkingDay(date, PRC_2025_CALENDAR)) continue;
    const arrivals = Math.floor(random() * 5);
    for (let a = 0; a < arrivals; a++) {
      jobNo += 1;
      const sop = SOPS[Math.floor(random() * SOPS.length)]!;
      const vendor = vendors[Math.floor(random() * vendors.length)]!;
      const createdAt = DateTime.fromISO(`${date}T09:00`, { zone: SIM_ZONE }).plus({ minutes: Math.floor(random() * 8 * 60) }).toMillis();
      const jobId = id(seed, 'job', jobNo);
      await prisma.job.create({
        data: {
          id: jobId, code: `SIM-${seed}-${jobNo}`, title: `Simulated job ${jobNo}`, sopKey: sop.key, sopVersion: 1, vendorOrgId: vendor.orgId,
          ownerId: owner.id, workflowId: `sim-${seed}-${jobNo}`, assignees: { owner: owner.id, vendor: vendor.userIds[0] }, createdAt: new Date(createdAt),
        },
      });
      summary.jobs += 1;
      const events: JobEvent[] = [];
      const jobSteps: SimStep[] = [];
      let at = createdAt;
      for (const spec of sop.steps) {
        for (let round = 1; round <= 3; round++) {
          const window = round === 1 ? spec.window : spec.window / 3;
          const base = round === 1 ? spec.need : spec.need / 3;
          const dueAt = addHours(at, window);
          const load = 1 + 0.12 * Math.max(0, openOf(vendor, at) - vendor.capacity);
          const holidays = PRC_2025_CALENDAR.holidays!.some((h) => {
            const t = DateTime.fromISO(h, { zone: SIM_ZONE }).toMillis();
            return t >= at && t <= dueAt;
          });
          let need = base * vendor.speed * load * Math.exp(vendor.spread * normal()) * (holidays ? vendor.holidaySlack : 1);
          const reassigned = random() < 0.05;
          if (reassigned) need += 6;
          const completedAt = addHours(at, need);
          const step: SimStep = { vendor, nodeId: spec.nodeId, round, activatedAt: at, dueAt, completedAt, ...(reassigned ? { reassignedAt: addHours(at, need / 2) } : {}) };
          all.push(step);
          jobSteps.push(step);
          // Review by QA (not a vendor step) takes two business hours; a rejection reopens the step.
          at = addHours(completedAt, 2);
          if (random() >= spec.rework) break;
        }
      }
      for (const s of jobSteps) {
        if (s.activatedAt >= SIM_END) break;
        const state = (over: Partial<StepState>): StepState => ({
          nodeId: s.nodeId, type: 'task', round: s.round, status: 'active', activatedAt: s.activatedAt, dueAt: s.dueAt, assigneeRole: 'vendor',
          assigneeUserId: s.vendor.userIds[0], deadlineEpoch: 0, reminders: [], escalations: [], ...over,
        });
        events.push({ kind: 'step', at: s.activatedAt, step: state({}) });
        if (s.reassignedAt !== undefined && s.reassignedAt < SIM_END) events.push({ kind: 'step', at: s.reassignedAt, step: state({ assigneeUserId: s.vendor.userIds[1] }) });
        if (s.completedAt < SIM_END) {
          events.push({ kind: 'step', at: s.completedAt, step: state({ status: 'done', completedAt: s.completedAt, outcome: 'approved', assigneeUserId: s.reassignedAt !== undefined ? s.vendor.userIds[1] : s.vendor.userIds[0] }) });
          summary.steps += 1;
          if (s.completedAt > s.dueAt) summary.late += 1;
        }
      }
      const last = jobSteps[jobSteps.length - 1]!;
      if (last.completedAt < SIM_END) events.push({ kind: 'job', status: 'completed', at: last.completedAt });
      await recordEvents({ jobId, events });
      for (const s of jobSteps) summary.reports += await recordReports(jobId, s);
    }
  }
  return summary;

  /** Daily reports due 18:00 on each working day the step is open; filed a few hours before, or missed. */
  async function recordReports(jobId: string, s: SimStep): Promise<number> {
    const behind = s.completedAt > s.dueAt;
    let period = 0;
    let day = DateTime.fromMillis(s.activatedAt, { zone: SIM_ZONE }).startOf('day');
    while (true) {
      const due = day.set({ hour: 18 }).toMillis();
      day = day.plus({ days: 1 });
      if (due >= s.completedAt || due >= SIM_END) return period;
      if (due <= s.activatedAt || !isWorkingDay(DateTime.fromMillis(due, { zone: SIM_ZONE }).toISODate()!, PRC_2025_CALENDAR)) continue;
      period += 1;
      const periodStart = Math.max(s.activatedAt, due - 86_400_000);
      // A vendor who is behind realises it after a quarter of the work and then reports less.
      const realised = behind && due - s.activatedAt > (s.completedAt - s.activatedAt) / 4;
      const files = random() < s.vendor.diligence * (realised ? 0.3 : 1);
      const filedAt = Math.max(s.activatedAt + 60_000, due - Math.floor(random() * 4 * 3_600_000));
      await recordReport({
        jobId, nodeId: s.nodeId, round: s.round, period, status: files ? 'filed' : 'missed', periodStart, periodEnd: due, dueAt: due,
        ...(files ? { actor: { userId: s.vendor.userIds[0], orgId: s.vendor.orgId, roles: ['vendor'] }, answers: { progress: 'ok' }, at: filedAt } : { at: due }),
      });
    }
  }
}
