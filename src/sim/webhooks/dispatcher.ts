import type { SimClock } from '../clock.js';
import type { FaultController } from '../faults.js';
import { type DeliveryLogEntry, EndpointLane } from './endpoint-lane.js';
import { type WebhookEndpoint, WebhookEndpoints } from './endpoints.js';
import { createEvent, type WebhookEvent } from './envelope.js';
import { WebhookHttpClient } from './http-post.js';

export interface DispatcherOptions {
  /** The environment's signing secret, used by the configured endpoints and those added over `/_sim`. */
  secret: string;
  urls: string[];
  environment: { id: string; name: string };
  clock: SimClock;
  faults: FaultController;
}

/** Real milliseconds an endpoint gets to answer before the try counts as failed. */
const RESPONSE_TIMEOUT_MS = 10_000;
/** Real milliseconds the `reorder` fault holds events at most before sending them newest first. */
const REORDER_WINDOW_MS = 200;

interface Release {
  event: WebhookEvent;
  copies: number;
}

/**
 * Builds Mux's event envelope for every emitted event and delivers it, signed with each endpoint's own
 * secret, to every enabled endpoint, retrying failures; applies the webhook faults on the way.
 */
export class WebhookDispatcher {
  readonly endpoints: WebhookEndpoints;
  /** Every emitted event as built (before faults and retries), oldest first. */
  readonly events: WebhookEvent[] = [];
  /** Every try, oldest first. */
  readonly deliveries: DeliveryLogEntry[] = [];
  readonly #options: DispatcherOptions;
  readonly #http = new WebhookHttpClient(RESPONSE_TIMEOUT_MS);
  readonly #lanes = new Map<string, EndpointLane>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #held: Release[] = [];
  #reorderWindow: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: DispatcherOptions) {
    this.#options = options;
    this.endpoints = new WebhookEndpoints(options.clock);
    for (const url of new Set(options.urls)) this.endpoints.add(url, options.secret);
  }

  /** Adds a target signed with the environment's secret, unless one with this address exists already. */
  addEndpoint(url: string): WebhookEndpoint {
    return this.endpoints.findByAddress(url) ?? this.endpoints.add(url, this.#options.secret);
  }

  emit(type: string, object: { type: string; id: string }, data: unknown): WebhookEvent {
    const { clock, environment, faults } = this.#options;
    const event = createEvent({
      type,
      object,
      data,
      environment,
      createdAtMs: clock.now(),
      nestRobotsJobData: faults.settings.webhooks.nestRobotsJobData,
    });
    this.events.push(event);
    if (this.#closed) return event;
    if (faults.takeWebhookFault('drop')) {
      this.#logDropped(event);
      return event;
    }
    const release = { event, copies: faults.takeWebhookFault('duplicate') ? 2 : 1 };
    if (faults.takeWebhookFault('reorder')) this.#hold(release);
    else this.#release([release]);
    return event;
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const lane of this.#lanes.values()) lane.close();
    this.#http.close();
  }

  /** Held events go out newest first once a counted reorder is used up, or when the window closes. */
  #hold(release: Release): void {
    this.#held.push(release);
    if (this.#held.length === 1) this.#reorderWindow = this.#later(REORDER_WINDOW_MS, () => this.#releaseHeld());
    if (this.#options.faults.settings.webhooks.reorder === 0) this.#releaseHeld();
  }

  #releaseHeld(): void {
    if (this.#reorderWindow) this.#cancel(this.#reorderWindow);
    this.#reorderWindow = undefined;
    const held = this.#held.reverse();
    this.#held = [];
    this.#release(held);
  }

  #release(releases: Release[]): void {
    const { delayMs } = this.#options.faults.settings.webhooks;
    if (delayMs > 0) this.#later(delayMs, () => this.#enqueue(releases));
    else this.#enqueue(releases);
  }

  #enqueue(releases: Release[]): void {
    for (const endpoint of this.endpoints.active()) {
      const lane = this.#lane(endpoint);
      for (const { event, copies } of releases) {
        for (let copy = 0; copy < copies; copy += 1) lane.push({ event, attempts: [], duplicate: copy > 0 });
      }
    }
  }

  #lane(endpoint: WebhookEndpoint): EndpointLane {
    let lane = this.#lanes.get(endpoint.id);
    if (!lane) {
      lane = new EndpointLane(endpoint, {
        clock: this.#options.clock,
        http: this.#http,
        isActive: (candidate) => this.endpoints.isActive(candidate),
        record: (entry) => this.deliveries.push(entry),
      });
      this.#lanes.set(endpoint.id, lane);
    }
    return lane;
  }

  #logDropped(event: WebhookEvent): void {
    const atMs = this.#options.clock.now();
    for (const endpoint of this.endpoints.active()) {
      this.deliveries.push({
        eventId: event.id,
        type: event.type,
        webhookId: endpoint.id,
        url: endpoint.address,
        attempt: 0,
        atMs,
        delivered: false,
        fault: 'dropped',
      });
    }
  }

  /** Fault delays are real time (they exist to be observed), unlike retries, which run on the simulated clock. */
  #later(ms: number, task: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      task();
    }, ms);
    this.#timers.add(timer);
    return timer;
  }

  #cancel(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.#timers.delete(timer);
  }
}
