import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const KEYS = 'web:viewer:viewer-key-0123456789,ops:admin:admin-key-0123456789';

function errorFor(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('gateway configuration', () => {
  it('runs on the simulator with documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      port: 4000,
      host: '127.0.0.1',
      databasePath: undefined,
      logLevel: 'info',
      apiKeys: [],
      cache: { ttlSeconds: 60, activeTtlSeconds: 5, readWaitSeconds: 2, notFoundTtlSeconds: 30 },
      reconcile: { afterSeconds: 30, maxIntervalSeconds: 600 },
      captions: { generateMaxAgeDays: 7 },
      limits: {
        maxDepth: 12,
        maxAliases: 20,
        maxTokens: 2000,
        maxCost: 25_000,
        maxMuxCalls: 25,
        maxBodyBytes: 8 * 1024 * 1024,
        subscriptionsPerSocket: 100,
        subscriptionsPerKey: 10_000,
        ratePointsPerKey: 0,
        rateWindowSeconds: 60,
      },
      trustedDocuments: undefined,
      muxTimeoutSeconds: 10,
      publicBaseUrl: undefined,
      corsOrigins: [],
      fileUrlSecret: undefined,
      metricsToken: undefined,
      tracing: false,
      mux: undefined,
    });
  });

  it('reads the origins CORS allows, and the key of signed file links', () => {
    const config = loadConfig({
      CORS_ORIGINS: ' https://app.example.com, http://localhost:5173 ,',
      FILE_URL_SECRET: 'x'.repeat(32),
    });
    expect(config.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(config.fileUrlSecret).toBe('x'.repeat(32));
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
  });

  it('takes a metrics token, and turns traces on with the standard OTLP endpoint', () => {
    const config = loadConfig({
      METRICS_TOKEN: 'metrics-token-0123456789',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    });
    expect(config.metricsToken).toBe('metrics-token-0123456789');
    expect(config.tracing).toBe(true);
    expect(loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }).tracing).toBe(true);
  });

  it('talks to Mux when both token variables are set, with Mux hosts by default', () => {
    const config = loadConfig({
      MUX_TOKEN_ID: 'id',
      MUX_TOKEN_SECRET: 'secret',
      MUX_WEBHOOK_SECRET: 'whsec',
      API_KEYS: KEYS,
    });
    expect(config.mux).toEqual({
      tokenId: 'id',
      tokenSecret: 'secret',
      baseUrl: 'https://api.mux.com',
      streamBaseUrl: 'https://stream.mux.com',
      webhookSecret: 'whsec',
      signingKey: undefined,
    });
  });

  it('takes signing-key settings and custom hosts', () => {
    const config = loadConfig({
      MUX_TOKEN_ID: 'id',
      MUX_TOKEN_SECRET: 'secret',
      MUX_BASE_URL: 'http://localhost:9000',
      MUX_STREAM_BASE_URL: 'http://localhost:9001',
      MUX_SIGNING_KEY: 'key-id',
      MUX_PRIVATE_KEY: 'cGVt',
      API_KEYS: KEYS,
    });
    expect(config.mux?.baseUrl).toBe('http://localhost:9000');
    expect(config.mux?.streamBaseUrl).toBe('http://localhost:9001');
    expect(config.mux?.signingKey).toEqual({ id: 'key-id', privateKey: 'cGVt' });
  });

  it('reads API keys with their roles', () => {
    expect(loadConfig({ API_KEYS: KEYS }).apiKeys).toEqual([
      { name: 'web', role: 'viewer', key: 'viewer-key-0123456789' },
      { name: 'ops', role: 'admin', key: 'admin-key-0123456789' },
    ]);
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT must be a port number from 0 to 65535 \(got "abc"\)$/],
    [{ PORT: '70000' }, /^PORT must be a port number/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of debug, info, warn, error/],
    [{ MUX_BASE_URL: 'ftp://mux' }, /^MUX_BASE_URL must be an http\(s\) URL/],
    [{ MUX_STREAM_BASE_URL: 'not a url' }, /^MUX_STREAM_BASE_URL must be an http\(s\) URL/],
    [{ MUX_TOKEN_ID: 'id' }, /^MUX_TOKEN_SECRET must be set together with MUX_TOKEN_ID$/],
    [{ MUX_TOKEN_SECRET: 'secret' }, /^MUX_TOKEN_ID must be set together with MUX_TOKEN_SECRET$/],
    [{ MUX_SIGNING_KEY: 'key' }, /^MUX_PRIVATE_KEY must be set together with MUX_SIGNING_KEY$/],
    [
      { MUX_TOKEN_ID: 'id', MUX_TOKEN_SECRET: 'secret' },
      /^API_KEYS must hold at least one key \(name:role:key\) when MUX_TOKEN_ID is set$/,
    ],
    [
      { API_KEYS: 'web:owner:abcdefghijklmnopqrstuvwxyz' },
      /^API_KEYS entry 1 must have one of the roles viewer, editor, admin$/,
    ],
    [{ API_KEYS: 'web:viewer:short' }, /^API_KEYS entry 1 has a key shorter than 16 characters$/],
    [{ QUERY_MAX_COST: 'lots' }, /^QUERY_MAX_COST must be a whole number \(got "lots"\)$/],
    [{ MUX_TIMEOUT_SECONDS: '0' }, /^MUX_TIMEOUT_SECONDS must be at least 0.1/],
    [{ API_KEYS: 'justakey' }, /^API_KEYS entry 1 must look like name:role:key$/],
    [{ CACHE_TTL_SECONDS: '-1' }, /^CACHE_TTL_SECONDS/],
    [{ GENERATE_CAPTIONS_MAX_AGE_DAYS: 'week' }, /^GENERATE_CAPTIONS_MAX_AGE_DAYS must be a number of days/],
    [{ PUBLIC_BASE_URL: 'gateway.example.com' }, /^PUBLIC_BASE_URL must be an http\(s\) URL/],
    [{ CORS_ORIGINS: 'https://app.example.com/studio' }, /^CORS_ORIGINS must be origins .*got https:\/\/app/],
    [{ CORS_ORIGINS: 'app.example.com' }, /^CORS_ORIGINS must be origins like https:\/\/app\.example\.com/],
    [{ RATE_LIMIT_POINTS: '500' }, /^RATE_LIMIT_POINTS must be 0 \(no limit\) or at least QUERY_MAX_COST \(25000\)/],
    [{ RATE_LIMIT_WINDOW_SECONDS: '0' }, /^RATE_LIMIT_WINDOW_SECONDS must be at least 1/],
    [{ TRUSTED_DOCUMENTS: 'no/such/manifest.json' }, /^TRUSTED_DOCUMENTS could not be read as JSON \(ENOENT\)$/],
    [
      { TRUSTED_DOCUMENTS: 'package.json' },
      /^TRUSTED_DOCUMENTS lists name under an id that is not the SHA-256 of its document$/,
    ],
    [
      { TRUSTED_DOCUMENTS_ROLES: 'viewer,owner' },
      /^TRUSTED_DOCUMENTS_ROLES must list roles among viewer, editor, admin/,
    ],
    [{ METRICS_TOKEN: 'short' }, /^METRICS_TOKEN must be at least 16 characters/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, /^OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/],
  ])('refuses %j with one line naming the variable', (env, expected) => {
    const message = errorFor(env);
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  it('limits each key to RATE_LIMIT_POINTS cost points per window when set', () => {
    const config = loadConfig({ RATE_LIMIT_POINTS: '1000', QUERY_MAX_COST: '500', RATE_LIMIT_WINDOW_SECONDS: '10' });
    expect(config.limits).toMatchObject({ maxCost: 500, ratePointsPerKey: 1000, rateWindowSeconds: 10 });
  });

  it('reads the trusted documents and the roles limited to them (viewer unless set)', () => {
    const manifest = 'web/trusted-documents.json';
    expect(loadConfig({ TRUSTED_DOCUMENTS: manifest }).trustedDocuments?.roles).toEqual(['viewer']);
    const config = loadConfig({ TRUSTED_DOCUMENTS: manifest, TRUSTED_DOCUMENTS_ROLES: 'viewer, editor' });
    expect(config.trustedDocuments?.roles).toEqual(['viewer', 'editor']);
    expect(config.trustedDocuments?.documents.size).toBeGreaterThan(10);
  });

  it('never echoes a secret value back in an error', () => {
    const message = errorFor({ MUX_TOKEN_ID: 'id', MUX_TOKEN_SECRET: 'secret', MUX_PRIVATE_KEY: 'super-secret-pem' });
    expect(message).toBe('MUX_SIGNING_KEY must be set together with MUX_PRIVATE_KEY');
    expect(message).not.toContain('super-secret-pem');
    expect(errorFor({ API_KEYS: 'web:viewer:tiny-secret' })).not.toContain('tiny-secret');
    expect(errorFor({ FILE_URL_SECRET: 'short-file-secret' })).toBe('FILE_URL_SECRET must be at least 32 characters');
    expect(errorFor({ METRICS_TOKEN: 'tiny-token' })).not.toContain('tiny-token');
  });

  it('never echoes a key put in the name or role slot of API_KEYS', () => {
    const key = 'k3y-in-the-wrong-place-0123456789';
    for (const entry of [`${key}:viewer:short`, `web:${key}:abcdefghijklmnopqrstuvwxyz`, `${key}:owner:x`]) {
      const message = errorFor({ API_KEYS: entry });
      expect(message).toMatch(/^API_KEYS entry 1 /);
      expect(message).not.toContain(key);
    }
  });

  it.each([
    ['https://token-id:token-secret@api.mux.com', ['token-id', 'token-secret']],
    ['https://token-id:token@secret@api.mux.com', ['token-id', 'token', 'secret']],
  ])('refuses a Mux URL with credentials in it (%s), without echoing them', (url, secrets) => {
    const message = errorFor({ MUX_BASE_URL: url });
    expect(message).toMatch(/^MUX_BASE_URL must not carry credentials/);
    expect(message).toContain('api.mux.com');
    for (const secret of secrets) expect(message).not.toContain(secret);
  });
});
