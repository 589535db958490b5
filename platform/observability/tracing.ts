/**
 * OpenTelemetry tracing, on only when `OTEL_EXPORTER_OTLP_ENDPOINT` is set:
 * spans go over OTLP/HTTP to `<endpoint>/v1/traces` (the exporter reads the
 * standard OTEL_* variables). Temporal's OpenTelemetry interceptors
 * (platform/observability/temporal-interceptors.ts) then carry the trace from
 * the API's client calls through workflows into activities.
 */
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface Tracing {
  /** True when spans are exported. */
  enabled: boolean;
  /** The exporter and resource, for the worker's workflow span sink (undefined when off). */
  exporter?: SpanExporter;
  resource?: Resource;
  /** Flushes and ends the exporter. */
  stop(): Promise<void>;
}

let active: Tracing | undefined;

/** The tracing started in this process, if any (the Temporal interceptors read it). */
export function activeTracing(): Tracing | undefined {
  return active?.enabled ? active : undefined;
}

export function startTracing(endpoint: string | undefined, serviceName: string, log: (line: string) => void): Tracing {
  if (!endpoint) return { enabled: false, stop: async () => undefined };
  const resource = new Resource({ 'service.name': serviceName });
  const exporter = new OTLPTraceExporter();
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(exporter)] });
  provider.register();
  log(`[tracing] exporting spans of ${serviceName} to ${endpoint}`);
  active = {
    enabled: true,
    exporter,
    resource,
    async stop() {
      await provider.shutdown().catch(() => undefined);
      trace.disable();
      active = undefined;
    },
  };
  return active;
}
