import { z } from 'zod';
import { type ApiKey, parseApiKeys } from './auth/api-keys.js';

const MUX_API = 'https://api.mux.com';
const MUX_STREAM = 'https://stream.mux.com';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const optionalText = z.string().trim().min(1).optional().catch(undefined);

const envSchema = z.object({
  PORT: z.coerce.number({ error: 'must be a port number from 0 to 65535' }).int().min(0).max(65535).default(4000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().trim().min(1).default('./data/gateway.db'),
  MUX_TOKEN_ID: optionalText,
  MUX_TOKEN_SECRET: optionalText,
  MUX_BASE_URL: httpUrl.default(MUX_API),
  MUX_STREAM_BASE_URL: httpUrl.default(MUX_STREAM),
  MUX_WEBHOOK_SECRET: optionalText,
  MUX_SIGNING_KEY: optionalText,
  MUX_PRIVATE_KEY: optionalText,
  API_KEYS: z
    .string()
    .default('')
    .transform((value, context) => {
      const parsed = parseApiKeys(value);
      if (typeof parsed === 'string') context.addIssue({ code: 'custom', message: parsed });
      return typeof parsed === 'string' ? [] : parsed;
    }),
  CACHE_TTL_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .min(0)
    .max(86_400, 'must be at most 86400')
    .default(60),
  CACHE_ACTIVE_TTL_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .min(0)
    .max(3_600, 'must be at most 3600')
    .default(5),
  RECONCILE_AFTER_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .min(0.05, 'must be at least 0.05')
    .max(86_400, 'must be at most 86400')
    .default(30),
  RECONCILE_MAX_INTERVAL_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .min(0.05, 'must be at least 0.05')
    .max(86_400, 'must be at most 86400')
    .default(600),
  GENERATE_CAPTIONS_MAX_AGE_DAYS: z.coerce.number({ error: 'must be a number of days' }).min(0).max(3650).default(7),
  PUBLIC_BASE_URL: httpUrl.optional(),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error'], { error: 'must be one of debug, info, warn, error' })
    .default('info'),
});

export interface MuxSettings {
  tokenId: string;
  tokenSecret: string;
  baseUrl: string;
  streamBaseUrl: string;
  webhookSecret: string | undefined;
  signingKey: { id: string; privateKey: string } | undefined;
}

export interface CacheSettings {
  /** How long a settled row (ready asset, finished upload) is answered without asking Mux. */
  ttlSeconds: number;
  /** The same for things still changing (preparing assets, running jobs). */
  activeTtlSeconds: number;
}

export interface CaptionSettings {
  /** Mux generates captions on assets up to this old (days); 0 means no limit (self-service accounts). */
  generateMaxAgeDays: number;
}

export interface ReconcileSettings {
  /** Seconds without news (webhook or poll) about unfinished caption work before Mux is asked about it. */
  afterSeconds: number;
  /** The longest wait between two asks about the same work, however often it came back unchanged. */
  maxIntervalSeconds: number;
}

export interface GatewayConfig {
  port: number;
  host: string;
  databasePath: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  apiKeys: ApiKey[];
  cache: CacheSettings;
  reconcile: ReconcileSettings;
  captions: CaptionSettings;
  /** Where Mux can fetch files the gateway serves (edited captions); defaults to the gateway's own address. */
  publicBaseUrl: string | undefined;
  /** Undefined when no Mux credentials are set: the gateway then runs on its built-in simulator. */
  mux: MuxSettings | undefined;
}

/** A configuration problem, worded as one line that names the variable. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

/** Values never echoed back in an error line. */
const SECRET_VARIABLES = new Set(['MUX_TOKEN_SECRET', 'MUX_WEBHOOK_SECRET', 'MUX_PRIVATE_KEY', 'API_KEYS']);

function describeValue(variable: string, value: string | undefined): string {
  return SECRET_VARIABLES.has(variable) ? '' : ` (got ${JSON.stringify(value ?? '')})`;
}

function requirePair(env: Record<string, unknown>, a: string, b: string): void {
  if (Boolean(env[a]) !== Boolean(env[b])) {
    const missing = env[a] ? b : a;
    throw new ConfigError(missing, `must be set together with ${missing === a ? b : a}`);
  }
}

/** Reads and checks every setting; the first wrong one stops start-up with a ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(variable, `${issue?.message ?? 'is invalid'}${describeValue(variable, env[variable])}`);
  }
  const vars = parsed.data;
  requirePair(vars, 'MUX_TOKEN_ID', 'MUX_TOKEN_SECRET');
  requirePair(vars, 'MUX_SIGNING_KEY', 'MUX_PRIVATE_KEY');
  if (vars.MUX_TOKEN_ID && vars.API_KEYS.length === 0) {
    throw new ConfigError('API_KEYS', 'must hold at least one key (name:role:key) when MUX_TOKEN_ID is set');
  }
  return {
    port: vars.PORT,
    host: vars.HOST,
    databasePath: vars.DATABASE_PATH,
    logLevel: vars.LOG_LEVEL,
    apiKeys: vars.API_KEYS,
    cache: { ttlSeconds: vars.CACHE_TTL_SECONDS, activeTtlSeconds: vars.CACHE_ACTIVE_TTL_SECONDS },
    reconcile: { afterSeconds: vars.RECONCILE_AFTER_SECONDS, maxIntervalSeconds: vars.RECONCILE_MAX_INTERVAL_SECONDS },
    captions: { generateMaxAgeDays: vars.GENERATE_CAPTIONS_MAX_AGE_DAYS },
    publicBaseUrl: vars.PUBLIC_BASE_URL,
    mux:
      vars.MUX_TOKEN_ID && vars.MUX_TOKEN_SECRET
        ? {
            tokenId: vars.MUX_TOKEN_ID,
            tokenSecret: vars.MUX_TOKEN_SECRET,
            baseUrl: vars.MUX_BASE_URL,
            streamBaseUrl: vars.MUX_STREAM_BASE_URL,
            webhookSecret: vars.MUX_WEBHOOK_SECRET,
            signingKey:
              vars.MUX_SIGNING_KEY && vars.MUX_PRIVATE_KEY
                ? { id: vars.MUX_SIGNING_KEY, privateKey: vars.MUX_PRIVATE_KEY }
                : undefined,
          }
        : undefined,
  };
}
