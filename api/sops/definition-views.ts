/**
 * The SOP document as a viewer reads it, rendered once per SOP version and
 * viewer class. Published versions never change (plan-cache.ts), and what a
 * viewer reads of one depends only on the roles field visibility judges by:
 * vendors get core/sop/vendor-view.ts's projection, staff the document with
 * the field declarations their roles may not read left out. The job page asks
 * for it on every read, so the JSON text is kept beside the cached version
 * instead of projecting and serialising ~4 KB per request.
 */
import type { AuthUser } from '../auth/auth-user';
import { isVendorUser } from '../auth/auth-user';
import { definitionForViewer, fieldRolesOf } from '../access/field-visibility';
import { vendorSopView } from '../../core/sop/vendor-view';
import type { SopDefinition } from '../../core/sop/types';
import type { CachedVersion } from './plan-cache';

/** The definition `user` may read (null when the version is unknown). */
export function definitionViewOf(user: AuthUser, definition: unknown): unknown {
  const viewed = definitionForViewer(user, definition);
  if (!viewed) return null;
  return isVendorUser(user) ? vendorSopView(viewed as SopDefinition) : viewed;
}

/**
 * The viewer class: users whose key is equal read the same projection of every definition. Vendors and staff have
 * keys of their own kinds, so a staff row that holds the `vendor` role (refused by the API, not by the database)
 * never shares, and so never fills, the vendor organisations' entry.
 */
export function viewerClassOf(user: AuthUser): string {
  return isVendorUser(user) ? 'vendor-org' : `staff:${[...new Set(fieldRolesOf(user))].sort().join(',')}`;
}

const rendered = new WeakMap<CachedVersion, Map<string, string>>();

/** `definitionViewOf(user, version.definition)` as JSON text, rendered once per version and viewer class. */
export function definitionJsonFor(user: AuthUser, version: CachedVersion | undefined): string {
  if (!version) return 'null';
  let byViewer = rendered.get(version);
  if (!byViewer) {
    byViewer = new Map();
    rendered.set(version, byViewer);
  }
  const key = viewerClassOf(user);
  let text = byViewer.get(key);
  if (text === undefined) {
    text = JSON.stringify(definitionViewOf(user, version.definition));
    byViewer.set(key, text);
  }
  return text;
}
