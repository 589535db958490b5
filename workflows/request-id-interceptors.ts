/**
 * Carries the request id (platform/observability/request-context.ts) through
 * a job: the API's Temporal client puts it in the `sop-request-id` header of
 * a start, signal or update; this interceptor remembers the latest one the
 * workflow received and puts it on the activities it schedules afterwards
 * and on the workflow's own log lines. Headers only: the workflow's commands
 * are unchanged, so recorded histories replay as before.
 */
import type { Headers } from '@temporalio/common';
import { defaultPayloadConverter, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const REQUEST_ID_HEADER = 'sop-request-id';

export const interceptors: WorkflowInterceptorsFactory = () => {
  let requestId: Headers[string] | undefined;
  const remember = (headers: Headers) => {
    const given = headers[REQUEST_ID_HEADER];
    if (given) requestId = given;
  };
  const withId = (headers: Headers): Headers => (requestId ? { ...headers, [REQUEST_ID_HEADER]: requestId } : headers);
  return {
    inbound: [{
      execute(input, next) {
        remember(input.headers);
        return next(input);
      },
      handleSignal(input, next) {
        remember(input.headers);
        return next(input);
      },
      handleUpdate(input, next) {
        remember(input.headers);
        return next(input);
      },
    }],
    outbound: [{
      scheduleActivity(input, next) {
        return next({ ...input, headers: withId(input.headers) });
      },
      scheduleLocalActivity(input, next) {
        return next({ ...input, headers: withId(input.headers) });
      },
      getLogAttributes(input, next) {
        return next(requestId ? { ...input, requestId: defaultPayloadConverter.fromPayload<string>(requestId) } : input);
      },
    }],
  };
};
