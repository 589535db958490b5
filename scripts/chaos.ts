/**
 * `npm run chaos -- --jobs N [--seed S] [--concurrency C] [--faults-per-kind F] [--keep]`:
 * N jobs through an SOP with a check, reviews, rework and escalations on
 * `npm run cluster`, while workers, APIs, Temporal services, PostgreSQL and the
 * S3 gateway are SIGKILLed and the SMTP and webhook receivers go down and up
 * at seeded random moments; then verifies that nothing was lost
 * (scripts/chaos/verify.ts) and prints the figures (one JSON line last).
 * Exit 0 when nothing was lost and no finding; 1 otherwise; 2 on bad arguments.
 */
import { runChaos } from './chaos/run';

function fail(message: string): never {
  process.stderr.write(`chaos: ${message}\n`);
  process.exit(2);
}

function parse(argv: string[]): { jobs: number; seed: number; concurrency: number; faultsPerKind?: number; keep: boolean; dir?: string } {
  const out: { jobs?: number; seed: number; concurrency: number; faultsPerKind?: number; keep: boolean; dir?: string } = { seed: 1, concurrency: 16, keep: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    const int = (name: string) => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 1) fail(`${name} must be a positive integer`);
      return v;
    };
    if (arg === '--jobs') out.jobs = int('--jobs');
    else if (arg === '--seed') out.seed = int('--seed');
    else if (arg === '--concurrency') out.concurrency = int('--concurrency');
    else if (arg === '--faults-per-kind') out.faultsPerKind = int('--faults-per-kind');
    else if (arg === '--dir') out.dir = value();
    else if (arg === '--keep') out.keep = true;
    else fail(`unknown argument ${arg} (usage: npm run chaos -- --jobs N [--seed S] [--concurrency C] [--faults-per-kind F] [--dir D] [--keep])`);
  }
  if (out.jobs === undefined) fail('--jobs N is required (e.g. npm run chaos -- --jobs 200)');
  return { ...out, jobs: out.jobs };
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const log = (line: string) => process.stdout.write(`[chaos] ${line}\n`);
  const { figures, verify } = await runChaos({
    jobs: args.jobs,
    seed: args.seed,
    concurrency: args.concurrency,
    // About one fault of each kind per 40 jobs, at least 2 and at most 10 of each.
    faultsPerKind: args.faultsPerKind ?? Math.min(10, Math.max(2, Math.round(args.jobs / 40))),
    gapMs: [2000, 8000],
    dir: args.dir,
    keep: args.keep,
    log,
  });
  log(`jobs ${figures.jobs} (seed ${figures.seed}) in ${figures.runSeconds} s; completed ${verify.jobs.completed}, wrong end state ${verify.jobs.wrongEndState.length}`);
  log(`faults: ${Object.entries(figures.faults).map(([k, n]) => `${k} ${n}`).join(', ')}; max recovery ${figures.maxRecoverySeconds} s (${JSON.stringify(figures.recoverySecondsByKind)})`);
  log(`submissions: ${verify.submissions.accepted} accepted, ${verify.submissions.stored} stored with their bytes; S3 objects ${verify.s3.objects}, leftovers ${verify.s3.leftovers}`);
  log(`notices: e-mail ${JSON.stringify(verify.notices.email)}, webhook ${JSON.stringify(verify.notices.webhook)}, missing webhook rows ${verify.notices.missingWebhookRows}; starts the engine refused ${verify.notices.failedStarts}`);
  log(`audit chain ${verify.audit.valid ? 'verifies' : 'BROKEN'} (${verify.audit.checked} events); 5xx: ${figures.serverErrors.total} (${figures.serverErrors.duringFaults} during faults, ${figures.serverErrors.outsideFaults} outside)`);
  log(`5xx by route: ${JSON.stringify(figures.serverErrorsByRoute)}; by fault: ${JSON.stringify(figures.serverErrorsByFault)}`);
  log(`lost: ${figures.lost}; repeated notices: ${figures.repeatedNotices.duringFaults} across faults, ${figures.repeatedNotices.outsideFaults} without; load average ${figures.loadAverage.mean} (max ${figures.loadAverage.max})`);
  for (const line of [...verify.jobs.wrongEndState, ...figures.driverErrors.map((e) => `${e.code}: ${e.error}`)].slice(0, 20)) log(`  ${line}`);
  process.stdout.write(`${JSON.stringify({ figures, verify })}\n`);
  const clean = figures.lost === 0 && verify.jobs.wrongEndState.length === 0 && verify.audit.valid && figures.serverErrors.outsideFaults === 0
    && figures.repeatedNotices.outsideFaults === 0 && figures.driverErrors.length === 0
    && [verify.notices.email, verify.notices.webhook].every((c) => c.unexpected === 0 && c.failedStartsUntold === 0);
  process.exit(clean ? 0 : 1);
}

main().catch((error: Error) => {
  process.stderr.write(`chaos: ${error.message}\n`);
  process.exit(1);
});
