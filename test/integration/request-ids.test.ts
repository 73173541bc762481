import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEYS, authorization, type Stack, startStack } from '../support/stack.js';
import { muxSignature } from '../support/webhooks.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  const linesOf = (requestId: string) =>
    stack.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.requestId === requestId);

  /** A GraphQL request the client got wrong, so its request line is written at info. */
  const badQuery = (headers: Record<string, string>) =>
    fetch(stack.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authorization('admin'), ...headers },
      body: JSON.stringify({ query: '{ noSuchField }' }),
    });

  it('keeps a well-formed x-request-id, returns it and writes it on the request’s log lines', async () => {
    const response = await badQuery({ 'x-request-id': 'lb-7f3a.client_42:retry-1' });
    expect(response.headers.get('x-request-id')).toBe('lb-7f3a.client_42:retry-1');
    const lines = linesOf('lb-7f3a.client_42:retry-1');
    expect(lines).toContainEqual(
      expect.objectContaining({ message: 'graphql request', errors: ['GRAPHQL_VALIDATION_FAILED'] }),
    );
    // Every line of the request carries it, yoga's own debug lines too.
    expect(lines.length).toBeGreaterThan(1);
  });

  it('makes its own id when none is sent or the one sent is not well-formed', async () => {
    const offered: Record<string, string>[] = [
      {},
      { 'x-request-id': 'has spaces and "quotes"' },
      { 'x-request-id': 'x'.repeat(200) },
    ];
    for (const headers of offered) {
      const response = await badQuery(headers);
      const id = response.headers.get('x-request-id') ?? '';
      expect(id).toMatch(UUID);
      expect(linesOf(id)).toContainEqual(expect.objectContaining({ message: 'graphql request' }));
    }
  });

  it('does the same on the routes beside GraphQL', async () => {
    const body = JSON.stringify({ type: 'video.asset.ready', id: 'event-1', data: { id: 'asset-1' } });
    const response = await fetch(`${stack.gateway.url}/webhooks/mux`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'mux-signature': muxSignature(body, 'not-the-secret'),
        'x-request-id': 'webhook-delivery-1',
      },
      body,
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toBe('webhook-delivery-1');
    expect(linesOf('webhook-delivery-1')).toEqual([expect.objectContaining({ message: 'webhook refused' })]);
    const probe = await fetch(`${stack.gateway.url}/healthz`);
    expect(probe.headers.get('x-request-id')).toMatch(UUID);
  });

  it('writes no API key or Mux secret to the log', () => {
    const text = stack.logLines.join('\n');
    expect(text.length).toBeGreaterThan(0);
    for (const key of Object.values(API_KEYS)) expect(text).not.toContain(key);
    expect(text).not.toContain(stack.simulator.context.options.webhookSecret);
    expect(text).not.toContain(stack.simulator.context.options.tokenSecret);
  });
});
