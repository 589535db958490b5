/**
 * The chaos run's jobs: N jobs through an SOP with a check, a review, rework
 * and escalations, as the people would drive them through the API:
 *
 * start → draft (vendor uploads the banner) → auto (naming check) → qa (QA
 * review) → done; a failed check or a rejection sends the job back to draft.
 * Each job's plan is drawn from the seed:
 *  - `misnamed`: the first upload is misnamed, the check fails, the vendor uploads again (rework);
 *  - `rejected`: QA rejects the first round once, the vendor uploads again (rework);
 *  - `late`: the job runs on the SOP whose draft is due after 10 s; the vendor waits
 *    for the escalation (notice to the vendor, cc the owner) before uploading.
 *    Late jobs have no rework (a second round would get a deadline of its own).
 * Every upload has bytes of its own (a tiny PNG coloured by job and round);
 * their SHA-256 are kept for verify.ts.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { RetryingClient } from './retrying-client';

const nodes = (late: boolean) => [
  { id: 'start', type: 'start' },
  {
    id: 'draft', type: 'task', assignee: 'vendor', produces: ['banner'],
    ...(late ? { due: { after: 'PT10S' }, escalation: [{ overdue: 'PT0S', notify: ['assignee'], cc: ['owner'], message: '设计稿已到期' }] } : {}),
  },
  { id: 'auto', type: 'check', checks: [{ kind: 'naming', deliverable: 'banner' }] },
  { id: 'qa', type: 'review', assignee: 'qa', reasons: [{ code: 'OFF_BRAND', label: '不符合品牌规范' }] },
  { id: 'done', type: 'end' },
];

/** The two SOPs of the run: `chaos` and `chaos-late` (draft due after 10 s, one escalation level). */
export const chaosSops = [false, true].map((late) => ({
  schemaVersion: 1, key: late ? 'chaos-late' : 'chaos', name: late ? 'Chaos (late)' : 'Chaos', timezone: 'Asia/Shanghai', roles: ['owner', 'vendor', 'qa'],
  deliverables: [{ id: 'banner', label: 'Banner', naming: '{job.code}_banner_v{version:2}.{ext:png}', accept: ['image/png'] }],
  nodes: nodes(late),
  edges: [
    { from: 'start', to: 'draft' }, { from: 'draft', to: 'auto' },
    { from: 'auto', to: 'qa', on: 'passed' }, { from: 'auto', to: 'draft', on: 'failed' },
    { from: 'qa', to: 'done', on: 'approved' }, { from: 'qa', to: 'draft', on: 'rejected' },
  ],
}));

export interface JobPlan {
  n: number;
  code: string;
  misnamed: boolean;
  rejected: boolean;
  late: boolean;
}

export interface JobOutcome {
  plan: JobPlan;
  jobId: string;
  /** SHA-256 of each upload the API accepted, by round (1-based). */
  uploads: string[];
  /** Seconds from start to completed. */
  seconds: number;
}

/** Submissions and reviews the job must end with. */
export function expectedCounts(plan: JobPlan): { submissions: number; reviews: number; escalations: number } {
  const rounds = 1 + Number(plan.misnamed) + Number(plan.rejected);
  return { submissions: rounds, reviews: 1 + Number(plan.rejected), escalations: plan.late ? 1 : 0 };
}

export function planJobs(count: number, run: string, random: () => number): JobPlan[] {
  return Array.from({ length: count }, (_, n) => {
    const late = random() < 0.2;
    const misnamed = !late && random() < 0.2;
    const rejected = !late && random() < 0.3;
    return { n, code: `CHAOS-${run}-${String(n).padStart(4, '0')}`, misnamed, rejected, late };
  });
}

async function bannerFor(n: number, round: number): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 20, channels: 3, background: { r: n % 256, g: Math.floor(n / 256) * 16 + round, b: 99 } } })
    .png()
    .toBuffer();
}

