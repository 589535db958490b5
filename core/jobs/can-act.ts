import type { Actor } from './contract';

/** SOP role slots that match an account role of the same name. */
const ACCOUNT_ROLES = new Set(['owner', 'qa', 'manager', 'procurement', 'vendor', 'admin']);

/**
 * Whether `actor` may act on a step assigned to role slot `role`: the person
 * bound to the slot (or the step's override) always may; otherwise a user
 * holding the account role of the same name may — for `vendor`, only a user
 * of the job's vendor organisation.
 */
export function canActAs(
  actor: Actor,
  role: string,
  binding: { userId?: string; vendorOrgId: string },
): boolean {
  if (binding.userId !== undefined && actor.userId === binding.userId) return true;
  if (!ACCOUNT_ROLES.has(role) || !actor.roles.includes(role)) return false;
  if (role === 'vendor') return actor.orgId === binding.vendorOrgId;
  return true;
}
