/**
 * How the writer of outbox rows (activities/record-events.ts) gets them to a
 * dispatcher without waiting for its next poll.
 *
 * - Same process, dispatcher running and keeping up (a worker): the writer
 *   inserts the rows already claimed for that dispatcher (attempt 1, leased
 *   like a claim) and hands them over after its transaction committed
 *   (`take`): no claim statement, no wait. If the process dies first, the rows
 *   are sent by any dispatcher after the lease, exactly like rows claimed by a
 *   dispatcher that died.
 * - Otherwise (the API's writes, a dispatcher far behind, other workers): the
 *   writer's transaction runs `NOTIFY sop_outbox` (delivered at commit,
 *   dropped at rollback) and every dispatcher given the database URL
 *   `LISTEN`s on a connection of its own (dispatcher.ts), this process's too.
 *
 * A lost signal costs at most one poll interval (`NOTIFY_POLL_MS`): polling
 * stays the fallback, signals only make delivery faster.
 *
 * The writer also notes which audit events it relayed to webhooks itself
 * (`noteRelayed`), and with which webhook configs in view, so that the audit
 * relay of this process's dispatcher need not read and relay them again
 * (event-relay.ts). The notes are a shortcut, never the source of truth: an
 * event not noted, or noted before a webhook config the relay now sees
 * existed, is relayed as before.
 */
import type { AuditTx } from '../audit/audit-log';
import type { OutboxMessage } from './channels/sender';

export const OUTBOX_CHANNEL = 'sop_outbox';

/** A started dispatcher of this process, as the writer sees it. */
export interface LocalDispatcher {
  /** How long rows claimed for it stay claimed. */
  readonly leaseMs: number;
  /** Whether it takes rows straight from the writer now (running, not too far behind). */
  accepting(): boolean;
  /** Committed rows claimed for it (attempt 1) until `leaseEnd` (ms since epoch): sends them. */
  take(messages: OutboxMessage[], leaseEnd: number): void;
}

/** Dispatchers per database (the `Database` object both sides were given). */
const local = new WeakMap<object, Set<LocalDispatcher>>();

export function registerLocalDispatcher(db: object, dispatcher: LocalDispatcher): () => void {
  let set = local.get(db);
  if (!set) {
    set = new Set();
    local.set(db, set);
  }
  set.add(dispatcher);
  return () => {
    set.delete(dispatcher);
    if (set.size === 0) relayed.delete(db);
  };
}

/** A dispatcher of this process for `db` that takes rows straight from the writer, if any. */
export function localDispatcher(db: object): LocalDispatcher | undefined {
  for (const d of local.get(db) ?? []) if (d.accepting()) return d;
  return undefined;
}

/** Events relayed directly: seq → the ids of every enabled webhook config the writer considered. */
const relayed = new WeakMap<object, Map<number, ReadonlySet<string>>>();
/** Notes beyond this many (a relay far behind) are not kept: the relay then simply does the work. */
const MAX_NOTES = 100_000;

/** The writer relayed `seqs` to webhooks itself, considering every config in `webhookConfigIds`. Kept only while a dispatcher (and so a relay) runs for `db` in this process. */
export function noteRelayed(db: object, seqs: readonly number[], webhookConfigIds: ReadonlySet<string>): void {
  if (!local.get(db)?.size) return;
  let notes = relayed.get(db);
  if (!notes) {
    notes = new Map();
    relayed.set(db, notes);
  }
  for (const seq of seqs) if (notes.size < MAX_NOTES) notes.set(seq, webhookConfigIds);
}

/** The configs the writer considered for event `seq`, if it relayed it directly. */
export function relayedWith(db: object, seq: number): ReadonlySet<string> | undefined {
  return relayed.get(db)?.get(seq);
}

/** The relay read everything up to `seq`: forget the notes up to there. */
export function forgetRelayed(db: object, seq: number): void {
  const notes = relayed.get(db);
  if (!notes) return;
  for (const key of notes.keys()) if (key <= seq) notes.delete(key);
}

/** Inside the writer's transaction: wakes listening dispatchers of other processes at commit. */
export async function notifyOutboxInTransaction(tx: AuditTx): Promise<void> {
  await tx.$executeRawUnsafe(`NOTIFY ${OUTBOX_CHANNEL}`);
}
