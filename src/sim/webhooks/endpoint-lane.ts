import { randomUUID } from 'node:crypto';
import type { SimClock } from '../clock.js';
import type { WebhookEndpoint } from './endpoints.js';
import { muxTimestamp, type WebhookAttempt, type WebhookEvent } from './envelope.js';
import type { PostResponse, WebhookHttpClient } from './http-post.js';
import { MAX_ATTEMPTS, retryDelayAfter } from './retry-schedule.js';
import { muxSignature } from './sign.js';

/** One event on its way to one endpoint. */
export interface Delivery {
  event: WebhookEvent;
  /** Earlier failed tries, sent along as the envelope's `attempts[]`. */
  attempts: WebhookAttempt[];
  /** The second copy sent by the `duplicate` fault. */
  duplicate: boolean;
}

/** What happened to one try (or, for a dropped event, to the try that never was). */
export interface DeliveryLogEntry {
  eventId: string;
  type: string;
  webhookId: string;
  url: string;
  /** 1 for the first try; 0 when a fault dropped the event before any try. */
  attempt: number;
  atMs: number;
  /** The endpoint's HTTP status; absent when it could not be reached. */
  status?: number;
  /** Why the endpoint could not be reached. */
  error?: string;
  delivered: boolean;
  /** Simulated seconds until the next try; absent once delivered or out of tries. */
  retryInSeconds?: number;
  fault?: 'dropped' | 'duplicate';
}

export interface LaneServices {
  clock: SimClock;
  http: WebhookHttpClient;
  isActive(endpoint: WebhookEndpoint): boolean;
  record(entry: DeliveryLogEntry): void;
}

/** Attempt records keep an excerpt of what the endpoint answered, not whole error pages. */
const RESPONSE_BODY_LIMIT = 1024;

function isSuccess(response: PostResponse | undefined): boolean {
  return response !== undefined && response.status >= 200 && response.status < 300;
}

/**
 * Sends to one endpoint one request at a time, so a slow endpoint gets events in the order they were
 * released. A failed delivery waits for its retry outside the queue: later events are not held back by it,
 * so a retried event arrives after newer ones, as it can from Mux.
 */
export class EndpointLane {
  readonly #queue: Delivery[] = [];
  #sending = false;
  #closed = false;

  constructor(
    readonly endpoint: WebhookEndpoint,
    private readonly services: LaneServices,
  ) {}

  push(delivery: Delivery): void {
    if (this.#closed) return;
    this.#queue.push(delivery);
    void this.#drain();
  }

  close(): void {
    this.#closed = true;
    this.#queue.length = 0;
  }

  async #drain(): Promise<void> {
    if (this.#sending) return;
    this.#sending = true;
    for (let next = this.#queue.shift(); next && !this.#closed; next = this.#queue.shift()) await this.#attempt(next);
    this.#sending = false;
  }

  async #attempt(delivery: Delivery): Promise<void> {
    const { clock, http } = this.services;
    // Deleted or disabled since the event was released: Mux no longer sends to it.
    if (!this.services.isActive(this.endpoint)) return;
    const attempt = delivery.attempts.length + 1;
    const body = JSON.stringify({ ...delivery.event, attempts: delivery.attempts });
    // Signed with the wall clock, as Mux signs at delivery: the simulated clock runs ahead only for what expires
    // (temporary URLs, tokens), and a receiver checks a signature's time against its own clock.
    const signature = muxSignature(body, this.endpoint.signingSecret, Math.floor(Date.now() / 1000));
    const startedAtMs = clock.now();
    let response: PostResponse | undefined;
    let error: string | undefined;
    try {
      response = await http.post(
        this.endpoint.address,
        { 'content-type': 'application/json', 'mux-signature': signature },
        body,
      );
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    if (this.#closed) return;

    const delivered = isSuccess(response);
    const retryInSeconds = delivered ? undefined : retryDelayAfter(attempt);
    this.services.record({
      eventId: delivery.event.id,
      type: delivery.event.type,
      webhookId: this.endpoint.id,
      url: this.endpoint.address,
      attempt,
      atMs: startedAtMs,
      ...(response ? { status: response.status } : { error }),
      delivered,
      ...(retryInSeconds === undefined ? {} : { retryInSeconds }),
      ...(delivery.duplicate ? { fault: 'duplicate' as const } : {}),
    });
    if (retryInSeconds === undefined) return;

    const record: WebhookAttempt = {
      id: randomUUID(),
      webhook_id: this.endpoint.number,
      address: this.endpoint.address,
      created_at: muxTimestamp(startedAtMs),
      max_attempts: MAX_ATTEMPTS,
      ...(response ? { response_status_code: response.status } : {}),
      response_headers: response?.headers ?? {},
      response_body: response?.body ? response.body.slice(0, RESPONSE_BODY_LIMIT) : null,
    };
    clock.after(retryInSeconds, () => this.push({ ...delivery, attempts: [...delivery.attempts, record] }));
  }
}
