/**
 * Outbox depth and age, read from PostgreSQL when Prometheus scrapes: the
 * pending notifications per channel and the age of the oldest one. A growing
 * age means the dispatcher (in every worker) is not sending — see
 * docs/OPERATIONS.md. Its own registry, so each app reads its own database
 * (one grouped query per gauge per scrape, on the (status, createdAt) index).
 */
import client from 'prom-client';
import type { PrismaClient } from '../db/prisma-types';

export function outboxRegistry(prisma: PrismaClient): client.Registry {
  const registry = new client.Registry();
  const read = async () => {
    const groups = await prisma.notification.groupBy({ by: ['channel'], where: { status: 'pending' }, _count: { _all: true }, _min: { createdAt: true } });
    return groups.map((g) => ({ channel: g.channel, pending: g._count._all, oldestAgeSeconds: g._min.createdAt ? Math.max(0, (Date.now() - g._min.createdAt.getTime()) / 1000) : 0 }));
  };
  new client.Gauge({
    name: 'sop_outbox_pending',
    help: 'Notifications waiting to be sent (outbox rows with status pending), by channel.',
    labelNames: ['channel'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await read()) this.set({ channel: row.channel }, row.pending);
    },
  });
  new client.Gauge({
    name: 'sop_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest pending notification, by channel (absent when none is pending).',
    labelNames: ['channel'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await read()) this.set({ channel: row.channel }, row.oldestAgeSeconds);
    },
  });
  return registry;
}
