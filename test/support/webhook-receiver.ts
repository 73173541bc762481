import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  /** The raw body, byte for byte, as signature checks need it. */
  body: string;
  headers: Record<string, string>;
  /** The parsed body. */
  event: { id: string; type: string; attempts: Record<string, unknown>[]; data: unknown } & Record<string, unknown>;
  receivedAtMs: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The most requests this receiver was answering at the same time. */
  maxConcurrent: number;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  /** Status for the n-th request (0-based); 200 by default, 0 to drop the connection without answering. */
  status?: (index: number) => number;
  /** Milliseconds to wait before answering the n-th request. */
  delayMs?: (index: number) => number;
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]],
    ),
  );
}

/** A plain `node:http` webhook endpoint that records every request, as a customer's server would see it. */
export async function startWebhookReceiver({
  status = () => 200,
  delayMs = () => 0,
}: ReceiverOptions = {}): Promise<WebhookReceiver> {
  let requests = 0;
  let concurrent = 0;
  const receiver: Omit<WebhookReceiver, 'url' | 'close'> = { received: [], maxConcurrent: 0 };
  const server = createServer((request, response) => {
    const index = requests++;
    concurrent += 1;
    receiver.maxConcurrent = Math.max(receiver.maxConcurrent, concurrent);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      receiver.received.push({
        body,
        headers: flatten(request.headers),
        event: JSON.parse(body) as ReceivedWebhook['event'],
        receivedAtMs: Date.now(),
      });
      setTimeout(() => {
        concurrent -= 1;
        const code = status(index);
        if (code === 0) request.socket.destroy();
        else response.writeHead(code, { 'content-type': 'text/plain' }).end(`request ${index}`);
      }, delayMs(index));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/webhooks`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}
