import { randomBytes } from 'node:crypto';
import type { SimClock } from '../clock.js';
import { muxId } from '../ids.js';

/** Where events go: one of the environment's webhooks, each signing with its own secret. */
export interface WebhookEndpoint {
  /** The System API's id. */
  readonly id: string;
  /** What `attempts[].webhook_id` carries; Mux's schema makes that an integer, unlike the API id. */
  readonly number: number;
  address: string;
  enabled: boolean;
  readonly createdAtMs: number;
  readonly signingSecret: string;
}

/** The environment's webhooks: configured at start, added over `/_sim`, or managed with `/system/v1/webhooks`. */
export class WebhookEndpoints {
  readonly #byId = new Map<string, WebhookEndpoint>();
  #lastNumber = 0;

  constructor(private readonly clock: SimClock) {}

  /** A new enabled endpoint; without a secret it gets a fresh one, as Mux creates one per webhook. */
  add(address: string, signingSecret = randomBytes(24).toString('hex')): WebhookEndpoint {
    this.#lastNumber += 1;
    const endpoint = {
      id: muxId(),
      number: this.#lastNumber,
      address,
      enabled: true,
      createdAtMs: this.clock.now(),
      signingSecret,
    };
    this.#byId.set(endpoint.id, endpoint);
    return endpoint;
  }

  get(id: string): WebhookEndpoint | undefined {
    return this.#byId.get(id);
  }

  findByAddress(address: string): WebhookEndpoint | undefined {
    return [...this.#byId.values()].find((endpoint) => endpoint.address === address);
  }

  /** Newest first, as the System API lists them. */
  list(): WebhookEndpoint[] {
    return [...this.#byId.values()].sort((a, b) => b.createdAtMs - a.createdAtMs || b.number - a.number);
  }

  remove(id: string): boolean {
    return this.#byId.delete(id);
  }

  /** Whether events should still go to this endpoint (it may have been disabled or deleted since). */
  isActive(endpoint: WebhookEndpoint): boolean {
    return endpoint.enabled && this.#byId.get(endpoint.id) === endpoint;
  }

  active(): WebhookEndpoint[] {
    return [...this.#byId.values()].filter((endpoint) => endpoint.enabled);
  }
}
