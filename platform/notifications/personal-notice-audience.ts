/**
 * Who a personal notice (a mention, a risk warning) reaches and by which
 * e-mail configuration: the named people who are enabled persons — staff only
 * when asked — with their language, zone and channel preferences, and the
 * e-mail configs of the job's SOP (first) or its owner's organisation. Read
 * inside the transaction that writes the outbox rows.
 */
import type { AuditTx } from '../audit/audit-log';
import type { ChannelConfig, NotificationChannel } from '../db/prisma-types';

export interface NoticePerson {
  id: string;
  name: string;
  email: string;
  locale: string;
  timezone: string;
  notificationChannels: NotificationChannel[];
}

/** The enabled persons among `ids` (ordered by id); `staffOnly` leaves out anyone with the vendor role. */
export function noticePeople(tx: AuditTx, ids: readonly string[], options: { staffOnly?: boolean } = {}): Promise<NoticePerson[]> {
  return tx.$queryRawUnsafe<NoticePerson[]>(
    `SELECT "id", "name", "email", "locale", "timezone", COALESCE("notificationChannels", '{}')::text[] AS "notificationChannels"
     FROM "User" WHERE "id" = ANY($1::text[]) AND NOT "disabled" AND "kind" = 'person'${options.staffOnly ? ` AND NOT ('vendor' = ANY("roles"))` : ''} ORDER BY "id"`,
    [...ids],
  );
}

/** The enabled e-mail configs for a job of SOP `sopKey` owned by `ownerId`: the SOP's first, then the owner organisation's. */
export function emailConfigsFor(tx: AuditTx, job: { sopKey: string; ownerId: string }): Promise<ChannelConfig[]> {
  return tx.$queryRawUnsafe<ChannelConfig[]>(
    `SELECT c."id", c."scope"::text AS "scope", c."scopeId", c."channel"::text AS "channel", c."name", c."url", c."secret", c."settings", c."enabled", c."createdAt", c."updatedAt"
     FROM "ChannelConfig" c
     WHERE c."enabled" AND c."channel" = 'email'
       AND ((c."scope" = 'sop' AND c."scopeId" = $1) OR (c."scope" = 'org' AND c."scopeId" = (SELECT "orgId" FROM "User" WHERE "id" = $2)))
     ORDER BY (c."scope" = 'sop') DESC, c."createdAt" ASC, c."id" ASC`,
    job.sopKey, job.ownerId,
  );
}
