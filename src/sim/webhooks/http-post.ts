import http from 'node:http';
import https from 'node:https';

export interface PostResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * POSTs webhook deliveries over its own connection pools (not the global fetch pool), so closing the
 * simulator can abort what is in flight and leave no sockets behind.
 */
export class WebhookHttpClient {
  readonly #agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  readonly #inFlight = new Set<http.ClientRequest>();

  constructor(private readonly timeoutMs: number) {}

  post(url: string, headers: Record<string, string>, body: string): Promise<PostResponse> {
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const request = (secure ? https : http).request(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          agent: secure ? this.#agents.https : this.#agents.http,
          timeout: this.timeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: flattenHeaders(response.headers),
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      this.#inFlight.add(request);
      request.on('close', () => this.#inFlight.delete(request));
      request.on('timeout', () => request.destroy(new Error(`no response within ${this.timeoutMs} ms`)));
      request.on('error', reject);
      request.end(body);
    });
  }

  close(): void {
    for (const request of this.#inFlight) request.destroy(new Error('simulator closed'));
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
