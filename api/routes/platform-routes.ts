import type { AppDeps } from '../deps';
import { verifyAuditChain, audit } from '../../platform/audit/audit-log';
import { userOf, type RouteDef } from '../http/route';
import { INLINE, ref } from '../http/response-schemas';

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function platformRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  const log = deps.log ?? ((line: string) => process.stderr.write(line + '\n'));
  return [
    {
      method: 'get', path: '/api/health', operationId: 'health', summary: 'Database and Temporal reachability', tag: 'platform',
      access: 'public',
      responses: { 200: { description: '{ status: "ok", db: "ok", temporal: "ok" }', schema: ref('Health') }, 503: { description: '{ status: "degraded", db, temporal }: each "ok" or "unavailable" (details only in the server log)', schema: ref('Health') } },
      async handler(_req, res) {
        // Public: the answer is status words only; why a part is down (error text, host names) goes to the server log.
        const probe = (part: string, work: Promise<unknown>) => within(3000, work).then(
          () => 'ok' as const,
          (e: Error) => {
            log(`[api] health: ${part} unavailable (${e?.message?.split('\n')[0] ?? String(e)})`);
            return 'unavailable' as const;
          },
        );
        const [db, temporal] = await Promise.all([probe('database', deps.db.ping()), probe('temporal', deps.temporal.connection.healthService.check({}))]);
        const ok = db === 'ok' && temporal === 'ok';
        res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', db, temporal });
        return undefined;
      },
    },
    {
      method: 'get', path: '/api/audit/verify', operationId: 'verifyAudit', summary: 'Recompute the audit hash chain', tag: 'audit',
      access: { roles: ['admin'] },
      responses: { 200: { description: '{ valid, checked, headHash, firstInvalid? }', schema: ref('AuditVerification') } },
      async handler(req) {
        const result = await verifyAuditChain(prisma);
        await audit(prisma, { type: 'audit.verified', actorId: userOf(req).id, actorLabel: userOf(req).email, data: { valid: result.valid, checked: result.checked } });
        return result;
      },
    },
    {
      method: 'get', path: '/api/audit/export', operationId: 'exportAudit', summary: 'The whole audit trail as JSON lines', tag: 'audit',
      access: { roles: ['admin'] },
      responses: { 200: { description: 'application/x-ndjson', contentType: 'application/x-ndjson', schema: INLINE.auditExport } },
      async handler(req, res) {
        await audit(prisma, { type: 'audit.exported', actorId: userOf(req).id, actorLabel: userOf(req).email });
        res.status(200).type('application/x-ndjson').set('Content-Disposition', 'attachment; filename="audit.jsonl"');
        let after = 0;
        for (;;) {
          const rows = await prisma.auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: 'asc' }, take: 1000 });
          if (rows.length === 0) break;
          res.write(rows.map((r) => JSON.stringify({ seq: r.seq, at: r.at.toISOString(), actorId: r.actorId, actor: r.actorLabel, type: r.type, jobId: r.jobId, data: r.data, prevHash: r.prevHash, hash: r.hash })).join('\n') + '\n');
          after = rows.at(-1)!.seq;
        }
        res.end();
        return undefined;
      },
    },
  ];
}
