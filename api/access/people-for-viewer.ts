/**
 * What a reader learns about the people behind comments, uploads and the
 * timeline. Internal staff read everyone's address; a vendor organisation's
 * user reads the addresses of their own organisation only: the buyer's staff
 * show as a name (no e-mail address, no way to reach them outside the
 * product). Used by every job read that names a person.
 */
import { isVendorUser, type AuthUser } from '../auth/auth-user';

export interface Person { id: string; name: string; email: string; orgId: string; org?: { kind: string } }
export interface PersonView { id: string; name: string; email?: string }

/** What a vendor reads for a person of another vendor organisation (one that had the job before it): not who. */
export function otherVendorName(viewer: AuthUser): string {
  return viewer.locale === 'en' ? 'Another vendor' : '其他供应商';
}

/**
 * `person` as `viewer` may see them. A vendor that took a job over does not
 * learn who worked on it at the vendor before: people of another vendor
 * organisation read as "another vendor".
 */
export function personForViewer(viewer: AuthUser, person: Person): PersonView {
  if (isVendorUser(viewer) && person.orgId !== viewer.orgId) {
    return person.org?.kind === 'vendor' ? { id: person.id, name: otherVendorName(viewer) } : { id: person.id, name: person.name };
  }
  return { id: person.id, name: person.name, email: person.email };
}

/** The columns personForViewer needs (Prisma `select`). */
export const personColumns = { id: true, name: true, email: true, orgId: true, org: { select: { kind: true } } } as const;

/**
 * The actor label of a timeline entry as `viewer` may see it: entries by
 * people carry the person's e-mail address; a vendor reading an entry by
 * someone outside their organisation sees the person's name instead. Labels
 * of non-people (`workflow`, `system`) are unchanged.
 */
export function actorLabelForViewer(viewer: AuthUser, actorId: string | null, label: string, people: ReadonlyMap<string, Person>): string {
  if (!isVendorUser(viewer) || !actorId) return label;
  const person = people.get(actorId);
  if (!person) return label.includes('@') ? 'staff' : label;
  if (person.orgId === viewer.orgId) return label;
  return person.org?.kind === 'vendor' ? otherVendorName(viewer) : person.name;
}
