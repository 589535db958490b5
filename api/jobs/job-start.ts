/**
 * Starting a job from a published SOP version: the checks (declared fields,
 * vendor, assignee rules, references, code), the Job row with its references
 * and audit entry, and the Temporal workflow. POST /api/jobs and the bulk start
 * (api/jobs/bulk-run.ts) both start jobs through here, so a spreadsheet row is
 * refused for exactly the reasons a single start is.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { AppDeps } from '../deps';
import type { ExecutionPlan } from '../../core/sop/compile';
import type { JobInput } from '../../core/jobs/contract';
import { appendAudit } from '../../platform/audit/audit-log';
import { recordRefusedStart } from './start-refused';
import type { Prisma } from '../../platform/db/prisma-types';
import type { AuthUser } from '../auth/auth-user';
import { HttpProblem, conflict, unprocessable, type ProblemField } from '../http/problem';
import { assigneeRefusal } from './assignee-rules';
import { checkJobFieldsOrThrow } from './job-field-checks';
import { JOB_WORKFLOW_TYPE } from '../../workflows/definitions';
import { isUniqueViolation } from '../../platform/db/unique-violation';
import { catchUpCalendar, resolveJobCalendar } from '../calendars/calendar-store';
import type { BusinessCalendarSpec } from '../../core/sop/types';
import { calendarInZone } from '../../core/time/business-calendar';

export const codeTaken = (code: string) => conflict('job-code-taken', `A job with code "${code}" exists already: choose another code.`);

/** The workflow's plan and calendar version: a shared calendar's spec replaces the plan's (absent) inline one. */
function withCalendar(plan: ExecutionPlan, calendar: { version: number; spec: BusinessCalendarSpec } | undefined): Pick<JobInput, 'plan' | 'calendarVersion'> {
  return calendar ? { plan: { ...plan, calendar: calendar.spec }, calendarVersion: calendar.version } : { plan };
}

export interface StartJobBody {
  sop: string;
  version?: number;
  code: string;
  title: string;
  vendorOrgId: string;
  assignees?: Record<string, string>;
  references?: Record<string, string>;
  fields?: Record<string, unknown>;
}

export interface JobStarted {
  id: string;
  code: string;
  workflowId: string;
  status: 'running';
}

/** Role slots a job needs bound: every human node's assignee except `vendor` (any user of the vendor org may act). */
export function requiredRoles(plan: ExecutionPlan): string[] {
  const roles = new Set<string>();
  for (const node of Object.values(plan.nodes)) {
    const spec = node.spec;
    if ((spec.type === 'task' || spec.type === 'review') && spec.assignee !== 'vendor') roles.add(spec.assignee);
  }
  return [...roles].sort();
}

export type JobStarter = ReturnType<typeof createJobStarter>;

