import { describe, expect, it } from 'vitest';
import { SimConfigError, simulatorOptionsFromEnv } from '../../src/sim/config.js';
import { noFaults } from '../../src/sim/faults.js';

describe('simulatorOptionsFromEnv', () => {
  it('defaults to the standard ports, 10x speed, demo assets and no faults', () => {
    const options = simulatorOptionsFromEnv({});
    expect(options).toMatchObject({
      host: '127.0.0.1',
      apiPort: 4010,
      streamPort: 4011,
      speed: 10,
      seedDemoAssets: true,
      webhookUrls: [],
    });
    expect(options.faults).toEqual(noFaults());
    expect(options.tokenSecret.length).toBeGreaterThan(16);
    expect(options.webhookSecret.length).toBeGreaterThan(16);
  });

  it('reads the simulator settings', () => {
    const options = simulatorOptionsFromEnv({
      SIM_HOST: '0.0.0.0',
      SIM_API_PORT: '0',
      SIM_STREAM_PORT: '5001',
      SIM_TOKEN_ID: 'token-id',
      SIM_TOKEN_SECRET: 'token-secret',
      SIM_WEBHOOK_SECRET: 'webhook-secret',
      SIM_WEBHOOK_URLS: 'http://localhost:4000/webhooks/mux, https://example.com/hooks',
      SIM_SPEED: '2.5',
      SIM_SEED_DEMO: 'false',
    });
    expect(options).toMatchObject({
      host: '0.0.0.0',
      apiPort: 0,
      streamPort: 5001,
      tokenId: 'token-id',
      tokenSecret: 'token-secret',
      webhookSecret: 'webhook-secret',
      webhookUrls: ['http://localhost:4000/webhooks/mux', 'https://example.com/hooks'],
      speed: 2.5,
      seedDemoAssets: false,
    });
  });

  it('reads every fault and the robots nesting choice', () => {
    const { faults } = simulatorOptionsFromEnv({
      SIM_FAULT_LATENCY_MS: '120',
      SIM_FAULT_RATE_LIMIT_COUNT: '3',
      SIM_FAULT_RETRY_AFTER_S: '5',
      SIM_FAULT_SERVER_ERROR_COUNT: '2',
      SIM_FAULT_SERVER_ERROR_STATUS: '502',
      SIM_FAULT_WEBHOOKS: 'drop, reorder',
      SIM_FAULT_WEBHOOK_DELAY_MS: '250',
      SIM_NEST_ROBOTS_JOB_DATA: 'true',
    });
    expect(faults).toEqual({
      latency: { ms: 120, pathPrefix: '/' },
      rateLimit: { count: 3, retryAfterSeconds: 5, pathPrefix: '/' },
      serverError: { count: 2, status: 502, pathPrefix: '/' },
      webhooks: { drop: true, duplicate: false, reorder: true, delayMs: 250, nestRobotsJobData: true },
    });
    expect(simulatorOptionsFromEnv({ SIM_FAULT_WEBHOOKS: 'duplicate' }).faults.webhooks).toMatchObject({
      drop: false,
      duplicate: true,
      reorder: false,
    });
  });

  it.each([
    ['SIM_API_PORT', '70000'],
    ['SIM_SPEED', '0'],
    ['SIM_SEED_DEMO', 'yes'],
    ['SIM_WEBHOOK_URLS', 'ftp://example.com/hooks'],
    ['SIM_FAULT_LATENCY_MS', 'slow'],
    ['SIM_FAULT_RATE_LIMIT_COUNT', '-1'],
    ['SIM_FAULT_RETRY_AFTER_S', '1.5'],
    ['SIM_FAULT_SERVER_ERROR_COUNT', 'many'],
    ['SIM_FAULT_SERVER_ERROR_STATUS', '404'],
    ['SIM_FAULT_WEBHOOKS', 'drop,explode'],
    ['SIM_FAULT_WEBHOOK_DELAY_MS', '-5'],
    ['SIM_NEST_ROBOTS_JOB_DATA', '1'],
  ])('a bad %s (%j) is a SimConfigError naming the variable', (name, value) => {
    const parse = () => simulatorOptionsFromEnv({ [name]: value });
    expect(parse).toThrow(SimConfigError);
    expect(parse).toThrow(new RegExp(`^${name}: `));
  });
});
