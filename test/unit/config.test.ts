import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

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
    expect(config).toEqual({ port: 4000, host: '127.0.0.1', databasePath: './data/gateway.db', logLevel: 'info', mux: undefined });
  });

  it('talks to Mux when both token variables are set, with Mux hosts by default', () => {
    const config = loadConfig({ MUX_TOKEN_ID: 'id', MUX_TOKEN_SECRET: 'secret', MUX_WEBHOOK_SECRET: 'whsec' });
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
    });
    expect(config.mux?.baseUrl).toBe('http://localhost:9000');
    expect(config.mux?.streamBaseUrl).toBe('http://localhost:9001');
    expect(config.mux?.signingKey).toEqual({ id: 'key-id', privateKey: 'cGVt' });
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
  ])('refuses %j with one line naming the variable', (env, expected) => {
    const message = errorFor(env);
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  it('never echoes a secret value back in an error', () => {
    const message = errorFor({ MUX_TOKEN_ID: 'id', MUX_TOKEN_SECRET: 'secret', MUX_PRIVATE_KEY: 'super-secret-pem' });
    expect(message).toBe('MUX_SIGNING_KEY must be set together with MUX_PRIVATE_KEY');
    expect(message).not.toContain('super-secret-pem');
  });
});
