/**
 * The request id of the work in progress (an HTTP request, or an activity
 * started on its behalf), carried through async calls so every log line of
 * that work names it (the logger's mixin reads it) and the Temporal client
 * interceptor can pass it on to workflows.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** An incoming `X-Request-Id` is kept when it is 1–128 of these characters; anything else is replaced. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The caller's request id when it is sane, otherwise a new UUID. */
export function requestIdFrom(incoming: unknown): string {
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** True for ids {@link requestIdFrom} would keep (also checked where ids arrive through Temporal headers). */
export function isSaneRequestId(value: unknown): value is string {
  return typeof value === 'string' && SANE_REQUEST_ID.test(value);
}

export function runWithRequestId<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId }, work);
}

/** The request id of the current async context, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
