import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedEvents } from '../support/events-table.js';
import { graphql, type Stack, startStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';
import { envelope, muxSignature as sign } from '../support/webhooks.js';

async function post(stack: Stack, body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${stack.gateway.url}/webhooks/mux`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

async function storedEventCount(stack: Stack): Promise<number> {
  const { body } = await graphql<{ health: { webhookEventsReceived: number } }>(
    stack.gateway,
    '{ health { webhookEventsReceived } }',
  );
  return body.data?.health.webhookEventsReceived ?? -1;
}

const event = (id: string) =>
  JSON.stringify({
    type: 'video.asset.created',
    id,
    created_at: new Date().toISOString(),
    object: { type: 'asset', id: 'asset-1' },
    environment: { id: 'env', name: 'Test' },
    attempts: [],
    data: { id: 'asset-1', status: 'preparing' },
  });

describe('POST /webhooks/mux', () => {
  let stack: Stack;
  let secret: string;

  beforeAll(async () => {
    stack = await startStack();
    secret = stack.simulator.context.options.webhookSecret;
  });
  afterAll(() => stack.close());

  it('stores what the simulator signs and sends, verified by the official SDK', async () => {
    const before = await storedEventCount(stack);
    const asset = await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/talk.mp4' }],
      playback_policies: ['public'],
    });
    await waitFor(async () => (await storedEventCount(stack)) > before);
    const received = stack.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.message === 'webhook received');
    expect(received.some((entry) => entry.type === 'video.asset.created')).toBe(true);
    expect(
      storedEvents(stack.databasePath)
        .filter((stored) => stored.objectId === asset.id)
        .map((stored) => stored.type),
    ).toContain('video.asset.created');
  });

  it('answers a redelivery 2xx and stores it once', async () => {
    const body = event('evt-duplicate');
    const first = await post(stack, body, { 'mux-signature': sign(body, secret) });
    const countAfterFirst = await storedEventCount(stack);
    const second = await post(stack, body, { 'mux-signature': sign(body, secret) });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ received: true, duplicate: true });
    expect(await storedEventCount(stack)).toBe(countAfterFirst);
  });

  it.each([
    ['a forged signature', (body: string) => ({ 'mux-signature': sign(body, 'not-the-secret') })],
    [
      'a stale signature',
      (body: string, key: string) => ({ 'mux-signature': sign(body, key, Math.floor(Date.now() / 1000) - 301) }),
    ],
    [
      'a signature from the future',
      (body: string, key: string) => ({ 'mux-signature': sign(body, key, Math.floor(Date.now() / 1000) + 301) }),
    ],
    [
      'a timestamp that is not a number',
      (body: string, key: string) => ({ 'mux-signature': sign(body, key).replace(/^t=\d+/, 't=1e9') }),
    ],
    [
      'a signature over other bytes of the same JSON',
      (body: string, key: string) => ({ 'mux-signature': sign(JSON.stringify(JSON.parse(body), null, 2), key) }),
    ],
    ['no signature', () => ({})],
    ['a malformed signature', () => ({ 'mux-signature': 'v1=abc' })],
  ])(
    'refuses %s with 400, stores nothing and logs no secret',
    async (_label, headersFor: (body: string, key: string) => Record<string, string>) => {
      const before = await storedEventCount(stack);
      const body = event(`evt-${Math.random()}`);
      const response = await post(stack, body, headersFor(body, secret));
      expect(response.status).toBe(400);
      const answer = (await response.json()) as { error: string; message: string };
      expect(answer.error).toBe('invalid_webhook');
      expect(answer.message.length).toBeGreaterThan(0);
      expect(await storedEventCount(stack)).toBe(before);
      expect(stack.logLines.join('\n')).not.toContain(secret);
    },
  );

  it('refuses a validly signed body that is not JSON', async () => {
    const body = '{not json';
    const response = await post(stack, body, { 'mux-signature': sign(body, secret) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe('body is not valid JSON');
  });

  it.each([
    ['tracks that are not a list', { id: 'asset-odd-1', status: 'ready', tracks: 'all of them' }, 'tracks'],
    ['an asset without an id', { status: 'ready' }, 'id'],
    ['a created_at that is no time', { id: 'asset-odd-2', status: 'ready', created_at: { when: 'now' } }, 'created_at'],
  ])(
    'keeps a validly signed event with %s unread, says why, and answers 2xx so Mux stops',
    async (_label, data, field) => {
      const before = stack.logLines.length;
      const sent = envelope('video.asset.ready', data);
      const body = JSON.stringify(sent);
      const response = await post(stack, body, { 'mux-signature': sign(body, secret) });
      expect(response.status).toBe(200);
      const again = await post(stack, body, { 'mux-signature': sign(body, secret) });
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ received: true, duplicate: true });

      const stored = storedEvents(stack.databasePath).find((row) => row.id === sent.id);
      expect(stored?.rejectedReason).toContain(field);
      const lines = stack.logLines.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.filter((entry) => entry.message === 'webhook kept unread')).toEqual([
        expect.objectContaining({ level: 'warn', eventId: sent.id, reason: expect.stringContaining(field) }),
      ]);
      expect(lines.filter((entry) => entry.level === 'error')).toEqual([]);
    },
  );

  it('refuses an oversized body with 413 before reading it all', async () => {
    const body = 'x'.repeat(1024 * 1024 + 1);
    const response = await post(stack, body, { 'mux-signature': sign(body, secret) });
    expect(response.status).toBe(413);
  });
});
