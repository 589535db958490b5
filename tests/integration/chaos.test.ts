/**
 * The short chaos run (issue 15 item 4; `npm run chaos -- --jobs 1000` is the
 * long one, figures in docs/BENCHMARKS.md): 24 jobs with checks, reviews,
 * rework and escalations on `npm run cluster` while two faults of every kind
 * hit it — SIGKILLed worker, API, Temporal service, PostgreSQL and S3 gateway,
 * SMTP and webhook receivers down and up. Afterwards every job is at its
 * expected end state, every upload is stored once with its bytes, every notice
 * arrived (by Message-ID / event id), the audit chain verifies and no 5xx came
 * while no process fault was active.
 */
import { runChaos } from '../../scripts/chaos/run';
import { FAULT_KINDS } from '../../scripts/chaos/fault-driver';

const JOBS = 24;
const PER_KIND = 2;

test('24 jobs survive two faults of every kind on npm run cluster: all at their end state, nothing lost, audit chain intact, no 5xx outside faults', async () => {
  const lines: string[] = [];
  try {
    const { figures, verify } = await runChaos({ jobs: JOBS, seed: 15, concurrency: 8, faultsPerKind: PER_KIND, gapMs: [500, 2000], log: (line) => lines.push(line) });
    process.stdout.write(`chaos figures: ${JSON.stringify(figures)}; S3 objects: ${JSON.stringify(verify.s3)}\n`);
    expect(figures.driverErrors).toEqual([]);
    expect(figures.faults).toEqual(Object.fromEntries(FAULT_KINDS.map((kind) => [kind, PER_KIND])));
    expect(verify.jobs).toEqual({ planned: JOBS, completed: JOBS, wrongEndState: [] });
    expect(verify.submissions).toEqual({ accepted: verify.submissions.stored, stored: verify.submissions.stored, lost: [], duplicated: [], bytesMismatch: [] });
    expect(verify.submissions.stored).toBeGreaterThanOrEqual(JOBS);
    for (const channel of [verify.notices.email, verify.notices.webhook]) {
      // The only arrivals without a row: job.created of a start the engine refused during a fault (verify.ts).
      expect(channel).toEqual({ ...channel, delivered: channel.rows, failedRows: 0, neverArrived: 0, repeatedOutsideFaults: 0, unexpected: 0, failedStartsUntold: 0 });
      expect(channel.rows).toBeGreaterThan(0);
    }
    expect([verify.notices.missingWebhookRows, verify.notices.pendingAfterDrain]).toEqual([0, 0]);
    expect(verify.audit.valid).toBe(true);
    expect(verify.serverErrors.outsideFaults).toEqual([]);
    expect(verify.lost).toBe(0);
  } catch (error) {
    process.stderr.write(`chaos run log:\n${lines.join('\n')}\n`);
    throw error;
  }
}, 15 * 60_000);
