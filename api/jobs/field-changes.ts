/**
 * The audit entry of a job-field edit (`job.fields_changed`): which fields
 * changed, from what to what (`null` = no value), and the same entry as a
 * given reader may see it in the job's trail (only fields they may read).
 *
 * The entry also holds a random `nonce` (128 bits). Every reader of the trail
 * gets each event's hash, which covers the full entry: without the nonce a
 * vendor could recompute the hash for guessed values of a hidden low-entropy
 * field (a budget) and confirm the real one offline. A redacted entry is
 * answered without its nonce, so its hash reveals nothing.
 */
import { declaredJobFields, mayReadField, projectJobFields } from '../../core/sop/job-fields';
import { isVendorUser, type AuthUser } from '../auth/auth-user';
import { fieldViewerOf } from '../access/field-visibility';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Fields whose value differs between `before` and `after`, by field id. */
export function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.filter((k) => !same(before[k], after[k])).map((field) => ({ field, from: before[field] ?? null, to: after[field] ?? null }));
}

const STAFF_NOTE_EVENTS = new Set(['step.deadline_changed', 'step.late_reason_set']);

/** Audit event data as `user` may read it: field changes limited to fields they may read; a change of vendor without the previous organisation for vendors. */
export function auditDataForViewer(user: AuthUser, type: string, data: unknown, definition: unknown): unknown {
  // A vendor that took a job over does not learn which organisation had it before.
  if (type === 'job.vendor_changed' && isVendorUser(user)) return { to: (data as { to?: unknown } | null)?.to ?? null };
  // Why a deadline moved or a step was late: vendors read the reason code, never the free-text note (staff write it for staff).
  if (STAFF_NOTE_EVENTS.has(type) && isVendorUser(user) && data !== null && typeof data === 'object' && 'note' in data) {
    const { note: _note, ...rest } = data as Record<string, unknown>;
    return rest;
  }
  if (type !== 'job.fields_changed') return data;
  const changes = ((data as { changes?: FieldChange[] } | null)?.changes ?? []);
  const declared = declaredJobFields(definition);
  const viewer = fieldViewerOf(user);
  const readable = (field: string) =>
    declared ? declared.some((spec) => spec.id === field && mayReadField(spec, viewer)) : Object.keys(projectJobFields(undefined, { [field]: true }, viewer)).length > 0;
  const visible = changes.filter((c) => readable(c.field));
  // Everything readable: the entry as stored (with its nonce, so the hash can be recomputed); else redacted, nonce withheld.
  return visible.length === changes.length ? data : { changes: visible };
}
