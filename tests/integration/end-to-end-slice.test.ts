/**
 * The thin slice through every layer for real: API → Temporal workflow →
 * activities → database, on each database kind of this run.
 */
import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { TEST_JOB_FIELDS } from '../support/api-fixtures';
import { minimalReviewSop } from '../support/sop-builder';
import { waitFor } from '../support/wait-for';
import { renderDemoBanner } from '../../platform/seed/demo-tenant';

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  test('an owner publishes a minimal SOP, starts a job, the vendor submits, QA approves and the job completes', async () => {
    const owner = await h.login('owner');
    const definition = { ...minimalReviewSop(), key: 'slice-sop', name: 'Slice', fields: TEST_JOB_FIELDS };
    const created = await request(h.app).post('/api/sops').set('Authorization', `Bearer ${owner}`).send({ definition });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ key: 'slice-sop', version: 1, status: 'draft' });
    const published = await request(h.app).post('/api/sops/slice-sop/publish').set('Authorization', `Bearer ${owner}`);
    expect(published.body).toEqual({ key: 'slice-sop', version: 1, status: 'published' });

    const started = await request(h.app)
      .post('/api/jobs')
      .set('Authorization', `Bearer ${owner}`)
      .send({
        sop: 'slice-sop', code: 'SLICE-001', title: '首页横幅', vendorOrgId: h.ids.orgs['Vendor A'],
        assignees: { vendor: h.ids.users['vendor-a'], qa: h.ids.users.qa, manager: h.ids.users.manager },
        references: { banner: h.ids.referenceFileId },
        fields: { budget: 12000, contractNo: 'HT-2026-001', priority: 'high' },
      });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ code: 'SLICE-001', status: 'running' });
    const { id, workflowId } = started.body as { id: string; workflowId: string };

    const vendor = await h.login('vendor-a');
    const draftActive = await waitFor(async () => {
      const res = await request(h.app).get(`/api/jobs/${id}`).set('Authorization', `Bearer ${vendor}`);
      return res.body.activeSteps?.includes('draft') ? res.body : undefined;
    });
    expect(draftActive.fields).toEqual({ priority: 'high' });
    expect(draftActive.sop).toEqual({ key: 'slice-sop', version: 1 });

    const submitted = await request(h.app)
      .post(`/api/jobs/${id}/steps/draft/submissions`)
      .set('Authorization', `Bearer ${vendor}`)
      .attach('banner', await renderDemoBanner(), { filename: 'SLICE-001_banner_v01.png', contentType: 'image/png' })
      .field('note', '第一稿');
    expect(submitted.status).toBe(201);
    expect(submitted.body.round).toBe(1);
    expect(submitted.body.files).toEqual([expect.objectContaining({ deliverable: 'banner', version: 1, name: 'SLICE-001_banner_v01.png' })]);
    expect(submitted.body.naming).toEqual([expect.objectContaining({ deliverable: 'banner', passed: true, reasons: [] })]);

    const qa = await h.login('qa');
    await waitFor(async () => {
      const res = await request(h.app).get(`/api/jobs/${id}`).set('Authorization', `Bearer ${qa}`);
      return res.body.activeSteps?.includes('review') ? true : undefined;
    });
    const reviewed = await request(h.app).post(`/api/jobs/${id}/steps/review/review`).set('Authorization', `Bearer ${qa}`).send({ decision: 'approved', comment: '很好' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body).toMatchObject({ round: 1, decision: 'approved' });

    const done = await waitFor(async () => {
      const res = await request(h.app).get(`/api/jobs/${id}`).set('Authorization', `Bearer ${owner}`);
      return res.body.status === 'completed' ? res.body : undefined;
    });
    expect(done.fields).toEqual({ budget: 12000, contractNo: 'HT-2026-001', priority: 'high' });
    expect(done.steps.map((s: { nodeId: string; status: string; outcome: string | null }) => [s.nodeId, s.status, s.outcome])).toEqual([
      ['start', 'done', 'next'],
      ['draft', 'done', 'submitted'],
      ['review', 'done', 'approved'],
      ['end', 'done', 'next'],
    ]);
    const events = await request(h.app).get(`/api/jobs/${id}/events`).set('Authorization', `Bearer ${owner}`);
    const types = (events.body.items as Array<{ type: string }>).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['job.created', 'job.started', 'step.activated', 'submission.created', 'review.approved', 'job.completed']));

    const cli = process.env.TEST_TEMPORAL_CLI;
    if (cli) {
      const shown = execFileSync(cli, ['workflow', 'describe', '-w', workflowId, '--address', process.env.TEST_TEMPORAL_ADDRESS!, '-o', 'json'], { encoding: 'utf8' });
      expect(JSON.parse(shown).workflowExecutionInfo.status).toBe('WORKFLOW_EXECUTION_STATUS_COMPLETED');
    }
  });
});
