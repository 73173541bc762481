import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyAssetWithCaptions } from '../support/assets.js';
import { mutate } from '../support/mutations.js';
import { graphql, type Stack, startStack } from '../support/stack.js';
import { eventsReceived, subscribeWs, wsClient } from '../support/subscriptions.js';
import { waitFor } from '../support/wait.js';
import { envelope, muxSignature, postEvent } from '../support/webhooks.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

/** One sample's value from Prometheus' text format, by metric name and exact labels; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text.split('\n').find((candidate) => {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(candidate);
    if (!match || match[1] !== name) return false;
    const present = (match[2] ?? '').split(',').filter(Boolean);
    return wanted.every((label) => present.includes(label)) && present.length === wanted.length;
  });
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('/metrics', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ metricsToken: METRICS_TOKEN });
  });
  afterAll(() => stack.close());

  const scrape = async (token = METRICS_TOKEN) => {
    const response = await fetch(`${stack.gateway.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };

  it('asks for the metrics token', async () => {
    const without = await fetch(`${stack.gateway.url}/metrics`);
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await scrape('a-wrong-token-of-some-length')).status).toBe(401);
    const scraped = await scrape();
    expect(scraped.status).toBe(200);
    expect(scraped.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(scraped.text).toContain('# TYPE caption_gateway_webhooks_total counter');
    expect(scraped.text).toContain('process_cpu_seconds_total');
  });

  it('counts webhooks, Mux calls, cache reads, operations, subscriptions and idempotency replays', async () => {
    const before = (await scrape()).text;
    const { assetId } = await readyAssetWithCaptions(stack);

    // A rejected delivery, and a duplicate (about another asset, so the one above stays as Mux describes it).
    const secret = stack.simulator.context.options.webhookSecret;
    const event = envelope('video.asset.updated', { id: 'MetricsOtherAsset', status: 'ready' });
    expect((await postEvent(stack.gateway.url, secret, event)).status).toBe(200);
    expect((await postEvent(stack.gateway.url, secret, event)).status).toBe(200);
    const forged = await fetch(`${stack.gateway.url}/webhooks/mux`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'mux-signature': muxSignature('{}', 'not-the-secret') },
      body: JSON.stringify(event),
    });
    expect(forged.status).toBe(400);

    // The same read twice: the second is answered from the response cache.
    const read = `query { asset(muxId: "${assetId}") { muxId tracks { muxId } } }`;
    expect((await graphql(stack.gateway, read)).status).toBe(200);
    expect((await graphql(stack.gateway, read)).status).toBe(200);
    // A read Mux is asked about: it has no such asset.
    await graphql(stack.gateway, 'query { asset(muxId: "NoSuchAssetAnywhere") { muxId } }');

    const input = { assetId, languageCode: 'es', idempotencyKey: 'metrics-replay' };
    const first = await mutate<{ captionJob: { id: string } }>(
      stack,
      'premiumCaptionsGenerate',
      'captionJob { id }',
      input,
    );
    const again = await mutate<{ captionJob: { id: string } }>(
      stack,
      'premiumCaptionsGenerate',
      'captionJob { id }',
      input,
    );
    expect(first.userErrors).toEqual([]);
    expect(again.captionJob.id).toBe(first.captionJob.id);

    const client = wsClient(stack.gateway);
    const subscription = subscribeWs(client, `subscription { assetUpdated(id: "${assetId}") { muxId } }`);
    await eventsReceived(subscription, 1);
    const during = (await scrape()).text;
    expect(sample(during, 'caption_gateway_subscriptions_open')).toBe(1);
    subscription.stop();
    await client.dispose();
    const after = await waitFor(async () => {
      const text = (await scrape()).text;
      return sample(text, 'caption_gateway_subscriptions_open') === 0 && text;
    });

    const moved = (name: string, labels: Record<string, string> = {}) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(moved('caption_gateway_webhooks_received_total')).toBeGreaterThanOrEqual(4);
    expect(moved('caption_gateway_webhooks_total', { outcome: 'applied' })).toBeGreaterThanOrEqual(2);
    expect(moved('caption_gateway_webhooks_total', { outcome: 'duplicate' })).toBe(1);
    expect(moved('caption_gateway_webhooks_total', { outcome: 'rejected' })).toBe(1);
    expect(
      moved('caption_gateway_mux_call_duration_seconds_count', { operation: 'assets.retrieve', status: '404' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      moved('caption_gateway_mux_call_duration_seconds_count', {
        operation: 'robots.generate-premium-captions.create',
        status: 'ok',
      }),
    ).toBe(1);
    expect(moved('caption_gateway_read_through_total', { resource: 'asset', result: 'miss' })).toBeGreaterThan(0);
    expect(moved('caption_gateway_response_cache_total', { result: 'hit' })).toBeGreaterThanOrEqual(1);
    expect(moved('caption_gateway_response_cache_total', { result: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(moved('caption_gateway_idempotency_replays_total')).toBe(1);
    // yoga's own, per operation.
    expect(after).toMatch(/^graphql_envelop_phase_execute_count\{[^}]*operationType="mutation"[^}]*\} [1-9]/m);
    expect(after).toMatch(/^graphql_yoga_http_duration_count\{method="POST",statusCode="200"[^}]*\} [1-9]/m);
  });
});

describe('/metrics without a token', () => {
  it('is served on loopback and is not there on other interfaces', async () => {
    const loopback = await startStack();
    const everywhere = await startStack({ host: '0.0.0.0' });
    try {
      const local = await fetch(`${loopback.gateway.url}/metrics`);
      expect(local.status).toBe(200);
      expect(await local.text()).toContain('caption_gateway_subscriptions_open 0');
      const port = new URL(everywhere.gateway.url).port;
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
    } finally {
      await Promise.all([loopback.close(), everywhere.close()]);
    }
  });
});
