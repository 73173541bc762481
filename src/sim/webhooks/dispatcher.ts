import { randomUUID } from 'node:crypto';
import type { SimClock } from '../clock.js';
import type { FaultController } from '../faults.js';
import { muxSignature } from './sign.js';
import type { EventSink } from './types.js';

export interface DispatcherOptions {
  secret: string;
  urls: string[];
  environment: { id: string; name: string };
  clock: SimClock;
  faults: FaultController;
}

const MAX_ATTEMPTS = 8;

/** Builds Mux's event envelope, signs it and delivers it to every endpoint, retrying until a 2xx. */
export class WebhookDispatcher implements EventSink {
  readonly #options: DispatcherOptions;
  readonly #urls: string[];
  #closed = false;

  constructor(options: DispatcherOptions) {
    this.#options = options;
    this.#urls = [...options.urls];
  }

  addEndpoint(url: string): void {
    if (!this.#urls.includes(url)) this.#urls.push(url);
  }

  emit(type: string, object: { type: string; id: string }, data: unknown): void {
    const event = {
      type,
      id: randomUUID(),
      created_at: new Date(this.#options.clock.now()).toISOString(),
      object,
      environment: this.#options.environment,
      attempts: [],
      data,
    };
    const body = JSON.stringify(event);
    for (const url of this.#urls) void this.#deliver(url, body, 1);
  }

  async #deliver(url: string, body: string, attempt: number): Promise<void> {
    if (this.#closed) return;
    const signature = muxSignature(body, this.#options.secret, this.#options.clock.nowSeconds());
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'mux-signature': signature },
        body,
      });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // Unreachable endpoint: retried like any other failure.
    }
    if (attempt >= MAX_ATTEMPTS) return;
    this.#options.clock.after(2 ** attempt, () => void this.#deliver(url, body, attempt + 1));
  }

  close(): void {
    this.#closed = true;
  }
}
