/**
 * `npm run eval:risk -- --seed N [--json]`: the delay-risk evaluation of one
 * seed on a throwaway embedded PostgreSQL (scripts/risk-eval/). Prints a
 * readable summary (or, with --json, the whole result), and always ends with
 * one JSON line `{ recall24h, precision, auc, brier, baseline: { recall24h, precision } }`.
 */
import { openTestDatabase } from '../tests/support/test-database';
import { startTestPostgres } from '../tests/support/test-postgres';
import { evaluateRisk } from './risk-eval/evaluate-risk';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--seed');
  const seed = at >= 0 ? Number(args[at + 1]) : 1;
  if (!Number.isInteger(seed)) throw new Error('--seed needs an integer, e.g. --seed 7');
  const json = args.includes('--json');
  const started = Date.now();
  const server = await startTestPostgres();
  const test = await openTestDatabase();
  try {
    const result = await evaluateRisk(test.db, seed);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (json) console.log(JSON.stringify({ ...result, seconds: Number(seconds) }, null, 2));
    else {
      const s = result.simulation;
      console.log(`seed ${seed}: ${s.jobs} jobs, ${s.steps} finished vendor steps (${s.late} late), ${s.reports} report periods; ${seconds} s`);
      console.log(`train ${result.train.steps} steps (${result.train.late} late), threshold ${result.train.threshold}; test ${result.test.steps} steps (${result.test.late} late)`);
      console.log(`model    recall24h ${result.recall24h}  precision ${result.precision}  AUC ${result.auc}  Brier ${result.brier}`);
      console.log(`baseline recall24h ${result.baseline.recall24h}  precision ${result.baseline.precision}  AUC ${result.baseline.auc} (vendor's historical late rate)`);
    }
    const { recall24h, precision, auc, brier, baseline } = result;
    console.log(JSON.stringify({ recall24h, precision, auc, brier, baseline: { recall24h: baseline.recall24h, precision: baseline.precision } }));
  } finally {
    await test.cleanup();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : error);
  process.exit(1);
});
