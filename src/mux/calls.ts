import type { GatewayMetrics } from '../observability/metrics.js';
import { inSpan } from '../observability/tracing.js';
import { callMux, UpstreamError } from './errors.js';

/** What a failed call's status label says: Mux's HTTP status, or that no answer came. */
function statusOf(error: unknown): string {
  if (error instanceof UpstreamError)
    return error.failure.status === undefined ? 'unreachable' : String(error.failure.status);
  return 'error';
}

/** Mux could not be reached or failed on its side; any other answer, even a refusal, means it is there. */
function reachedMux(error: unknown): boolean {
  return !(error instanceof UpstreamError && error.failure.kind === 'unavailable');
}

/**
 * Runs each call to the Mux API in a span (`mux <operation>`) and counts it with its latency, by operation
 * and status; failures are translated to UpstreamError as `callMux` does.
 */
export class MuxCalls {
  readonly #metrics: GatewayMetrics;

  constructor(metrics: GatewayMetrics) {
    this.#metrics = metrics;
  }

  run<T>(operation: string, call: () => Promise<T>): Promise<T> {
    return inSpan(`mux ${operation}`, { 'mux.operation': operation }, async (span) => {
      const started = performance.now();
      const ended = (status: string, reachable: boolean) => {
        span.setAttribute('mux.status', status);
        this.#metrics.muxCallEnded(operation, status, (performance.now() - started) / 1000, reachable);
      };
      try {
        const result = await callMux(call);
        ended('ok', true);
        return result;
      } catch (error) {
        ended(statusOf(error), reachedMux(error));
        throw error;
      }
    });
  }
}
