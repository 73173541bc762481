import { type Attributes, context, propagation, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { GATEWAY_VERSION } from '../version.js';

/** Spans go to the global tracer provider: a no-op until `startTracing` registers the SDK's. */
const tracer = trace.getTracer('caption-gateway', GATEWAY_VERSION);

function recordFailure(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** Runs `work` in a span of its own (a child of the active one), ended when the work settles. */
export function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Runs the handling of one HTTP request in a server span, continuing the caller's trace when it sent a
 * `traceparent`; the span ends when `answered` is called. Named by method only: paths hold ids, and span names
 * are meant to be few.
 */
export function inRequestSpan<T>(
  method: string,
  path: string,
  headers: Record<string, string | string[] | undefined>,
  work: (answered: (status: number) => void) => T,
): T {
  const parent = propagation.extract(context.active(), headers);
  const attributes = { 'http.request.method': method, 'url.path': path };
  return tracer.startActiveSpan(`HTTP ${method}`, { kind: SpanKind.SERVER, attributes }, parent, (span) =>
    work((status) => {
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }),
  );
}

/** Whether the environment asks for traces: the standard OTLP endpoint variables. */
export function tracingRequested(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts OpenTelemetry's Node SDK exporting spans over OTLP/HTTP, configured by the standard OTEL_* variables
 * (endpoint, headers, protocol, sampler, batch delays). Only traces: the gateway's metrics are Prometheus'.
 * Loaded only when asked for, so a gateway without traces does not pay for loading the SDK at start.
 * Returns what flushes and stops it.
 */
export async function startTracing(env: NodeJS.ProcessEnv): Promise<() => Promise<void>> {
  const [{ NodeSDK }, { OTLPTraceExporter }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
  ]);
  const sdk = new NodeSDK({
    ...(env.OTEL_SERVICE_NAME ? {} : { serviceName: 'caption-gateway' }),
    traceExporter: new OTLPTraceExporter(),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  return () => sdk.shutdown();
}
