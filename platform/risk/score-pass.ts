/**
 * The scoring pass (every 15 minutes, worker/risk-schedules.ts): the delay
 * risk of every active vendor step under the newest trained model, written to
 * StepRisk (rows of steps no longer active are removed), and a `step.at_risk`
 * notice for each step that is at risk and was not noticed yet — exactly once
 * per step run: `notifiedAt` is set in the notice's transaction, under a row
 * lock, and the outbox rows carry idempotency keys.
 */
import { stepFeatures } from '../../core/risk/features';
import { riskFactors, riskProbability, type RiskModel } from '../../core/risk/model';
import type { Database } from '../db/database';
import { writeAtRiskNotice } from './at-risk-notices';
import { loadRiskData } from './risk-data';

export type ScorePassResult =
  | { status: 'no_model' | 'not_enough_history'; scored: 0; atRisk: 0; notified: 0 }
  | { status: 'scored'; modelId: string; scored: number; atRisk: number; notified: number };

/** The model in use: the newest row (null = never trained). */
export async function currentRiskModel(db: Database) {
  return db.prisma.riskModel.findFirst({ orderBy: [{ trainedAt: 'desc' }, { id: 'desc' }] });
}

export async function scoreActiveSteps(db: Database, options: { publicUrl: string; now?: Date }): Promise<ScorePassResult> {
  const now = options.now ?? new Date();
  const stored = await currentRiskModel(db);
  if (!stored || stored.status !== 'trained' || !stored.model) {
    await db.prisma.stepRisk.deleteMany({});
    return { status: stored ? 'not_enough_history' : 'no_model', scored: 0, atRisk: 0, notified: 0 };
  }
  const model = stored.model as unknown as RiskModel;
  const { steps, history } = await loadRiskData(db);
  const active = steps.filter((s) => s.completedAt === null);
  const rows = active.map((s) => {
    const { values } = stepFeatures(s.snapshot, history, now.getTime(), s.calendar);
    const probability = riskProbability(model, values);
    return { step: s, probability, atRisk: probability >= model.threshold, factors: riskFactors(model, values) };
  });
  const values = rows.map((r) => ({
    stepRunId: r.step.id, jobId: r.step.jobId, probability: r.probability, atRisk: r.atRisk, factors: r.factors, modelId: stored.id, scoredAt: now.toISOString(),
  }));
  await db.prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`DELETE FROM "StepRisk" WHERE NOT ("stepRunId" = ANY($1::text[]))`, active.map((s) => s.id));
    if (values.length === 0) return;
    await tx.$executeRawUnsafe(
      `INSERT INTO "StepRisk" ("stepRunId", "jobId", "probability", "atRisk", "factors", "modelId", "scoredAt")
       SELECT v."stepRunId", v."jobId", v."probability", v."atRisk", v."factors", v."modelId", v."scoredAt"
       FROM jsonb_to_recordset($1::jsonb) AS v("stepRunId" text, "jobId" text, "probability" float8, "atRisk" boolean, "factors" jsonb, "modelId" text, "scoredAt" timestamptz)
       ON CONFLICT ("stepRunId") DO UPDATE SET "probability" = EXCLUDED."probability", "atRisk" = EXCLUDED."atRisk", "factors" = EXCLUDED."factors",
         "modelId" = EXCLUDED."modelId", "scoredAt" = EXCLUDED."scoredAt"`,
      JSON.stringify(values),
    );
  });
  let notified = 0;
  for (const r of rows.filter((x) => x.atRisk)) {
    notified += await db.prisma.$transaction(async (tx) => {
      const claimed = await tx.$queryRawUnsafe<Array<{ stepRunId: string }>>(
        `SELECT "stepRunId" FROM "StepRisk" WHERE "stepRunId" = $1 AND "notifiedAt" IS NULL FOR UPDATE`, r.step.id,
      );
      if (claimed.length === 0) return 0;
      const job = await tx.job.findUniqueOrThrow({ where: { id: r.step.jobId }, select: { id: true, code: true, title: true, sopKey: true, sopVersion: true, ownerId: true, assignees: true } });
      const version = await tx.sopVersion.findUniqueOrThrow({ where: { sopKey_version: { sopKey: job.sopKey, version: job.sopVersion } }, select: { definition: true } });
      const nodes = ((version.definition as { nodes?: Array<{ id: string; title?: string }> }).nodes ?? []);
      const title = nodes.find((n) => n.id === r.step.nodeId)?.title ?? r.step.nodeId;
      const managerId = (job.assignees as Record<string, string | undefined>).manager ?? null;
      await writeAtRiskNotice(tx, {
        job: { ...job, managerId }, step: { nodeId: r.step.nodeId, round: r.step.round, title, dueAt: r.step.snapshot.dueAt },
        probability: r.probability, at: now, publicUrl: options.publicUrl, timezone: r.step.calendar.timezone,
      });
      await tx.stepRisk.update({ where: { stepRunId: r.step.id }, data: { notifiedAt: now } });
      return 1;
    });
  }
  return { status: 'scored', modelId: stored.id, scored: rows.length, atRisk: rows.filter((r) => r.atRisk).length, notified };
}
