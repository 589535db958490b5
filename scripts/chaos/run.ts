/**
 * One chaos run (scripts/chaos.ts is its command line; tests/integration/chaos.test.ts
 * runs a short one): the loopback SMTP and webhook receivers, `npm run cluster`
 * in a fresh directory, both receivers configured as the demo company's e-mail
 * and webhook channels, then the jobs (job-driver.ts) and the faults
 * (fault-driver.ts) together, and verify.ts once both are over.
 *
 * Job n starts once n/N of the planned faults are done, so the faults are
 * spread over the whole run rather than over its first minutes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../platform/net';
import { rng } from '../risk-eval/simulate-history';
import { randomSecrets, startHttpReceiver, type HttpReceiver } from '../../tests/support/notification-http-receiver';
import { startSmtpReceiver, type SmtpReceiver } from '../../tests/support/notification-smtp-receiver';
import { RetryingClient } from './retrying-client';
import { ClusterChild } from './cluster-child';
import { FAULT_KINDS, FaultDriver, faultPlan, type FaultKind } from './fault-driver';
import { JobDriver, planJobs } from './job-driver';
import { verifyChaos, type VerifyResult } from './verify';

export interface ChaosOptions {
  jobs: number;
  seed: number;
  /** Jobs in flight at once. */
  concurrency: number;
  faultsPerKind: number;
  /** Pause before each fault: [min, max) ms. */
  gapMs: [number, number];
  /** The cluster's directory (made and removed when not given). */
  dir?: string;
  keep?: boolean;
  log: (line: string) => void;
}

export interface ChaosFigures {
  jobs: number;
  seed: number;
  faults: Record<FaultKind, number>;
  /** Longest recovery of a process fault (kill → replaced and ready), and per kind (s). */
  maxRecoverySeconds: number;
  recoverySecondsByKind: Partial<Record<FaultKind, number>>;
  lost: number;
  repeatedNotices: { duringFaults: number; outsideFaults: number };
  serverErrors: { total: number; duringFaults: number; outsideFaults: number };
  /** 5xx by status and route (ids as :id), e.g. "503 POST /api/jobs". */
  serverErrorsByRoute: Record<string, number>;
  /** 5xx by the kind of the process fault active at the time ("none" is a finding). */
  serverErrorsByFault: Record<string, number>;
  retries: number;
  /** Reviews refused with 409 step-not-active right after a worker crash and given again (job-driver.ts). */
  reviewsGivenAgain: number;
  answersByStatus: Record<string, number>;
  driverErrors: Array<{ code: string; error: string }>;
  runSeconds: number;
  /** 1-minute load average: mean of the samples taken every 10 s, and the highest. */
  loadAverage: { mean: number; max: number };
}

export interface ChaosResult {
  figures: ChaosFigures;
  verify: VerifyResult;
}

const PASSWORD = 'chaos-run-password';
const MAIL_FROM = 'SOP <notify@sop.example>';
const BUCKET = 'sop-files';
/** A 5xx within this long after a fault's recovery still counts as during the fault. */
const GRACE_MS = 10_000;

