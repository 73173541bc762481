import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  type ChildGateway,
  SIMULATED_ON_FREE_PORTS,
  startChildGateway,
  stopChildGateways,
} from '../support/child-gateway.js';
import { waitFor } from '../support/wait.js';

/** Long enough for the test to signal the gateway while the request waits on Mux. */
const MUX_LATENCY_MS = 1_500;

interface Readiness {
  ready: boolean;
  failed: string[];
  database: string;
  migrations: string;
  shuttingDown: boolean;
  mux: string;
}

/** A GraphQL read over its own connection; `sent` resolves once the whole request is written to it. */
function slowRead(gateway: ChildGateway): { sent: Promise<void>; answered: Promise<{ status: number; body: string }> } {
  const body = JSON.stringify({ query: '{ asset(muxId: "SlowlyAnsweredAsset") { muxId } }' });
  const client = request(gateway.graphqlUrl, {
    method: 'POST',
    agent: false,
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      authorization: `Bearer ${gateway.devKey}`,
    },
  });
  const sent = new Promise<void>((resolve) => client.once('finish', () => resolve()));
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    client.once('error', reject);
    client.once('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      response.once('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
  });
  client.end(body);
  return { sent, answered };
}

describe('readiness and graceful shutdown', () => {
  let directory: string;
  let gateway: ChildGateway;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'caption-gateway-shutdown-'));
    gateway = await startChildGateway(
      {
        ...SIMULATED_ON_FREE_PORTS,
        SIM_FAULT_LATENCY_MS: String(MUX_LATENCY_MS),
      },
      { cwd: directory },
    );
  });

  afterAll(async () => {
    await stopChildGateways();
    rmSync(directory, { recursive: true, force: true });
  });

  const readiness = async () => {
    const response = await fetch(`${gateway.url}/readyz`);
    return { status: response.status, body: (await response.json()) as Readiness };
  };

  it('is alive and ready while running, and reports Mux without depending on it', async () => {
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
    expect(await readiness()).toEqual({
      status: 200,
      body: { ready: true, failed: [], database: 'ok', migrations: 'applied', shuttingDown: false, mux: 'unknown' },
    });
  });

  it('on SIGTERM is unready at once, answers the request under way, closes subscriptions with why', async () => {
    const socket = new WebSocket(gateway.graphqlUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const messages: { type: string }[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data)) as { type: string }));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { apiKey: gateway.devKey } }));
    await waitFor(() => messages.some((message) => message.type === 'connection_ack'));
    socket.send(
      JSON.stringify({
        type: 'subscribe',
        id: 'jobs',
        payload: { query: 'subscription { captionJobsUpdated { id status } }' },
      }),
    );

    // A read Mux answers slowly: the gateway asks it about an asset it has not stored.
    const { answered, sent } = slowRead(gateway);
    await sent;
    // Sent is not yet received: the gateway reads the request within moments, well inside Mux's latency.
    await new Promise((resolve) => setTimeout(resolve, 200));
    gateway.child.kill('SIGTERM');

    const during = await waitFor(async () => {
      const answer = await readiness();
      return answer.status === 503 && answer;
    });
    expect(during.body).toEqual(expect.objectContaining({ ready: false, failed: ['shutdown'], database: 'ok' }));

    expect(await closed).toEqual({ code: 1001, reason: 'The gateway is shutting down' });
    const answer = await answered;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual(expect.objectContaining({ data: { asset: null } }));
    expect(await gateway.exited).toBe(0);
  });
});
