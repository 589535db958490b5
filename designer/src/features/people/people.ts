/**
 * People and organisations as /api/orgs and /api/users answer them, and the rule
 * the API enforces on roles (api/routes/org-user-routes.ts): a vendor
 * organisation's people hold only `vendor`, internal people never hold it.
 */
import type { AccountRole, Org as OrgShape, User } from '../../lib/api-types';
import type { Problem } from '../../lib/problem';

export type OrgKind = OrgShape['kind'];

export type Org = OrgShape;

export type Person = User;

export const INTERNAL_ROLES: readonly AccountRole[] = ['admin', 'owner', 'qa', 'manager', 'procurement'];
export const VENDOR_ROLES: readonly AccountRole[] = ['vendor'];
/** The API's minimum password length (api/auth/passwords.ts). */
export const MIN_PASSWORD = 10;

/** The roles a person of an organisation of this kind may hold, in display order. */
export function rolesFor(kind: OrgKind): readonly AccountRole[] {
  return kind === 'vendor' ? VENDOR_ROLES : INTERNAL_ROLES;
}

/** `roles` in display order, keeping only those that fit `kind`. */
export function fittingRoles(roles: readonly string[], kind: OrgKind): AccountRole[] {
  return rolesFor(kind).filter((r) => roles.includes(r));
}

/** `roles` in display order (internal roles first, then vendor). */
export function inDisplayOrder(roles: readonly string[]): AccountRole[] {
  return [...INTERNAL_ROLES, ...VENDOR_ROLES].filter((r) => roles.includes(r));
}

/** Which organisations the list shows: all, one kind, or one organisation (by id). */
export type OrgFilter = 'all' | OrgKind | `org:${string}`;

export interface PeopleGroup {
  org: Org;
  people: Person[];
}

/**
 * People grouped by organisation — internal organisations first, then vendors, each by name —
 * narrowed to `filter` and to `query` (part of a name or e-mail, any case). While searching,
 * organisations where no one matches are left out; otherwise empty ones are listed too.
 */
export function groupPeople(orgs: readonly Org[], people: readonly Person[], filter: OrgFilter, query: string): PeopleGroup[] {
  const q = query.trim().toLocaleLowerCase();
  const matches = (p: Person) => !q || p.name.toLocaleLowerCase().includes(q) || p.email.toLocaleLowerCase().includes(q);
  const shown = orgs.filter((o) => filter === 'all' || filter === o.kind || filter === `org:${o.id}`);
  return [...shown]
    .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'internal' ? -1 : 1))
    .map((org) => ({ org, people: people.filter((p) => p.orgId === org.id && matches(p)).sort((a, b) => (a.name || a.email).localeCompare(b.name || b.email)) }))
    .filter((g) => g.people.length > 0 || !q);
}

/** The stable code of a problem (`urn:sop:problem:email-taken` → `email-taken`). */
export function problemCode(problem: Problem): string | undefined {
  return problem.type?.startsWith('urn:sop:problem:') ? problem.type.slice('urn:sop:problem:'.length) : undefined;
}

/** Whether `text` has the shape of an e-mail address (the API checks the full format). */
export function looksLikeEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.trim());
}
