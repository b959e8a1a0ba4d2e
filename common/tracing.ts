// Distributed tracing with OpenTelemetry: a W3C `traceparent` accepted at the gateway (REST header,
// gRPC metadata) is carried through the quorum client to each bookie (the v3 request's
// requestContext, BookKeeper's field for exactly such pairs) and the bookie's span ends when the
// journal made the entry durable, so one slow append can be followed from REST to fsync.
//
// Off by default: nothing is exported, no span is recorded and no pair is put on the wire until
// startTracing() runs with an OTLP endpoint (flag or the standard OTEL_EXPORTER_OTLP_ENDPOINT /
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT). Bound: spans wait in the SDK's BatchSpanProcessor queue of
// 2,048 (OTEL_BSP_MAX_QUEUE_SIZE), beyond which spans are dropped, never the request.
// @opentelemetry/*: the reference OpenTelemetry SDK for Node (1.x API, 2.x SDK: Node 20).
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export { SpanKind, type Context, type Span };

let enabled = false;
const TRACER = 'quire';

export interface TracingOptions {
  /** service.name of the spans: quire-gateway, quire-bookie, ... (OTEL_SERVICE_NAME wins). */
  readonly serviceName: string;
  /** OTLP/HTTP base URL (http://host:4318); the traces path /v1/traces is appended. */
  readonly endpoint?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface RunningTracing {
  /** Exports what is queued, then stops. */
  shutdown(): Promise<void>;
}

/** The OTLP traces URL configured by flag or environment, or undefined (tracing off). */
export function tracesUrl(o: Pick<TracingOptions, 'endpoint' | 'env'>): string | undefined {
  const env = o.env ?? process.env;
  if (env.OTEL_TRACES_EXPORTER === 'none' || env.OTEL_SDK_DISABLED === 'true') return undefined;
  if (o.endpoint) return `${o.endpoint.replace(/\/$/, '')}/v1/traces`;
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) return `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces`;
  return undefined;
}

/** Starts exporting spans over OTLP/HTTP when an endpoint is configured; undefined otherwise. */
export function startTracing(o: TracingOptions): RunningTracing | undefined {
  const url = tracesUrl(o);
  if (url === undefined) return undefined;
  if (enabled) throw new Error('tracing is already started in this process');
  const env = o.env ?? process.env;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME ?? o.serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }), { maxQueueSize: 2048, scheduledDelayMillis: 1000 })],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  enabled = true;
  return {
    async shutdown() {
      await provider.forceFlush().catch(() => undefined);
      await provider.shutdown().catch(() => undefined);
      trace.disable();
      propagation.disable();
      context.disable();
      enabled = false;
    },
  };
}

export function tracingEnabled(): boolean {
  return enabled;
}

/** The context a W3C carrier (HTTP headers, gRPC metadata, bookie request pairs) names. */
export function extractContext(carrier: Readonly<Record<string, string | string[] | undefined>>): Context {
  return propagation.extract(ROOT_CONTEXT, carrier, {
    get: (c, k) => c[k],
    keys: (c) => Object.keys(c),
  });
}

/** traceparent/tracestate of `ctx` (default: the active context) as key/value pairs; [] when off. */
export function injectContext(ctx: Context = context.active()): { key: string; value: string }[] {
  if (!enabled) return [];
  const out: Record<string, string> = {};
  propagation.inject(ctx, out);
  return Object.entries(out).map(([key, value]) => ({ key, value }));
}

export function activeContext(): Context {
  return context.active();
}

/** The active context with `span` as its current span (to inject it, or to start children of it). */
export function contextOf(span: Span): Context {
  return trace.setSpan(context.active(), span);
}

/** Starts a span (child of `parent`, default the active context). A no-op span when tracing is off. */
export function startSpan(name: string, o: { kind?: SpanKind; attributes?: Attributes; parent?: Context } = {}): Span {
  return trace.getTracer(TRACER).startSpan(name, { kind: o.kind ?? SpanKind.INTERNAL, ...(o.attributes ? { attributes: o.attributes } : {}) }, o.parent ?? context.active());
}

/** Runs `fn` with `span` active, so spans started inside (also after awaits) are its children. */
export function withSpan<T>(span: Span, fn: () => T): T {
  return context.with(trace.setSpan(context.active(), span), fn);
}

/** Ends a span with an error status and the error's code/message (never a payload or secret). */
export function endSpan(span: Span, err?: unknown): void {
  if (err !== undefined && err !== null) {
    const code = typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : undefined;
    span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
    if (code) span.setAttribute('quire.error.code', code);
  }
  span.end();
}

/** Runs an async step as a span, ended when the promise settles. */
export async function traced<T>(name: string, attributes: Attributes, fn: () => Promise<T>, kind: SpanKind = SpanKind.INTERNAL): Promise<T> {
  if (!enabled) return fn();
  const span = startSpan(name, { kind, attributes });
  try {
    const r = await withSpan(span, fn);
    endSpan(span);
    return r;
  } catch (e) {
    endSpan(span, e);
    throw e;
  }
}