export async function runChaos(o: ChaosOptions): Promise<ChaosResult> {
  const dir = o.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sop-chaos-'));
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o755); // the embedded PostgreSQL runs as "postgres" when we are root
  const random = rng(o.seed);
  const secrets = randomSecrets();
  let smtp: SmtpReceiver | undefined;
  let http: HttpReceiver | undefined;
  let cluster: ClusterChild | undefined;
  let api: RetryingClient | undefined;
  let faults: FaultDriver | undefined;
  const loads: number[] = [];
  const sampler = setInterval(() => loads.push(os.loadavg()[0]!), 10_000);
  try {
    smtp = await startSmtpReceiver();
    http = await startHttpReceiver(secrets);
    o.log(`receivers: SMTP ${smtp.url}, webhook ${http.urls.webhook}`);
    cluster = new ClusterChild(dir, await freePort(), PASSWORD, {
      NOTIFY_ALLOWED_HOSTS: '127.0.0.1',
      NOTIFY_BACKOFF_MS: '500',
      NOTIFY_BACKOFF_MAX_MS: '5000',
      NOTIFY_MAX_ATTEMPTS: '1000',
      NOTIFY_LEASE_MS: '15000',
      NOTIFY_TIMEOUT_MS: '5000',
    });
    o.log(`starting npm run cluster in ${dir}…`);
    const addresses = await cluster.ready(25 * 60_000);
    o.log(`cluster ready: APIs ${addresses.apiPorts.join(', ')}, temporal ${addresses.temporalAddress}, s3 ${addresses.s3Endpoint}`);
    api = new RetryingClient(addresses.apiPorts);
    const [owner, vendor, qa, admin] = await Promise.all(['owner', 'vendor-a', 'qa', 'admin'].map((who) => api!.login(`${who}@demo.test`, PASSWORD)));
    const orgs = (await api.call('GET', '/api/orgs', owner)).body.items as Array<{ id: string; name: string }>;
    const users = (await api.call('GET', '/api/users', owner)).body.items as Array<{ id: string; email: string }>;
    const userId = (email: string) => users.find((u) => u.email === email)!.id;
    const company = orgs.find((org) => org.name.startsWith('Demo Co'))!.id;
    const channels = [
      { channel: 'email', name: 'chaos e-mail', url: smtp.url, secret: '', settings: { from: MAIL_FROM, tls: false } },
      { channel: 'webhook', name: 'chaos webhook', url: http.urls.webhook, secret: secrets.webhook.secret, settings: {} },
    ];
    const configIds: string[] = [];
    for (const channel of channels) {
      const res = await api.call('POST', '/api/notifications/channels', admin, { json: { scope: 'org', scopeId: company, ...channel } }, `chaos-channel-${channel.channel}`);
      if (res.status !== 201) throw new Error(`configure ${channel.channel}: ${res.status} ${JSON.stringify(res.body)}`);
      configIds.push(res.body.id as string);
    }
    const jobs = new JobDriver(api, { owner: owner!, vendor: vendor!, qa: qa!, vendorOrgId: orgs.find((org) => org.name === 'Vendor A')!.id, userIds: { vendor: userId('vendor-a@demo.test'), qa: userId('qa@demo.test') } });
    await jobs.publishSops();

    const run = o.seed.toString(36);
    const plans = planJobs(o.jobs, run, random);
    const plan = faultPlan(o.faultsPerKind, random);
    faults = new FaultDriver({
      cluster, apiPorts: addresses.apiPorts, workerPorts: addresses.workerPorts, s3Endpoint: addresses.s3Endpoint,
      receivers: { smtp, webhook: http }, random, gapMs: o.gapMs, log: o.log,
    });
    const began = Date.now();
    // Over (done or failed): jobs no longer wait for faults.
    const faultsDone = faults.run(plan).finally(() => (faults!.stopped = true));
    faultsDone.catch(() => undefined); // awaited below
    const driverErrors: Array<{ code: string; error: string }> = [];
    let next = 0;
    let finished = 0;
    const lanes = Array.from({ length: o.concurrency }, async () => {
      while (next < plans.length) {
        const job = plans[next++]!;
        while (faults!.done < Math.floor((job.n * plan.length) / plans.length) && !faults!.stopped) await new Promise((resolve) => setTimeout(resolve, 200));
        try {
          await jobs.drive(job);
        } catch (error) {
          driverErrors.push({ code: job.code, error: (error as Error).message });
        }
        finished += 1;
        if (finished % Math.max(1, Math.floor(plans.length / 10)) === 0) o.log(`${finished}/${plans.length} jobs driven, ${faults!.done}/${plan.length} faults`);
      }
    });
    await Promise.all([Promise.all(lanes), faultsDone]);
    const runSeconds = Math.round((Date.now() - began) / 1000);
    o.log(`jobs and faults over after ${runSeconds} s; verifying…`);

    const verify = await verifyChaos({
      databaseUrl: addresses.databaseUrl,
      s3: { endpoint: addresses.s3Endpoint, bucket: BUCKET, credentials: addresses.s3Credentials },
      plans, outcomes: jobs.outcomes, driverErrors,
      mails: () => smtp!.mails.map((m) => ({ id: m.messageId, at: m.at, what: m.subject })),
      webhookEvents: () => http!.accepted('webhook').map((p) => ({ id: p.eventId ?? '', at: p.at ?? 0, what: `${p.text} ${JSON.stringify(p.body.job ?? null)}`, jobId: (p.body.job as { id?: string } | null)?.id })),
      mailDomain: 'sop.example',
      webhookConfig: { id: configIds[1]! },
      faults, serverErrors: api.serverErrors, graceMs: GRACE_MS, drainTimeoutMs: 300_000, log: o.log,
    });
    const processFaults = faults.faults.filter((f) => !['smtp', 'webhook'].includes(f.kind));
    const recoveryByKind: Partial<Record<FaultKind, number>> = {};
    for (const f of faults.faults) {
      const seconds = Math.round(((f.recoveredAt ?? Date.now()) - f.at) / 100) / 10;
      recoveryByKind[f.kind] = Math.max(recoveryByKind[f.kind] ?? 0, seconds);
    }
    const figures: ChaosFigures = {
      jobs: o.jobs,
      seed: o.seed,
      faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, faults!.faults.filter((f) => f.kind === k).length])) as Record<FaultKind, number>,
      maxRecoverySeconds: Math.max(0, ...processFaults.map((f) => recoveryByKind[f.kind] ?? 0)),
      recoverySecondsByKind: recoveryByKind,
      lost: verify.lost,
      repeatedNotices: {
        duringFaults: verify.notices.email.repeatedDuringFaults + verify.notices.webhook.repeatedDuringFaults,
        outsideFaults: verify.notices.email.repeatedOutsideFaults + verify.notices.webhook.repeatedOutsideFaults,
      },
      serverErrors: { total: verify.serverErrors.total, duringFaults: verify.serverErrors.duringFaults, outsideFaults: verify.serverErrors.outsideFaults.length },
      serverErrorsByRoute: api.serverErrors.reduce<Record<string, number>>((counts, e) => {
        const key = `${e.status} ${e.method} ${e.path.replace(/\/c[a-z0-9]{20,}/g, '/:id')}`;
        counts[key] = (counts[key] ?? 0) + 1;
        return counts;
      }, {}),
      serverErrorsByFault: api.serverErrors.reduce<Record<string, number>>((counts, e) => {
        const active = faults!.faults.filter((f) => f.kind !== 'smtp' && f.kind !== 'webhook' && f.at <= e.at && e.at <= (f.recoveredAt ?? Infinity) + GRACE_MS);
        const key = active.map((f) => f.target).join('+') || 'none';
        counts[key] = (counts[key] ?? 0) + 1;
        return counts;
      }, {}),
      retries: api.retries,
      reviewsGivenAgain: jobs.notActiveRetries,
      answersByStatus: api.answersByStatus,
      driverErrors,
      runSeconds,
      loadAverage: { mean: loads.length ? Math.round((loads.reduce((a, b) => a + b, 0) / loads.length) * 100) / 100 : os.loadavg()[0]!, max: Math.max(0, ...loads) },
    };
    return { figures, verify };
  } catch (error) {
    if (cluster) o.log(`cluster output (last 4000 characters):\n${cluster.output().slice(-4000)}`);
    throw error;
  } finally {
    clearInterval(sampler);
    if (faults) faults.stopped = true;
    if (api) api.stopped = true;
    if (cluster) {
      const code = await cluster.stop();
      o.log(`cluster stopped (exit ${code})`);
      if (o.dir || o.keep) fs.writeFileSync(path.join(dir, 'cluster-output.log'), cluster.output());
    }
    await smtp?.close();
    await http?.close();
    if (!o.dir && !o.keep) fs.rmSync(dir, { recursive: true, force: true });
    else o.log(`kept ${dir} (the cluster's output in cluster-output.log)`);
  }
}
