import { describe, expect, it } from 'vitest';
import { loadConfig, secretValues } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';

const ENV = {
  MUX_TOKEN_ID: 'token-id',
  MUX_TOKEN_SECRET: 'mux-token-secret-value',
  MUX_WEBHOOK_SECRET: 'mux-webhook-secret-value',
  MUX_SIGNING_KEY: 'signing-key-id-value',
  MUX_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\nprivate\nkey\nbody\n-----END RSA PRIVATE KEY-----',
  API_KEYS: 'ops:admin:api-key-value-0123456789',
  METRICS_TOKEN: 'metrics-token-value-0123456789',
  FILE_URL_SECRET: 'file-url-secret-value-0123456789-abcdef',
  DATABASE_URL: 'postgres://gateway:p%40ss-word-value@db.example:5432/gateway',
};

function logged(level: 'debug' | 'info' = 'debug') {
  const config = loadConfig(ENV);
  const lines: string[] = [];
  const secrets = config.mux ? secretValues(config, config.mux, config.apiKeys) : [];
  return { lines, logger: createLogger(level, (line) => lines.push(line), secrets) };
}

describe('the logger', () => {
  it('writes JSON lines with the level, the time, the message and the fields', () => {
    const { lines, logger } = logged('info');
    logger.debug('not written at info');
    logger.warn('webhook refused', { reason: 'body too large', attempt: 2 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      level: 'warn',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      message: 'webhook refused',
      reason: 'body too large',
      attempt: 2,
    });
  });

  it('never writes a secret setting, whatever field it is logged in by mistake', () => {
    const { lines, logger } = logged();
    const values = Object.entries(ENV)
      .filter(([name]) => name !== 'MUX_TOKEN_ID')
      .map(([, value]) => value);
    logger.info('by name', { MUX_TOKEN_SECRET: ENV.MUX_TOKEN_SECRET, tokenSecret: ENV.MUX_TOKEN_SECRET });
    logger.info('nested headers', { headers: { Authorization: `Bearer ${ENV.API_KEYS}`, cookie: 'session=1' } });
    logger.info('an unknown bearer', { authorization: 'Bearer someone-elses-key' });
    logger.error('by value', {
      reason: `could not reach ${ENV.DATABASE_URL}`,
      detail: [ENV.MUX_WEBHOOK_SECRET, { deep: ENV.MUX_PRIVATE_KEY }],
      note: `signed with ${ENV.MUX_SIGNING_KEY} for ${ENV.METRICS_TOKEN} and api-key-value-0123456789`,
    });
    logger.warn(`a message quoting ${ENV.MUX_TOKEN_SECRET}`);
    logger.info('links', { link: `/transcripts/a.vtt signed with ${ENV.FILE_URL_SECRET}` });
    logger.info('database', { databaseUrl: ENV.DATABASE_URL, password: 'p@ss-word-value' });
    const text = lines.join('\n');
    for (const value of [...values, 'p@ss-word-value', 'p%40ss-word-value', 'api-key-value-0123456789']) {
      expect(text).not.toContain(value);
    }
    expect(text).not.toContain('someone-elses-key');
    expect(text).not.toContain('session=1');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(JSON.parse(lines[3] ?? '').reason).toBe(
      'could not reach postgres://gateway:[Redacted]@db.example:5432/gateway',
    );
  });
});
