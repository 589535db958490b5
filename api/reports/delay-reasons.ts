/**
 * The organisation's catalogue of delay reason codes: why a deadline moved or
 * why a step finished late. Each internal organisation owns one catalogue; the
 * defaults below are written the first time the organisation's catalogue is
 * read (so a new organisation starts with them, and a code an admin retires —
 * `active: false` — stays retired: rows are never deleted, history keeps its
 * labels). QA rejection codes are not in the catalogue: the vendor reports
 * count every rejected review as one `rework` delay.
 *
 * Which catalogue applies: an internal user's own organisation; a job's is its
 * owner's organisation; a vendor user (who explains a late task of their own)
 * reads the catalogue of the oldest internal organisation — a deployment is
 * one company (its internal organisation) and its vendors.
 */
import type { Prisma, PrismaClient } from '../../platform/db/prisma-types';
import { isVendorUser, type AuthUser } from '../auth/auth-user';
import { unprocessable } from '../http/problem';

export interface DelayReasonItem {
  code: string;
  labels: { 'zh-CN': string; en: string };
  active: boolean;
  position: number;
}

/** The code every rejected QA review counts as in the reports. */
export const REWORK_CODE = 'rework';

export const DEFAULT_DELAY_REASONS: ReadonlyArray<{ code: string; zh: string; en: string }> = [
  { code: 'scope-change', zh: '需求变更', en: 'Scope change' },
  { code: 'missing-material', zh: '素材缺失', en: 'Missing material' },
  { code: 'vendor-capacity', zh: '供应商产能', en: 'Vendor capacity' },
  { code: REWORK_CODE, zh: '返工', en: 'Rework' },
  { code: 'review-backlog', zh: '审核积压', en: 'Review backlog' },
  { code: 'holiday', zh: '节假日', en: 'Holiday' },
];

type Row = { code: string; labelZh: string; labelEn: string; active: boolean; position: number };
const itemOf = (r: Row): DelayReasonItem => ({ code: r.code, labels: { 'zh-CN': r.labelZh, en: r.labelEn }, active: r.active, position: r.position });

/** The organisation whose catalogue `user` reads. */
export async function catalogueOrgOf(prisma: PrismaClient, user: AuthUser): Promise<string> {
  if (!isVendorUser(user)) return user.orgId;
  const internal = await prisma.org.findFirst({ where: { kind: 'internal' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true } });
  return internal?.id ?? user.orgId;
}

/** The organisation whose catalogue applies to a job: its owner's. */
export async function catalogueOrgOfJob(prisma: PrismaClient, job: { ownerId: string }): Promise<string> {
  const owner = await prisma.user.findUnique({ where: { id: job.ownerId }, select: { orgId: true } });
  return owner!.orgId;
}

/** Writes the defaults for an organisation that has no catalogue yet (concurrent first reads insert once). */
async function ensureDefaults(prisma: PrismaClient | Prisma.TransactionClient, orgId: string): Promise<void> {
  if ((await prisma.delayReason.count({ where: { orgId } })) > 0) return;
  await prisma.delayReason.createMany({
    data: DEFAULT_DELAY_REASONS.map((r, i) => ({ orgId, code: r.code, labelZh: r.zh, labelEn: r.en, position: i })),
    skipDuplicates: true,
  });
}

/** The catalogue, in its order (retired codes included, flagged). */
export async function listDelayReasons(prisma: PrismaClient, orgId: string): Promise<DelayReasonItem[]> {
  await ensureDefaults(prisma, orgId);
  const rows = await prisma.delayReason.findMany({ where: { orgId }, orderBy: [{ position: 'asc' }, { code: 'asc' }] });
  return rows.map(itemOf);
}

/** Creates or changes one code of the catalogue. */
/** Adds or changes a code (in `tx`, with the caller's audit entry, so neither is written without the other). */
export async function putDelayReason(prisma: Prisma.TransactionClient, orgId: string, code: string, input: { labelZh: string; labelEn: string; active?: boolean; position?: number }): Promise<DelayReasonItem> {
  await ensureDefaults(prisma, orgId);
  const data = { labelZh: input.labelZh, labelEn: input.labelEn, ...(input.active === undefined ? {} : { active: input.active }), ...(input.position === undefined ? {} : { position: input.position }) };
  const row = await prisma.delayReason.upsert({
    where: { orgId_code: { orgId, code } },
    create: { orgId, code, ...data, position: input.position ?? (await prisma.delayReason.count({ where: { orgId } })) },
    update: data,
  });
  return itemOf(row);
}

/** `code` if it is an active code of the catalogue; 422 `delay-reason-unknown` otherwise. */
export async function checkDelayReason(prisma: PrismaClient, orgId: string, code: string | undefined): Promise<string> {
  const active = (await listDelayReasons(prisma, orgId)).filter((r) => r.active).map((r) => r.code);
  if (code === undefined || !active.includes(code)) {
    throw unprocessable('delay-reason-unknown', `${code === undefined ? 'Name a delay reason' : `"${code}" is not a delay reason of this organisation`}: send \`reason\` as one of ${active.join(', ')} (GET /api/delay-reasons).`, [
      { path: 'body/reason', message: code === undefined ? 'required' : 'not in the catalogue' },
    ]);
  }
  return code;
}
