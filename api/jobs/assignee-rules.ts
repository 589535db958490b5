import type { PrismaClient } from '../../platform/db/prisma-types';

/** SOP role slots that are also account roles: a person bound to one must hold it (or be an admin). */
const ACCOUNT_ROLES = new Set(['owner', 'qa', 'manager', 'procurement', 'admin']);

/**
 * Who may fill role slot `role` of a job — the one rule for job start and for
 * reassign: `vendor` → an active user of the job's vendor organisation; any
 * other slot → an active internal user, holding the account role of the same
 * name when the slot is one (admins fit every internal slot). Answers why not,
 * or undefined when the person fits.
 */
export async function assigneeRefusal(
  prisma: PrismaClient,
  slot: { role: string; userId: string; vendorOrgId: string; planRoles: readonly string[]; startedBy?: string },
): Promise<string | undefined> {
  const { role, userId, vendorOrgId, planRoles } = slot;
  if (!planRoles.includes(role)) return `the SOP has no role "${role}" (roles: ${planRoles.join(', ')})`;
  const person = await prisma.user.findUnique({ where: { id: userId }, include: { org: true } });
  if (!person) return 'unknown user';
  if (person.disabled) return 'this account is disabled';
  // An API key may own the jobs it starts; it is never bound to a step a person works on.
  if (person.kind !== 'person' && !(role === 'owner' && userId === slot.startedBy)) return 'an API key cannot be assigned to a role';
  if (role === 'vendor') return person.orgId === vendorOrgId ? undefined : 'must be a user of the vendor organisation';
  if (person.org.kind !== 'internal') return 'must be an internal user';
  if (ACCOUNT_ROLES.has(role) && !person.roles.includes(role) && !person.roles.includes('admin')) return `must hold the "${role}" role`;
  return undefined;
}
