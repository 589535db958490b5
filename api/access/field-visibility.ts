/**
 * Field-level visibility of a job's custom fields: contract and budget fields
 * are for procurement, admins and owners only. One rule, applied by the JSON
 * DTOs (visibleFields) and by the SQL that renders job lists (job-reads.ts).
 */
import type { AuthUser } from '../auth/auth-user';

/** Job fields only some roles may read (contract and budget). */
export const RESTRICTED_FIELDS: readonly string[] = ['budget', 'contractNo', 'contractAmount', 'price'];
const FIELD_READERS = ['procurement', 'admin', 'owner'];

/** Whether `user` may read the restricted fields. */
export const readsRestrictedFields = (user: AuthUser): boolean => user.roles.some((r) => FIELD_READERS.includes(r));

/** The job's custom fields with restricted ones removed for roles that may not read them. */
export function visibleFields(user: AuthUser, fields: unknown): Record<string, unknown> {
  const all = (fields && typeof fields === 'object' ? fields : {}) as Record<string, unknown>;
  if (readsRestrictedFields(user)) return { ...all };
  return Object.fromEntries(Object.entries(all).filter(([k]) => !RESTRICTED_FIELDS.includes(k)));
}
