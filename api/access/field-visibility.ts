/**
 * Field-level visibility of a job's fields: only fields the job's SOP version
 * declares, and of those only the ones declared visible to the caller's role
 * (owners and admins read every declared field; a vendor organisation's user
 * is a vendor and nothing else). SOP versions without declarations: the
 * stored free fields are for owner, procurement and admin only. One rule
 * (core/sop/job-fields.ts), applied by the JSON DTOs (visibleFields), by the
 * SQL that renders job lists (job-reads.ts, same rule in SQL) and to the
 * field-change entries of the job's audit trail.
 */
import {
  declaredJobFields,
  projectJobFields,
  readsAllDeclaredFields,
  readsLegacyFields,
  visibleDeclarations,
  type FieldViewer,
} from '../../core/sop/job-fields';
import { isVendorUser, type AuthUser } from '../auth/auth-user';

/** The caller as the field rules see them. */
export const fieldViewerOf = (user: AuthUser): FieldViewer => ({ roles: user.roles, vendor: isVendorUser(user) });

/** The roles field visibility is judged by (a vendor organisation's user: `vendor` only). */
export const fieldRolesOf = (user: AuthUser): string[] => (isVendorUser(user) ? ['vendor'] : [...user.roles]);

/** Whether `user` reads every declared field (SQL parameter of the list). */
export const readsAllFields = (user: AuthUser): boolean => readsAllDeclaredFields(fieldViewerOf(user));

/** Whether `user` reads the free fields of SOP versions without declarations (SQL parameter of the list). */
export const readsUndeclaredLegacyFields = (user: AuthUser): boolean => readsLegacyFields(fieldViewerOf(user));

/** The job's fields `user` may read, given the SOP version's document. */
export function visibleFields(user: AuthUser, definition: unknown, fields: unknown): Record<string, unknown> {
  return projectJobFields(declaredJobFields(definition), fields, fieldViewerOf(user));
}

/** The SOP document with the field declarations `user` may not read removed (its other parts unchanged). */
export function definitionForViewer(user: AuthUser, definition: unknown): unknown {
  const declared = declaredJobFields(definition);
  if (!declared) return definition;
  return { ...(definition as Record<string, unknown>), fields: visibleDeclarations(declared, fieldViewerOf(user)) };
}
