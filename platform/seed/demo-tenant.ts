/**
 * The demo tenant `npm start` seeds into an empty database: the accounts of
 * API.md, a published demo SOP and a reference banner to start jobs with.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { compileSop } from '../../core/sop/compile';
import { validateSop } from '../../core/sop/validate';
import { hashPassword } from '../../api/auth/passwords';
import { appendAudit } from '../audit/audit-log';
import type { Database } from '../db/database';
import type { Prisma } from '../db/prisma-types';
import type { FileStorage } from '../storage/file-storage';
import demoSop from './demo-sop.json';

export const DEMO_ACCOUNTS = [
  { email: 'admin@demo.test', name: '系统管理员 Admin', roles: ['admin'], org: 'internal' },
  { email: 'owner@demo.test', name: '流程负责人 Olivia', roles: ['owner'], org: 'internal' },
  { email: 'qa@demo.test', name: '质检 Quinn', roles: ['qa'], org: 'internal' },
  { email: 'manager@demo.test', name: '项目经理 Max', roles: ['manager'], org: 'internal' },
  { email: 'procurement@demo.test', name: '采购 Pat', roles: ['procurement'], org: 'internal' },
  { email: 'vendor-a@demo.test', name: '外包方 A', roles: ['vendor'], org: 'Vendor A' },
  { email: 'vendor-b@demo.test', name: '外包方 B', roles: ['vendor'], org: 'Vendor B' },
] as const;

/** A password for the demo accounts when DEMO_PASSWORD is not set. */
export function generateDemoPassword(): string {
  return `demo-${randomBytes(6).toString('base64url')}`;
}

/** A 1920×600 banner in the style of the demo SOP; `headline` defaults to 双十一 全场5折. */
export async function renderDemoBanner(headline = '双十一 全场5折'): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1920" height="600">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#ff4d4f"/><stop offset="1" stop-color="#ff9c6e"/></linearGradient></defs>
  <rect width="1920" height="600" fill="url(#g)"/>
  <rect x="0" y="0" width="200" height="80" fill="#ffffff" opacity="0.85"/>
  <text x="100" y="52" font-size="32" text-anchor="middle" font-family="Noto Sans CJK SC, sans-serif" fill="#cf1322">LOGO</text>
  <text x="960" y="280" font-size="150" text-anchor="middle" font-family="Noto Sans CJK SC, sans-serif" font-weight="bold" fill="#ffffff">${headline}</text>
  <text x="960" y="420" font-size="64" text-anchor="middle" font-family="Noto Sans CJK SC, sans-serif" fill="#fff1f0">Double 11 · 50% OFF</text>
  <rect x="760" y="470" width="400" height="80" rx="40" fill="#ffffff"/>
  <text x="960" y="525" font-size="40" text-anchor="middle" font-family="Noto Sans CJK SC, sans-serif" fill="#cf1322">立即抢购</text>
</svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 6 }).toBuffer();
}

export class NotDemoModeError extends Error {
  constructor() {
    super('the demo tenant (accounts sharing one password) is seeded only in demo mode: `npm start`, or SOP_DEMO=1');
    this.name = 'NotDemoModeError';
  }
}

/**
 * Seeds the demo tenant unless the database already has users. Returns whether it seeded.
 * Refuses (NotDemoModeError) unless the caller says `{ demoMode: true }`: production entry
 * points never seed.
 */
export async function seedDemoTenant(db: Database, storage: FileStorage, password: string, options: { demoMode?: boolean } = {}): Promise<boolean> {
  if (options.demoMode !== true) throw new NotDemoModeError();
  const prisma = db.prisma;
  if ((await prisma.user.count()) > 0) return false;
  const passwordHash = await hashPassword(password);
  const banner = await storage.put(Readable.from(await renderDemoBanner()), { maxBytes: 50 * 1024 * 1024 });
  const validation = validateSop(demoSop);
  if (!validation.valid || !validation.definition) throw new Error(`demo SOP invalid: ${validation.errors.map((e) => e.code).join(', ')}`);
  const definition = validation.definition;
  await prisma.$transaction(async (tx) => {
    const internal = await tx.org.create({ data: { name: 'Demo Co 演示公司', kind: 'internal' } });
    const vendorA = await tx.org.create({ data: { name: 'Vendor A', kind: 'vendor' } });
    const vendorB = await tx.org.create({ data: { name: 'Vendor B', kind: 'vendor' } });
    const orgs: Record<string, string> = { internal: internal.id, 'Vendor A': vendorA.id, 'Vendor B': vendorB.id };
    const users: Record<string, string> = {};
    for (const account of DEMO_ACCOUNTS) {
      const user = await tx.user.create({ data: { email: account.email, name: account.name, roles: [...account.roles], orgId: orgs[account.org]!, passwordHash } });
      users[account.email] = user.id;
    }
    const owner = users['owner@demo.test']!;
    await tx.sop.create({ data: { key: definition.key, name: definition.name, ownerId: owner, draft: definition as unknown as Prisma.InputJsonValue, draftUpdatedAt: new Date() } });
    await tx.sopVersion.create({
      data: { sopKey: definition.key, version: 1, definition: definition as unknown as Prisma.InputJsonValue, plan: compileSop(definition, 1) as unknown as Prisma.InputJsonValue, publishedById: owner },
    });
    await tx.fileBlob.upsert({ where: { sha256: banner.sha256 }, create: { sha256: banner.sha256, size: banner.size, mime: 'image/png', storageKey: banner.key }, update: {} });
    await tx.storedFile.create({ data: { sha256: banner.sha256, originalName: 'reference-banner.png', uploadedById: owner, orgId: internal.id } });
    await appendAudit(tx, { type: 'tenant.seeded', actorLabel: 'system', data: { accounts: DEMO_ACCOUNTS.map((a) => a.email), sop: definition.key } });
  });
  return true;
}
