import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { Gateway } from '../../src/gateway.js';
import { API_KEYS } from './stack.js';
import { waitFor } from './wait.js';

/** What one subscription received: every `next` payload, then how it ended. */
export interface Received<T> {
  events: T[];
  errors: unknown[];
  /** Resolves when the server completes the subscription (or it errors). */
  ended: Promise<void>;
  /** Stops listening, as a client that goes away. */
  stop(): void;
}

export function wsUrl(gateway: Pick<Gateway, 'graphqlUrl'>): string {
  return gateway.graphqlUrl.replace(/^http/, 'ws');
}

export function wsClient(
  gateway: Pick<Gateway, 'graphqlUrl'>,
  connectionParams: Record<string, unknown> = { authorization: `Bearer ${API_KEYS.viewer}` },
): Client {
  return createClient({
    url: wsUrl(gateway),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
}

/** Subscribes over graphql-ws and records the `data` of each event. */
export function subscribeWs<T>(client: Client, query: string, variables: Record<string, unknown> = {}): Received<T> {
  const received: Omit<Received<T>, 'ended' | 'stop'> = { events: [], errors: [] };
  let stop = () => {};
  const ended = new Promise<void>((resolve) => {
    stop = client.subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) received.errors.push(...result.errors);
          if (result.data) received.events.push(result.data as T);
        },
        error: (error) => {
          received.errors.push(error);
          resolve();
        },
        complete: () => resolve(),
      },
    );
  });
  return Object.assign(received, { ended, stop: () => stop() });
}

/** Subscribes over SSE (yoga's GraphQL over SSE, distinct connections) with the usual Authorization header. */
export function subscribeSse<T>(
  gateway: Gateway,
  query: string,
  variables: Record<string, unknown> = {},
  key = API_KEYS.viewer,
): Received<T> & { status: Promise<number> } {
  const received: Omit<Received<T>, 'ended' | 'stop'> = { events: [], errors: [] };
  const abort = new AbortController();
  let resolveStatus: (status: number) => void = () => {};
  const status = new Promise<number>((resolve) => (resolveStatus = resolve));
  const ended = (async () => {
    try {
      const response = await fetch(gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
        signal: abort.signal,
      });
      resolveStatus(response.status);
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (\w+)/m.exec(message)?.[1];
          const data = /^data: (.*)$/m.exec(message)?.[1];
          if (event === 'complete') return;
          if (event === 'next' && data) {
            const result = JSON.parse(data) as { data?: T; errors?: unknown[] };
            if (result.errors) received.errors.push(...result.errors);
            if (result.data) received.events.push(result.data);
          }
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) received.errors.push(error);
    }
  })();
  return Object.assign(received, { ended, status, stop: () => abort.abort() });
}

/** Waits until the subscription has received at least `count` events. */
export function eventsReceived<T>(
  received: Received<T>,
  count: number,
  description = `${count} subscription events`,
): Promise<T[]> {
  return waitFor(() => received.events.length >= count && received.events, { description });
}
