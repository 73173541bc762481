import WebSocket from 'ws';
import { API_KEYS, type Stack } from './stack.js';
import { wsUrl } from './subscriptions.js';
import { waitFor } from './wait.js';

export type Message = { type: string; id?: string; payload?: unknown };

/** A graphql-ws connection spoken by hand, so every message the server sends is seen as sent. */
export class RawSocket {
  readonly messages: Message[] = [];
  closeCode: number | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.messages.push(JSON.parse(String(data)) as Message));
    socket.on('close', (code) => {
      this.closeCode = code;
    });
  }

  static async open(stack: Stack, apiKey = API_KEYS.viewer): Promise<RawSocket> {
    const socket = new WebSocket(wsUrl(stack.gateway), 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    const raw = new RawSocket(socket);
    socket.send(JSON.stringify({ type: 'connection_init', payload: { apiKey } }));
    await waitFor(() => raw.messages.some((message) => message.type === 'connection_ack'));
    return raw;
  }

  /** `more`: what else the payload carries, such as `extensions` with a trusted document's hash. */
  subscribe(
    id: string,
    query: string,
    variables: Record<string, unknown> = {},
    more: Record<string, unknown> = {},
  ): void {
    this.socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables, ...more } }));
  }

  complete(id: string): void {
    this.socket.send(JSON.stringify({ id, type: 'complete' }));
  }

  of(id: string): Message[] {
    return this.messages.filter((message) => message.id === id);
  }

  /**
   * How subscription `id` was refused, if it was: an `error` message when it could not start, or a result
   * with errors (then `complete`) when it failed as it ran.
   */
  refusal(id: string): Message | undefined {
    return this.of(id).find(
      (message) => message.type === 'error' || (message.type === 'next' && 'errors' in (message.payload as object)),
    );
  }

  refusedIds(): (string | undefined)[] {
    return [...new Set(this.messages.map((message) => message.id))].filter((id) => id && this.refusal(id));
  }

  /** The error codes subscription `id` was refused with, once it is. */
  async errorCodes(id: string): Promise<unknown[]> {
    const refusal = await waitFor(() => this.refusal(id));
    const errors = refusal.type === 'error' ? refusal.payload : (refusal.payload as { errors: unknown }).errors;
    return (errors as { extensions?: { code?: unknown } }[]).map((error) => error.extensions?.code);
  }

  /** A ping answered: the server has handled every message sent before it. */
  async roundTrip(): Promise<void> {
    const pongs = this.messages.filter((message) => message.type === 'pong').length;
    this.socket.send(JSON.stringify({ type: 'ping' }));
    await waitFor(() => this.messages.filter((message) => message.type === 'pong').length > pongs);
  }

  close(): void {
    this.socket.close();
  }
}