export interface People {
  owner: string;
  vendor: string;
  qa: string;
  vendorOrgId: string;
  userIds: { vendor: string; qa: string };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class JobDriver {
  readonly outcomes: JobOutcome[] = [];
  /** Reviews refused with 409 step-not-active while the job read the step active, and given again. */
  notActiveRetries = 0;

  constructor(
    private readonly api: RetryingClient,
    private readonly people: People,
    private readonly timeoutMs = 900_000,
  ) {}

  /** Publishes the run's SOPs (idempotent: a second run on the same cluster reuses them). */
  async publishSops(): Promise<void> {
    for (const definition of chaosSops) {
      const created = await this.api.call('POST', '/api/sops', this.people.owner, { json: { definition } }, `chaos-sop-${definition.key}`);
      if (created.status !== 201 && created.status !== 409) throw new Error(`create SOP ${definition.key}: ${created.status} ${JSON.stringify(created.body)}`);
      const published = await this.api.call('POST', `/api/sops/${definition.key}/publish`, this.people.owner, {}, `chaos-publish-${definition.key}`);
      if (published.status !== 200 && published.status !== 409) throw new Error(`publish SOP ${definition.key}: ${published.status} ${JSON.stringify(published.body)}`);
    }
  }

  private async until(jobId: string, test: (job: any) => boolean, what: string): Promise<any> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const res = await this.api.call('GET', `/api/jobs/${jobId}`, this.people.owner);
      if (res.status === 200 && test(res.body)) return res.body;
      if (res.status === 200 && ['failed', 'cancelled'].includes(res.body.status)) throw new Error(`job ${jobId} ended ${res.body.status} while waiting for ${what}`);
      if (Date.now() > deadline) throw new Error(`job ${jobId}: no ${what} within ${this.timeoutMs / 1000} s (status ${res.status}, ${JSON.stringify(res.body?.activeSteps)})`);
      await sleep(1000);
    }
  }

  private async escalated(jobId: string): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const res = await this.api.call('GET', `/api/jobs/${jobId}/events?limit=200`, this.people.owner);
      if (res.status === 200 && (res.body.items as Array<{ type: string }>).some((e) => e.type === 'notice.escalation')) return;
      if (Date.now() > deadline) throw new Error(`job ${jobId}: no escalation within ${this.timeoutMs / 1000} s`);
      await sleep(1000);
    }
  }

  private async upload(plan: JobPlan, jobId: string, round: number, name: string): Promise<string> {
    const bytes = await bannerFor(plan.n, round);
    const res = await this.api.call('POST', `/api/jobs/${jobId}/steps/draft/submissions`, this.people.vendor, {
      form: () => {
        const form = new FormData();
        form.append('banner', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), name);
        return form;
      },
    }, `chaos-submit-${plan.code}-${round}`);
    if (res.status !== 201) throw new Error(`${plan.code} round ${round} upload: ${res.status} ${JSON.stringify(res.body)}`);
    return createHash('sha256').update(bytes).digest('hex');
  }

  /**
   * A review, as QA would give it. A 409 `step-not-active` while the job reads the step as
   * active is the window after a worker died between the workflow task that activated the
   * step (whose records are written) and its completion: the new worker hands the review to
   * the workflow before replaying the activation. QA clicks again (a new key: the refused
   * attempt's answer is remembered under the old one) once the job still reads the step active.
   */
  private async review(plan: JobPlan, jobId: string, round: number, decision: 'approved' | 'rejected'): Promise<void> {
    const body = decision === 'rejected' ? { decision, reasons: ['OFF_BRAND'], comment: '请按品牌规范修改' } : { decision };
    for (let attempt = 0; ; attempt += 1) {
      const key = `chaos-review-${plan.code}-${round}${attempt ? `-again-${attempt}` : ''}`;
      const res = await this.api.call('POST', `/api/jobs/${jobId}/steps/qa/review`, this.people.qa, { json: body }, key);
      if (res.status === 200) return;
      if (res.status === 409 && res.body?.type === 'urn:sop:problem:step-not-active' && attempt < 5) {
        this.notActiveRetries += 1;
        await sleep(2000);
        await this.until(jobId, (job) => job.activeSteps?.includes('qa'), 'the QA review again');
        continue;
      }
      throw new Error(`${plan.code} round ${round} review: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }

  /** Drives one job to its end; throws with the reason when it cannot. */
  async drive(plan: JobPlan): Promise<JobOutcome> {
    const began = Date.now();
    const started = await this.api.call('POST', '/api/jobs', this.people.owner, {
      json: {
        sop: plan.late ? 'chaos-late' : 'chaos', code: plan.code, title: `Chaos ${plan.n}`, vendorOrgId: this.people.vendorOrgId,
        assignees: { vendor: this.people.userIds.vendor, qa: this.people.userIds.qa },
      },
    }, `chaos-start-${plan.code}`);
    if (started.status !== 201) throw new Error(`${plan.code} start: ${started.status} ${JSON.stringify(started.body)}`);
    const jobId = started.body.id as string;
    const uploads: string[] = [];
    let round = 1;
    const draftRound = (r: number) => (job: any) => job.activeSteps?.includes('draft') && job.steps?.some((s: any) => s.nodeId === 'draft' && s.status === 'active' && s.round === r);
    await this.until(jobId, draftRound(1), 'draft round 1');
    if (plan.late) await this.escalated(jobId);
    if (plan.misnamed) {
      uploads.push(await this.upload(plan, jobId, round, `${plan.code}_banner_final.png`));
      round += 1;
      await this.until(jobId, draftRound(round), `draft round ${round} after the failed check`);
    }
    const version = () => String(round).padStart(2, '0');
    uploads.push(await this.upload(plan, jobId, round, `${plan.code}_banner_v${version()}.png`));
    await this.until(jobId, (job) => job.activeSteps?.includes('qa'), 'the QA review');
    if (plan.rejected) {
      await this.review(plan, jobId, round, 'rejected');
      round += 1;
      await this.until(jobId, draftRound(round), `draft round ${round} after the rejection`);
      uploads.push(await this.upload(plan, jobId, round, `${plan.code}_banner_v${version()}.png`));
      await this.until(jobId, (job) => job.activeSteps?.includes('qa'), 'the second QA review');
    }
    await this.review(plan, jobId, round, 'approved');
    await this.until(jobId, (job) => job.status === 'completed', 'completion');
    const outcome = { plan, jobId, uploads, seconds: (Date.now() - began) / 1000 };
    this.outcomes.push(outcome);
    return outcome;
  }
}
