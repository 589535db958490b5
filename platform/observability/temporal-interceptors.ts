/**
 * Temporal interceptors of the API's client and the worker:
 *
 *  - the request id of the current HTTP request goes into the `sop-request-id`
 *    header of every workflow start, signal and update (the workflow side is
 *    workflows/request-id-interceptors.ts), and an activity runs inside the id
 *    it was scheduled with, so its log lines carry it;
 *  - activity run times feed `sop_activity_duration_seconds`;
 *  - with tracing on (OTEL_EXPORTER_OTLP_ENDPOINT), Temporal's OpenTelemetry
 *    interceptors carry the trace from the client through workflows to
 *    activities.
 */
import path from 'node:path';
import type { Context as ActivityContext } from '@temporalio/activity';
import type { ClientInterceptors, WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInboundCallsInterceptor, InjectedSinks, WorkerInterceptors } from '@temporalio/worker';
import { REQUEST_ID_HEADER } from '../../workflows/request-id-interceptors';
import { activityDuration } from './metrics';
import { currentRequestId, isSaneRequestId, runWithRequestId } from './request-context';
import { activeTracing } from './tracing';

function withRequestId<T extends { headers: Headers }>(input: T): T {
  const requestId = currentRequestId();
  return requestId ? { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) } } : input;
}

const requestIdClientInterceptor: WorkflowClientInterceptor = {
  start: (input, next) => next(withRequestId(input)),
  signal: (input, next) => next(withRequestId(input)),
  signalWithStart: (input, next) => next(withRequestId(input)),
  startUpdate: (input, next) => next(withRequestId(input)),
};

/** The client interceptors (request id; OpenTelemetry when tracing is on). */
export function clientInterceptors(): ClientInterceptors {
  return { workflow: [requestIdClientInterceptor, ...(activeTracing() ? [new OpenTelemetryWorkflowClientInterceptor()] : [])] };
}

/** The request id an activity was scheduled with, if it carries a sane one. */
export function requestIdOf(headers: Headers): string | undefined {
  const payload = headers[REQUEST_ID_HEADER];
  if (!payload) return undefined;
  try {
    const value = defaultPayloadConverter.fromPayload<unknown>(payload);
    return isSaneRequestId(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

class ObservedActivity implements ActivityInboundCallsInterceptor {
  constructor(private readonly ctx: ActivityContext) {}

  async execute(input: Parameters<NonNullable<ActivityInboundCallsInterceptor['execute']>>[0], next: Parameters<NonNullable<ActivityInboundCallsInterceptor['execute']>>[1]): Promise<unknown> {
    const started = process.hrtime.bigint();
    const activity = this.ctx.info.activityType;
    const observe = (outcome: string) => activityDuration.observe({ activity, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    const run = () => next(input);
    const requestId = requestIdOf(input.headers);
    try {
      const result = await (requestId ? runWithRequestId(requestId, run) : run());
      observe('ok');
      return result;
    } catch (error) {
      observe('error');
      throw error;
    }
  }
}

/** The worker's interceptors: request ids into activities and their log lines, activity timings, OpenTelemetry when on. */
export function workerInterceptors(): WorkerInterceptors {
  const tracing = activeTracing();
  return {
    activity: [
      (ctx) => ({
        inbound: new ObservedActivity(ctx),
        outbound: {
          getLogAttributes(input, next) {
            const requestId = currentRequestId();
            return next(requestId ? { ...input, requestId } : input);
          },
        },
      }),
      ...(tracing ? [(ctx: ActivityContext) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })] : []),
    ],
  };
}

/** Workflow interceptor modules to bundle: the request id always, OpenTelemetry's when tracing is on (or `tracing` says so). */
export function workflowInterceptorModules(tracing: boolean = activeTracing() !== undefined): string[] {
  return [
    path.resolve(__dirname, '..', '..', 'workflows', 'request-id-interceptors.ts'),
    ...(tracing ? [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')] : []),
  ];
}

/** The sinks the OpenTelemetry workflow interceptors export spans through (none when tracing is off). */
export function workerSinks(): InjectedSinks<OpenTelemetrySinks> {
  const tracing = activeTracing();
  return (tracing?.exporter && tracing.resource ? { exporter: makeWorkflowExporter(tracing.exporter, tracing.resource) } : {}) as InjectedSinks<OpenTelemetrySinks>;
}
