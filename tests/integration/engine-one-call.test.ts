/**
 * One bookkeeping call per Update (patch `update-one-bookkeeping-call`, workflows/job-update-batch.ts): a
 * submit or review Update writes its row and the transition it causes (the step done, the next step active,
 * their notices, the job's end) with one local activity, in one database transaction. Checked on the real
 * history of a job on the dev server and on the real database, through the API and the real activities.
 */
import request from 'supertest';
import type { temporal } from '@temporalio/proto';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { TEST_JOB_FIELDS } from '../support/api-fixtures';
import { minimalReviewSop } from '../support/sop-builder';
import { waitFor } from '../support/wait-for';
import { renderDemoBanner } from '../../platform/seed/demo-tenant';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** The activity type of a local-activity marker (the SDK's `core_local_activity` marker, its `data` detail). */
function localActivityType(event: HistoryEvent): string | undefined {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== 'core_local_activity') return undefined;
  const data = marker.details?.data?.payloads?.[0]?.data;
  return data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string }).activity_type : undefined;
}

/**
 * The activities (local and normal) each Update's workflow tasks ran: from its UpdateAccepted event to the next
 * Update's, or to the end of the history. Nothing else happens in between in this job (deadlines are a day away).
 */
function activitiesPerUpdate(events: HistoryEvent[]): Array<{ update: string; activities: string[] }> {
  const out: Array<{ update: string; activities: string[] }> = [];
  for (const event of events) {
    const accepted = event.workflowExecutionUpdateAcceptedEventAttributes;
    if (accepted) {
      out.push({ update: accepted.acceptedRequest?.input?.name ?? '?', activities: [] });
      continue;
    }
    const current = out.at(-1);
    if (!current) continue;
    const local = localActivityType(event);
    if (local) current.activities.push(local);
    const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (scheduled) current.activities.push(scheduled);
  }
  return out;
}

describe('one bookkeeping call per Update', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness('embedded');
  });
  afterAll(async () => {
    await h?.close();
  });

  test('submit and review each run exactly one activity, which wrote the row and the whole transition before the Update answered', async () => {
    const owner = await h.login('owner');
    const definition = { ...minimalReviewSop({ due: { after: 'P1D' } } as object, { due: { after: 'P1D' } } as object), key: 'one-call-sop', name: 'One call', fields: TEST_JOB_FIELDS };
    expect((await request(h.app).post('/api/sops').set('Authorization', `Bearer ${owner}`).send({ definition })).status).toBe(201);
    expect((await request(h.app).post('/api/sops/one-call-sop/publish').set('Authorization', `Bearer ${owner}`)).status).toBe(200);
    const started = await request(h.app)
      .post('/api/jobs')
      .set('Authorization', `Bearer ${owner}`)
      .send({
        sop: 'one-call-sop', code: 'ONE-CALL-001', title: 'One call', vendorOrgId: h.ids.orgs['Vendor A'],
        assignees: { vendor: h.ids.users['vendor-a'], qa: h.ids.users.qa, manager: h.ids.users.manager },
        references: { banner: h.ids.referenceFileId },
        fields: { budget: 1, contractNo: 'HT-1', priority: 'low' },
      });
    expect(started.status).toBe(201);
    const { id, workflowId } = started.body as { id: string; workflowId: string };
    const prisma = h.test.db.prisma;
    const order = ['start', 'draft', 'review', 'end'];
    const steps = async () =>
      (await prisma.stepRun.findMany({ where: { jobId: id } }))
        .sort((a, b) => order.indexOf(a.nodeId) - order.indexOf(b.nodeId))
        .map((s) => [s.nodeId, s.round, s.status, s.outcome]);
    await waitFor(async () => ((await steps()).some(([nodeId, , status]) => nodeId === 'draft' && status === 'active') ? true : undefined));

    const vendor = await h.login('vendor-a');
    const submitted = await request(h.app)
      .post(`/api/jobs/${id}/steps/draft/submissions`)
      .set('Authorization', `Bearer ${vendor}`)
      .attach('banner', await renderDemoBanner(), { filename: 'ONE-CALL-001_banner_v01.png', contentType: 'image/png' });
    expect(submitted.status).toBe(201);
    // Read at once, no waiting: the Update answers only after its one activity committed the row and the transition.
    expect(await prisma.submission.count({ where: { jobId: id, nodeId: 'draft', round: 1 } })).toBe(1);
    expect(await prisma.deliverableVersion.count({ where: { jobId: id, deliverableId: 'banner', version: 1 } })).toBe(1);
    expect(await steps()).toEqual([
      ['start', 1, 'done', 'next'],
      ['draft', 1, 'done', 'submitted'],
      ['review', 1, 'active', null],
    ]);

    const qa = await h.login('qa');
    const reviewed = await request(h.app).post(`/api/jobs/${id}/steps/review/review`).set('Authorization', `Bearer ${qa}`).send({ decision: 'approved' });
    expect(reviewed.status).toBe(200);
    expect(await prisma.review.count({ where: { jobId: id, nodeId: 'review', round: 1, decision: 'approved' } })).toBe(1);
    expect(await steps()).toEqual([
      ['start', 1, 'done', 'next'],
      ['draft', 1, 'done', 'submitted'],
      ['review', 1, 'done', 'approved'],
      ['end', 1, 'done', 'next'],
    ]);
    expect((await prisma.job.findUniqueOrThrow({ where: { id } })).status).toBe('completed');
    const audit = (await prisma.auditEvent.findMany({ where: { jobId: id }, orderBy: { seq: 'asc' } })).map((a) => a.type);
    // The Update's own event first, then its transition's, each written once.
    const afterSubmit = audit.slice(audit.indexOf('submission.created'));
    expect(afterSubmit).toEqual([
      'submission.created', 'step.completed', 'step.activated',
      'review.approved', 'step.completed', 'step.activated', 'step.completed', 'job.completed',
    ]);

    const final = await h.client.workflow.getHandle(workflowId).result();
    expect(final).toMatchObject({ status: 'completed' });
    const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
    expect(activitiesPerUpdate(history.events ?? [])).toEqual([
      { update: 'submit', activities: ['recordSubmissionWithBatch'] },
      { update: 'review', activities: ['recordReviewWithBatch'] },
    ]);
  });
});
