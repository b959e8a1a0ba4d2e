// --otlp-endpoint on the server commands: tracing is off unless it (or the standard
// OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) names a collector.
import type { Command } from 'commander';
import { rootLogger } from '../common/logger.js';
import { startTracing, type RunningTracing } from '../common/tracing.js';

export interface TracingFlagValues {
  otlpEndpoint?: string;
}

export function addTracingFlag(cmd: Command): Command {
  return cmd.option('--otlp-endpoint <url>', 'export traces over OTLP/HTTP to this collector (e.g. http://127.0.0.1:4318); default $OTEL_EXPORTER_OTLP_ENDPOINT, else off');
}

/** Starts tracing for this process when configured; the caller awaits shutdown() before exiting. */
export function startProcessTracing(serviceName: string, o: TracingFlagValues): RunningTracing | undefined {
  const t = startTracing({ serviceName, ...(o.otlpEndpoint ? { endpoint: o.otlpEndpoint } : {}) });
  if (t) rootLogger.info({ serviceName }, 'tracing on: exporting spans over OTLP/HTTP');
  return t;
}
