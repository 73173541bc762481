import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

const PREFIX = 'caption_gateway_';

/** What became of a webhook Mux delivered. */
export type WebhookOutcome = 'rejected' | 'duplicate' | 'applied' | 'awaiting_mux' | 'kept_unread';
export type CacheResult = 'hit' | 'miss';
/** What the last call to Mux said about reaching it; `unknown` before the first call. */
export type MuxReachability = 'reachable' | 'unreachable' | 'unknown';

/** Mux answers in tens to hundreds of milliseconds; the tail goes up to the call timeout. */
const MUX_SECONDS_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The gateway's own metrics, in a registry of this gateway's own: several gateways in one process (tests,
 * several instances in a benchmark) never count into each other. `/metrics` serves this registry, which yoga's
 * Prometheus plugin fills too.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly webhooksReceived: Counter;
  readonly webhooks: Counter<'outcome'>;
  readonly reconcilerPolls: Counter;
  readonly muxCalls: Histogram<'operation' | 'status'>;
  readonly readThrough: Counter<'resource' | 'result'>;
  readonly responseCache: Counter<'result'>;
  readonly openSubscriptions: Gauge;
  readonly idempotencyReplays: Counter;
  #muxReachable: boolean | undefined;

  constructor() {
    const registers = [this.registry];
    const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
      new Counter<L>({ name: `${PREFIX}${name}`, help, labelNames, registers });
    collectDefaultMetrics({ register: this.registry });
    this.webhooksReceived = counter('webhooks_received_total', 'Webhook deliveries that reached the intake.');
    this.webhooks = counter(
      'webhooks_total',
      'Webhooks by outcome: rejected (bad signature or body), duplicate, applied, awaiting_mux, kept_unread.',
      ['outcome'],
    );
    this.reconcilerPolls = counter(
      'reconciler_polls_total',
      'Reconciler sweeps that asked Mux about unfinished work or unapplied events.',
    );
    this.muxCalls = new Histogram({
      name: `${PREFIX}mux_call_duration_seconds`,
      help: 'Calls to the Mux API by operation and status (HTTP status, "ok" or "unreachable"); _count counts them.',
      labelNames: ['operation', 'status'],
      buckets: MUX_SECONDS_BUCKETS,
      registers,
    });
    this.readThrough = counter(
      'read_through_total',
      'Rows asked of the read-through cache: hit (answered from the store) or miss (Mux was asked).',
      ['resource', 'result'],
    );
    this.responseCache = counter(
      'response_cache_total',
      'GraphQL answers looked up in the response cache: hit or miss.',
      ['result'],
    );
    this.openSubscriptions = new Gauge({
      name: `${PREFIX}subscriptions_open`,
      help: 'Subscriptions open now, over SSE and graphql-ws.',
      registers,
    });
    this.idempotencyReplays = counter(
      'idempotency_replays_total',
      'Mutations answered with the recorded outcome of an earlier request with the same idempotency key.',
    );
  }

  muxCallEnded(operation: string, status: string, seconds: number, reachable: boolean): void {
    this.muxCalls.observe({ operation, status }, seconds);
    this.#muxReachable = reachable;
  }

  get muxReachability(): MuxReachability {
    if (this.#muxReachable === undefined) return 'unknown';
    return this.#muxReachable ? 'reachable' : 'unreachable';
  }
}
