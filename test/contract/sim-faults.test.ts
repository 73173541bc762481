import Mux, { InternalServerError, NotFoundError, RateLimitError } from '@mux/mux-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createSimulator,
  defaultSimulatorOptions,
  type Simulator,
  type SimulatorOptions,
  simulatorOptionsFromEnv,
} from '../../src/sim/index.js';

let sim: Simulator;
let options: SimulatorOptions;

function client(overrides: { maxRetries?: number } = {}): Mux {
  return new Mux({ tokenId: options.tokenId, tokenSecret: options.tokenSecret, baseURL: sim.apiUrl, ...overrides });
}

function basicAuth(): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${options.tokenId}:${options.tokenSecret}`).toString('base64')}` };
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

// biome-ignore lint/suspicious/noExplicitAny: the admin API's JSON, whose shape the assertions check
async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${sim.apiUrl}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

/** The Mux calls the simulator served since `since` (the admin API's own calls are not listed). */
async function requestsSince(
  since: number,
): Promise<{ data: { method: string; path: string; status: number }[]; next: number }> {
  return (await admin('GET', `/_sim/requests?since=${since}`)).body;
}

beforeAll(async () => {
  options = defaultSimulatorOptions({ speed: 1000 });
  sim = await createSimulator(options);
});
afterAll(() => sim.close());
afterEach(() => sim.context.faults.reset());

describe('API faults', () => {
  it('latency delays every matching request by at least the configured time', async () => {
    const mux = client();
    sim.context.faults.update({ latency: { ms: 250 } });
    const slow = await timed(() => mux.system.webhooks.list());
    expect(slow.ms).toBeGreaterThanOrEqual(250);

    sim.context.faults.update({ latency: { ms: 400, pathPrefix: '/robots/' } });
    const elsewhere = await timed(() => mux.system.webhooks.list());
    expect(elsewhere.ms).toBeLessThan(400);
  });

  it('429 carries Retry-After in the Video error shape, and in the Robots shape on Robots paths', async () => {
    sim.context.faults.update({ rateLimit: { count: 2, retryAfterSeconds: 7 } });
    const video = await fetch(`${sim.apiUrl}/system/v1/webhooks`, { headers: basicAuth() });
    expect(video.status).toBe(429);
    expect(video.headers.get('retry-after')).toBe('7');
    expect(await video.json()).toEqual({ error: { type: 'too_many_requests', messages: ['Too many requests'] } });

    const robots = await fetch(`${sim.apiUrl}/robots/v0/jobs`, { headers: basicAuth() });
    expect(robots.status).toBe(429);
    expect(await robots.json()).toEqual({ error: { type: 'too_many_requests', message: 'Too many requests' } });
    expect(sim.context.faults.settings.rateLimit.count).toBe(0);
  });

  it('the SDK waits out Retry-After and succeeds; with maxRetries 0 it surfaces RateLimitError', async () => {
    const { next: since } = await requestsSince(0);
    sim.context.faults.update({ rateLimit: { count: 1, retryAfterSeconds: 1 } });
    const retried = await timed(() => client().system.webhooks.list());
    expect(retried.result.data).toEqual([]);
    expect(retried.ms).toBeGreaterThanOrEqual(1000);
    const calls = await requestsSince(since);
    expect(calls.data.map((call) => call.status)).toEqual([429, 200]);

    sim.context.faults.update({ rateLimit: { count: 1, retryAfterSeconds: 1 } });
    const refused = client({ maxRetries: 0 }).system.webhooks.list();
    await expect(refused).rejects.toBeInstanceOf(RateLimitError);
    await expect(refused).rejects.toMatchObject({ status: 429, error: { error: { type: 'too_many_requests' } } });
  });

  it('5xx: the SDK retries to success by default; with maxRetries 0 it surfaces InternalServerError', async () => {
    sim.context.faults.update({ serverError: { count: 1, status: 503 } });
    await expect(client().system.webhooks.list()).resolves.toMatchObject({ data: [] });

    sim.context.faults.update({ serverError: { count: 1, status: 502 } });
    const refused = client({ maxRetries: 0 }).system.webhooks.list();
    await expect(refused).rejects.toBeInstanceOf(InternalServerError);
    await expect(refused).rejects.toMatchObject({ status: 502, error: { error: { type: 'bad_gateway' } } });

    sim.context.faults.update({ serverError: { count: 1, status: 500, pathPrefix: '/robots/' } });
    await expect(client({ maxRetries: 0 }).system.webhooks.list()).resolves.toMatchObject({ data: [] });
    const robots = await fetch(`${sim.apiUrl}/robots/v0/jobs`, { headers: basicAuth() });
    expect(robots.status).toBe(500);
    expect(await robots.json()).toEqual({ error: { type: 'internal_server_error', message: 'Internal server error' } });
  });

  it('faults from the environment apply from the first request', async () => {
    const envOptions = simulatorOptionsFromEnv({
      SIM_API_PORT: '0',
      SIM_STREAM_PORT: '0',
      SIM_SEED_DEMO: 'false',
      SIM_SPEED: '1000',
      SIM_FAULT_RATE_LIMIT_COUNT: '1',
      SIM_FAULT_RETRY_AFTER_S: '9',
      SIM_FAULT_SERVER_ERROR_COUNT: '1',
      SIM_FAULT_SERVER_ERROR_STATUS: '503',
    });
    const fromEnv = await createSimulator(envOptions);
    try {
      const auth = {
        authorization: `Basic ${Buffer.from(`${envOptions.tokenId}:${envOptions.tokenSecret}`).toString('base64')}`,
      };
      const statuses: number[] = [];
      for (let call = 0; call < 3; call += 1) {
        const response = await fetch(`${fromEnv.apiUrl}/system/v1/webhooks`, { headers: auth });
        if (response.status === 429) expect(response.headers.get('retry-after')).toBe('9');
        statuses.push(response.status);
      }
      expect(statuses).toEqual([429, 503, 200]);
    } finally {
      await fromEnv.close();
    }
  });
});

