import type { AppDeps } from '../deps';
import { verifyAuditChain, audit } from '../../platform/audit/audit-log';
import { userOf, type RouteDef } from '../http/route';

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
  return [
    {
      method: 'get', path: '/api/health', operationId: 'health', summary: 'Database and Temporal reachability', tag: 'platform',
      access: 'public',
      responses: { 200: { description: 'All parts answer' }, 503: { description: 'A part does not answer' } },
      async handler(_req, res) {
        const [db, temporal] = await Promise.all([
          within(3000, deps.db.ping()).then(() => 'ok', (e: Error) => `error: ${e.message}`),
          within(3000, deps.temporal.connection.healthService.check({})).then(() => 'ok', (e: Error) => `error: ${e.message}`),
        ]);
        const ok = db === 'ok' && temporal === 'ok';
        res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', db, temporal });
        return undefined;
      },
    },
    {
      method: 'get', path: '/api/notifications', operationId: 'inbox', summary: 'The caller\'s inbox: reminders, escalations, review requests', tag: 'notifications',
      access: { roles: 'any' },
      query: { type: 'object', additionalProperties: false, properties: { unread: { type: 'boolean' }, limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } } },
      responses: { 200: { description: '{ items, unread }' } },
      async handler(req) {
        const user = userOf(req);
        const q = req.query as unknown as { unread?: boolean; limit: number };
        const where = { userId: user.id, channel: 'inbox' as const };
        const [items, unread] = await Promise.all([
          prisma.notification.findMany({ where: { ...where, ...(q.unread ? { readAt: null } : {}) }, orderBy: { createdAt: 'desc' }, take: q.limit }),
          prisma.notification.count({ where: { ...where, readAt: null } }),
        ]);
        return {
          unread,
          items: items.map((n) => ({ id: n.id, kind: n.kind, jobId: n.jobId, nodeId: n.nodeId, round: n.round, level: n.level, payload: n.payload, readAt: n.readAt?.toISOString() ?? null, at: n.createdAt.toISOString() })),
        };
      },
    },
    {
      method: 'post', path: '/api/notifications/read', operationId: 'markRead', summary: 'Mark inbox entries read (all when ids is omitted)', tag: 'notifications',
      access: { roles: 'any' },
      body: { type: 'object', additionalProperties: false, properties: { ids: { type: 'array', items: { type: 'string' }, maxItems: 500 } } },
      responses: { 200: { description: '{ updated }' } },
      async handler(req) {
        const user = userOf(req);
        const ids = (req.body as { ids?: string[] } | undefined)?.ids;
        const result = await prisma.notification.updateMany({ where: { userId: user.id, channel: 'inbox', readAt: null, ...(ids ? { id: { in: ids } } : {}) }, data: { readAt: new Date() } });
        return { updated: result.count };
      },
    },
    {
      method: 'get', path: '/api/audit/verify', operationId: 'verifyAudit', summary: 'Recompute the audit hash chain', tag: 'audit',
      access: { roles: ['admin'] },
      responses: { 200: { description: '{ valid, checked, headHash, firstInvalid? }' } },
      async handler(req) {
        const result = await verifyAuditChain(prisma);
        await audit(prisma, { type: 'audit.verified', actorId: userOf(req).id, actorLabel: userOf(req).email, data: { valid: result.valid, checked: result.checked } });
        return result;
      },
    },
    {
      method: 'get', path: '/api/audit/export', operationId: 'exportAudit', summary: 'The whole audit trail as JSON lines', tag: 'audit',
      access: { roles: ['admin'] },
      responses: { 200: { description: 'application/x-ndjson', contentType: 'application/x-ndjson' } },
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