export function createJobStarter(deps: AppDeps) {
  const prisma = deps.db.prisma;
  const client = deps.temporal.client;

  /**
   * Whether the job's workflow exists although its start answered an error: a start the server carried out whose
   * answer was lost (a deadline passed on the way back, the frontend killed after handing it on) must not lose its
   * job row — its workflow runs, and its first notices may already be on their way. Only the engine saying "not
   * found" means no; while it cannot answer (frontend down, `Namespace not found` while its database restarts) the
   * question is asked again with backoff for `startConfirmMs` (default 10 s), and only then taken as no.
   */
  async function workflowExists(workflowId: string): Promise<boolean> {
    const until = Date.now() + (deps.startConfirmMs ?? 10_000);
    for (let attempt = 0; ; attempt += 1) {
      try {
        await client.workflow.getHandle(workflowId).describe();
        return true;
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return false;
        const wait = Math.min(200 * 2 ** attempt, 2_000, until - Date.now());
        if (wait <= 0) return false;
        await sleep(wait);
      }
    }
  }

  /** Starts the job's workflow (already running counts as started); if the engine refuses, the job row goes again (start-refused.ts). */
  async function startWorkflow(job: { id: string; code: string; workflowId: string }, input: JobInput, user: AuthUser): Promise<JobStarted> {
    try {
      await client.workflow.start(JOB_WORKFLOW_TYPE, { taskQueue: deps.temporal.taskQueue, workflowId: job.workflowId, args: [input] });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError) && !(await workflowExists(job.workflowId))) {
        await recordRefusedStart(prisma, job.id, user, error as Error, deps.config.publicUrl);
        throw new HttpProblem(503, 'engine-unavailable', 'Service unavailable', 'The workflow engine did not accept the job; nothing was created. Try again.');
      }
    }
    // A calendar version stored since the job's was read may have been listed for it before its workflow existed.
    if (input.plan.calendarRef && input.calendarVersion !== undefined) {
      try {
        await catchUpCalendar(prisma, client, job, input.plan.calendarRef, input.calendarVersion);
      } catch (error) {
        // The job runs; it stays on the version it started with until the calendar's next version (README "Calendars").
        (deps.log ?? ((line: string) => process.stderr.write(`${line}\n`)))(`job ${job.id}: calendar catch-up failed: ${(error as Error).message}`);
      }
    }
    return { id: job.id, code: job.code, workflowId: job.workflowId, status: 'running' };
  }

  /**
   * A reference must be a file of the starter's organisation, or of the job's own vendor (an approved deliverable
   * reused for the next job): another tenant's or another vendor's file answers "unknown file", as a missing one does.
   */
  async function referenceVisible(fileId: string, user: AuthUser, vendorOrgId: string): Promise<boolean> {
    const file = await prisma.storedFile.findUnique({ where: { id: fileId }, select: { orgId: true } });
    return file !== null && (file.orgId === user.orgId || file.orgId === vendorOrgId);
  }

  /**
   * Everything a start checks, without writing: throws the 422 (`job-invalid`, `field-*`, `sop-not-published`) or 409 `job-code-taken` problem.
   * `pendingFile`: reference ids that name files not stored yet but about to be (a bulk start's zip entries, in its dry run).
   */
  async function check(body: StartJobBody, user: AuthUser, options: { pendingFile?: (id: string) => boolean } = {}) {
    const errors: ProblemField[] = [];
    const version = body.version
      ? await prisma.sopVersion.findUnique({ where: { sopKey_version: { sopKey: body.sop, version: body.version } } })
      : await prisma.sopVersion.findFirst({ where: { sopKey: body.sop }, orderBy: { version: 'desc' } });
    if (!version) throw unprocessable('sop-not-published', `SOP "${body.sop}"${body.version ? ` version ${body.version}` : ''} is not published.`, [{ path: 'body/sop', message: 'no published version' }]);
    const plan = version.plan as unknown as ExecutionPlan;
    // Undeclared, mistyped or missing job fields answer 422 field-* before anything else is looked up.
    const fields = checkJobFieldsOrThrow(version.definition, body.fields);
    const vendorOrg = await prisma.org.findUnique({ where: { id: body.vendorOrgId } });
    if (!vendorOrg || vendorOrg.kind !== 'vendor') errors.push({ path: 'body/vendorOrgId', message: 'not a vendor organisation' });
    const assignees: Record<string, string> = { owner: user.id, ...(body.assignees ?? {}) };
    for (const [role, userId] of Object.entries(assignees)) {
      const refusal = await assigneeRefusal(prisma, { role, userId, vendorOrgId: body.vendorOrgId, planRoles: plan.roles, startedBy: user.id });
      if (refusal) errors.push({ path: `body/assignees/${role}`, message: refusal });
    }
    for (const role of requiredRoles(plan)) if (!assignees[role]) errors.push({ path: `body/assignees/${role}`, message: `the SOP assigns steps to "${role}": bind a person` });
    const references = body.references ?? {};
    for (const [deliverable, spec] of Object.entries(plan.deliverables)) {
      if (spec.reference && !references[deliverable]) errors.push({ path: `body/references/${deliverable}`, message: `"${spec.label}" needs a reference file (upload it with POST /api/files)` });
    }
    for (const [deliverable, fileId] of Object.entries(references)) {
      if (!plan.deliverables[deliverable]) errors.push({ path: `body/references/${deliverable}`, message: 'not a deliverable of this SOP' });
      else if (!options.pendingFile?.(fileId) && !(await referenceVisible(fileId, user, body.vendorOrgId))) errors.push({ path: `body/references/${deliverable}`, message: 'unknown file' });
    }
    if (await prisma.job.findUnique({ where: { code: body.code } })) throw codeTaken(body.code);
    if (errors.length > 0) throw unprocessable('job-invalid', `The job cannot start: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`, errors);
    return { version, plan, vendorOrg: vendorOrg!, assignees, references, fields };
  }

  /**
   * Checks and starts one job. `startRequest`: the `<userId>:<Idempotency-Key>` of the request, if any.
   * Two starts of one code at once both pass the check; the unique index lets one through, the other answers 409.
   */
  async function start(body: StartJobBody, user: AuthUser, startRequest?: string): Promise<JobStarted> {
    const { version, plan, vendorOrg, assignees, references, fields } = await check(body, user);
    let calendar: { key: string; version: number; spec: BusinessCalendarSpec } | undefined;
    const job = await prisma.$transaction(async (tx) => {
      // A shared calendar: its latest version, read under the lock a new version takes (calendar-store.ts).
      calendar = plan.calendarRef ? await resolveJobCalendar(tx, plan.calendarRef) : undefined;
      const created = await tx.job.create({
        data: {
          code: body.code, title: body.title, sopKey: version.sopKey, sopVersion: version.version, vendorOrgId: vendorOrg.id,
          ownerId: user.id, workflowId: `job-${body.code}-${Date.now().toString(36)}`, assignees, fields: fields as Prisma.InputJsonValue,
          startRequest: startRequest ?? null, calendarKey: calendar?.key ?? null, calendarVersion: calendar?.version ?? null,
        },
      });
      for (const [deliverableId, fileId] of Object.entries(references)) await tx.jobReference.create({ data: { jobId: created.id, deliverableId, fileId } });
      await appendAudit(tx, { type: 'job.created', actorId: user.id, actorLabel: user.email, jobId: created.id, data: { code: body.code, sop: version.sopKey, version: version.version, vendorOrgId: vendorOrg.id } });
      return created;
    }).catch(async (error: unknown) => {
      if (isUniqueViolation(error) && (await prisma.job.findUnique({ where: { code: body.code } }))) throw codeTaken(body.code);
      throw error;
    });
    return startWorkflow(job, { jobId: job.id, code: job.code, title: job.title, ...withCalendar(plan, calendar), vendorOrgId: vendorOrg.id, vendorName: vendorOrg.name, assignees, references }, user);
  }

  /** A retry of a start whose process died mid-way (Idempotency-Key taken over) finishes that start; undefined when no job holds the key. */
  async function resume(startRequest: string, user: AuthUser): Promise<JobStarted | undefined> {
    const earlier = await prisma.job.findUnique({ where: { startRequest }, include: { references: true, vendorOrg: true, sop: true } });
    if (!earlier) return undefined;
    const plan = earlier.sop.plan as unknown as ExecutionPlan;
    const stored = earlier.calendarKey && earlier.calendarVersion !== null
      ? await prisma.calendarVersion.findUnique({ where: { calendarKey_version: { calendarKey: earlier.calendarKey, version: earlier.calendarVersion } } })
      : null;
    const calendar = stored ? { key: stored.calendarKey, version: stored.version, spec: calendarInZone(stored.spec as unknown as BusinessCalendarSpec, stored.timezone) } : undefined;
    const references = Object.fromEntries(earlier.references.map((r) => [r.deliverableId, r.fileId]));
    const assignees = earlier.assignees as Record<string, string>;
    return startWorkflow(earlier, { jobId: earlier.id, code: earlier.code, title: earlier.title, ...withCalendar(plan, calendar), vendorOrgId: earlier.vendorOrgId, vendorName: earlier.vendorOrg.name, assignees, references }, user);
  }

  return { check, start, resume };
}