describe('admin API', () => {
  it('GET/PUT/DELETE /_sim/faults read, merge and reset the settings', async () => {
    const put = await admin('PUT', '/_sim/faults', {
      rateLimit: { count: 3 },
      webhooks: { duplicate: 2, nestRobotsJobData: true },
    });
    expect(put.status).toBe(200);
    expect(put.body.data.rateLimit).toEqual({ count: 3, retryAfterSeconds: 1, pathPrefix: '/' });
    expect(put.body.data.webhooks).toMatchObject({ duplicate: 2, drop: false, nestRobotsJobData: true });

    const merged = await admin('PUT', '/_sim/faults', { latency: { ms: 5 }, webhooks: { drop: true } });
    expect(merged.body.data).toMatchObject({
      latency: { ms: 5 },
      rateLimit: { count: 3 },
      webhooks: { duplicate: 2, drop: true },
    });
    expect((await admin('GET', '/_sim/faults')).body).toEqual(merged.body);
    expect(sim.context.faults.settings.rateLimit.count).toBe(3);

    const reset = await admin('DELETE', '/_sim/faults');
    expect(reset.body.data).toMatchObject({
      latency: { ms: 0 },
      rateLimit: { count: 0 },
      webhooks: { drop: false, duplicate: false, nestRobotsJobData: true },
    });
    await admin('PUT', '/_sim/faults', { webhooks: { nestRobotsJobData: false } });
  });

  it('refuses invalid fault settings with a 400 naming the field', async () => {
    const negative = await admin('PUT', '/_sim/faults', { rateLimit: { count: -1 } });
    expect(negative.status).toBe(400);
    expect(negative.body.error.type).toBe('invalid_parameters');
    expect(negative.body.error.messages.join(' ')).toContain('rateLimit.count');

    const status = await admin('PUT', '/_sim/faults', { serverError: { status: 404 } });
    expect(status.status).toBe(400);
    expect(status.body.error.messages.join(' ')).toContain('serverError.status');

    const unknown = await admin('PUT', '/_sim/faults', { explode: true });
    expect(unknown.status).toBe(400);
    expect(sim.context.faults.settings.rateLimit.count).toBe(0);
  });

  it('POST /_sim/clock/advance moves simulated time forward by ms or seconds', async () => {
    const before = sim.context.clock.now();
    const bySeconds = await admin('POST', '/_sim/clock/advance', { seconds: 3600 });
    expect(bySeconds.status).toBe(200);
    expect(bySeconds.body.data.nowMs - before).toBeGreaterThanOrEqual(3_600_000);
    expect(Date.parse(bySeconds.body.data.now)).toBe(Math.floor(bySeconds.body.data.nowMs));
    const byMs = await admin('POST', '/_sim/clock/advance', { ms: 1500 });
    expect(byMs.body.data.nowMs - bySeconds.body.data.nowMs).toBeGreaterThanOrEqual(1500);

    expect((await admin('POST', '/_sim/clock/advance', { ms: 1, seconds: 1 })).status).toBe(400);
    expect((await admin('POST', '/_sim/clock/advance', {})).status).toBe(400);
    expect((await admin('POST', '/_sim/clock/advance', { seconds: -5 })).status).toBe(400);
  });

  it('GET /_sim/requests lists the Mux calls made (from ?since=), DELETE clears it', async () => {
    expect((await admin('DELETE', '/_sim/requests')).status).toBe(204);
    const mux = client();
    await mux.system.webhooks.list();
    await mux.system.webhooks.list({ page: 2 });
    const listed = await requestsSince(0);
    expect(listed.data).toEqual([
      expect.objectContaining({ method: 'GET', path: '/system/v1/webhooks', status: 200 }),
      expect.objectContaining({ method: 'GET', path: '/system/v1/webhooks', status: 200 }),
    ]);
    await expect(mux.system.webhooks.retrieve('missing')).rejects.toBeInstanceOf(NotFoundError);
    await expect(requestsSince(listed.next)).resolves.toMatchObject({
      data: [{ method: 'GET', path: '/system/v1/webhooks/missing', status: 404 }],
    });
  });

  it('GET /_sim/info describes the simulator without revealing any secret', async () => {
    const response = await fetch(`${sim.apiUrl}/_sim/info`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(JSON.parse(text).data).toMatchObject({
      apiUrl: sim.apiUrl,
      streamUrl: sim.streamUrl,
      environment: options.environment,
      tokenId: options.tokenId,
      speed: 1000,
    });
    expect(text).not.toContain(options.tokenSecret);
    expect(text).not.toContain(options.webhookSecret);
  });
});
