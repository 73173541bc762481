import { z } from 'zod';
import { type ApiKey, parseApiKeys } from './auth/api-keys.js';
import { parseRoles, readTrustedDocuments, type TrustedDocumentList } from './auth/trusted-documents.js';

const MUX_API = 'https://api.mux.com';
const MUX_STREAM = 'https://stream.mux.com';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const optionalText = z.string().trim().min(1).optional().catch(undefined);

const seconds = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a number of seconds' })
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);
const count = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

/** A list setting read by `parse`, which returns the items or a sentence saying what is wrong. */
const parsedText = <T>(fallback: string, parse: (value: string) => T[] | string) =>
  z
    .string()
    .default(fallback)
    .transform((value, context): T[] => {
      const parsed = parse(value);
      if (typeof parsed === 'string') context.addIssue({ code: 'custom', message: parsed });
      return typeof parsed === 'string' ? [] : parsed;
    });

/** A URL setting; one carrying credentials is refused rather than kept (or echoed back). */
const serviceUrl = httpUrl.refine((value) => {
  if (!URL.canParse(value)) return true;
  const url = new URL(value);
  return !url.username && !url.password;
}, 'must not carry credentials (user:password@)');

/** `https://app.example.com:8443`: a scheme, a host and maybe a port, as a browser sends it in `Origin`. */
function isOrigin(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol) && new URL(value).origin === value;
}

const envSchema = z.object({
  PORT: z.coerce.number({ error: 'must be a port number from 0 to 65535' }).int().min(0).max(65535).default(4000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().trim().min(1).optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  MUX_TOKEN_ID: optionalText,
  MUX_TOKEN_SECRET: optionalText,
  MUX_BASE_URL: serviceUrl.default(MUX_API),
  MUX_STREAM_BASE_URL: serviceUrl.default(MUX_STREAM),
  MUX_WEBHOOK_SECRET: optionalText,
  MUX_SIGNING_KEY: optionalText,
  MUX_PRIVATE_KEY: optionalText,
  MUX_TIMEOUT_SECONDS: seconds(0.1, 300, 10),
  API_KEYS: parsedText('', parseApiKeys),
  CACHE_TTL_SECONDS: seconds(0, 86_400, 60),
  CACHE_ACTIVE_TTL_SECONDS: seconds(0, 3_600, 5),
  CACHE_READ_WAIT_SECONDS: seconds(0.05, 300, 2),
  CACHE_NOT_FOUND_TTL_SECONDS: seconds(0, 3_600, 30),
  RECONCILE_AFTER_SECONDS: seconds(0.05, 86_400, 30),
  RECONCILE_MAX_INTERVAL_SECONDS: seconds(0.05, 86_400, 600),
  GENERATE_CAPTIONS_MAX_AGE_DAYS: z.coerce.number({ error: 'must be a number of days' }).min(0).max(3650).default(7),
  PUBLIC_BASE_URL: serviceUrl.optional(),
  QUERY_MAX_DEPTH: count(1, 100, 12),
  QUERY_MAX_ALIASES: count(1, 1_000, 20),
  QUERY_MAX_TOKENS: count(100, 100_000, 2_000),
  QUERY_MAX_COST: count(100, 10_000_000, 25_000),
  REQUEST_MAX_MUX_CALLS: count(1, 1_000, 25),
  REQUEST_MAX_BODY_BYTES: count(1_024, 100_000_000, 8 * 1024 * 1024),
  SUBSCRIPTIONS_PER_SOCKET: count(1, 10_000, 100),
  SUBSCRIPTIONS_PER_KEY: count(1, 1_000_000, 10_000),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value, context) => {
      const origins = value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean);
      const wrong = origins.find((origin) => origin !== '*' && !isOrigin(origin));
      if (wrong !== undefined) {
        context.addIssue({
          code: 'custom',
          message: `must be origins like https://app.example.com (scheme, host, port; no path), or *; got ${wrong}`,
        });
      }
      return origins;
    }),
  FILE_URL_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  RATE_LIMIT_POINTS: count(0, 1_000_000_000, 0),
  RATE_LIMIT_WINDOW_SECONDS: count(1, 86_400, 60),
  TRUSTED_DOCUMENTS: z.string().trim().min(1).optional(),
  TRUSTED_DOCUMENTS_ROLES: parsedText('viewer', parseRoles),
  METRICS_TOKEN: z
    .string()
    .trim()
    .min(16, 'must be at least 16 characters (a random token, e.g. openssl rand -hex 24)')
    .optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl.optional(),
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
  /** How long a read with a stored answer waits for Mux before it answers from the store (marked stale). */
  readWaitSeconds: number;
  /** How long Mux's "no such asset or upload" is believed before Mux is asked again. */
  notFoundTtlSeconds: number;
}

/** What one request may ask of the gateway. */
export interface RequestLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  /** Calls to Mux one request may cause; what is beyond is answered from the store or refused. */
  maxMuxCalls: number;
  maxBodyBytes: number;
  subscriptionsPerSocket: number;
  /** Per instance: each instance counts the subscriptions open on it. */
  subscriptionsPerKey: number;
  /** Cost points (the cost bound's estimate) one API key may spend per window, on all instances; 0 = no limit. */
  ratePointsPerKey: number;
  rateWindowSeconds: number;
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
  /** Unset: the default file, which on the built-in simulator belongs to one simulator run. */
  databasePath: string | undefined;
  /** PostgreSQL instead of SQLite, for several instances on one database. */
  databaseUrl: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  apiKeys: ApiKey[];
  cache: CacheSettings;
  reconcile: ReconcileSettings;
  captions: CaptionSettings;
  limits: RequestLimits;
  /** Unset: every key may send any document. */
  trustedDocuments: TrustedDocumentList | undefined;
  /** The longest one call to Mux may take. */
  muxTimeoutSeconds: number;
  /** Where Mux can fetch files the gateway serves (edited captions); defaults to the gateway's own address. */
  publicBaseUrl: string | undefined;
  /** Browser origins other than the gateway's own that may call it; `*` for any. */
  corsOrigins: string[];
  /** The key of signed file URLs; unset, a random one per process. */
  fileUrlSecret: string | undefined;
  /** Undefined when no Mux credentials are set: the gateway then runs on its built-in simulator. */
  mux: MuxSettings | undefined;
  /** The bearer token `/metrics` asks for; unset, metrics are served only when listening on loopback. */
  metricsToken: string | undefined;
  /** Spans are exported over OTLP (the OpenTelemetry SDK reads the rest of its OTEL_* settings itself). */
  tracing: boolean;
}

/** A configuration problem, worded as one line that names the variable. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

/** Values never echoed back in an error line. */
const SECRET_VARIABLES = new Set([
  'MUX_TOKEN_SECRET',
  'MUX_WEBHOOK_SECRET',
  'MUX_PRIVATE_KEY',
  'API_KEYS',
  'FILE_URL_SECRET',
  'MUX_SIGNING_KEY',
  'API_KEYS',
  'METRICS_TOKEN',
]);

/** URLs are shown without what would be credentials in them. */
function describeValue(variable: string, value: string | undefined): string {
  if (SECRET_VARIABLES.has(variable)) return '';
  // Up to the last @ before the path: a password may hold an unencoded @ of its own.
  const shown = (value ?? '').replace(/\/\/[^/]*@/, '//…@');
  return ` (got ${JSON.stringify(shown)})`;
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
  if (vars.DATABASE_PATH && vars.DATABASE_URL) {
    throw new ConfigError(
      'DATABASE_PATH',
      'and DATABASE_URL name two databases; set one (DATABASE_URL for PostgreSQL)',
    );
  }
  requirePair(vars, 'MUX_SIGNING_KEY', 'MUX_PRIVATE_KEY');
  if (vars.RATE_LIMIT_POINTS > 0 && vars.RATE_LIMIT_POINTS < vars.QUERY_MAX_COST) {
    throw new ConfigError(
      'RATE_LIMIT_POINTS',
      `must be 0 (no limit) or at least QUERY_MAX_COST (${vars.QUERY_MAX_COST}): an operation the cost bound ` +
        `lets through must fit in one window (got ${vars.RATE_LIMIT_POINTS})`,
    );
  }
  const trustedDocuments = vars.TRUSTED_DOCUMENTS ? readTrustedDocuments(vars.TRUSTED_DOCUMENTS) : undefined;
  if (typeof trustedDocuments === 'string') throw new ConfigError('TRUSTED_DOCUMENTS', trustedDocuments);
  if (vars.MUX_TOKEN_ID && vars.API_KEYS.length === 0) {
    throw new ConfigError('API_KEYS', 'must hold at least one key (name:role:key) when MUX_TOKEN_ID is set');
  }
  return {
    port: vars.PORT,
    host: vars.HOST,
    databasePath: vars.DATABASE_PATH,
    databaseUrl: vars.DATABASE_URL,
    logLevel: vars.LOG_LEVEL,
    apiKeys: vars.API_KEYS,
    cache: {
      ttlSeconds: vars.CACHE_TTL_SECONDS,
      activeTtlSeconds: vars.CACHE_ACTIVE_TTL_SECONDS,
      readWaitSeconds: vars.CACHE_READ_WAIT_SECONDS,
      notFoundTtlSeconds: vars.CACHE_NOT_FOUND_TTL_SECONDS,
    },
    limits: {
      maxDepth: vars.QUERY_MAX_DEPTH,
      maxAliases: vars.QUERY_MAX_ALIASES,
      maxTokens: vars.QUERY_MAX_TOKENS,
      maxCost: vars.QUERY_MAX_COST,
      maxMuxCalls: vars.REQUEST_MAX_MUX_CALLS,
      maxBodyBytes: vars.REQUEST_MAX_BODY_BYTES,
      subscriptionsPerSocket: vars.SUBSCRIPTIONS_PER_SOCKET,
      subscriptionsPerKey: vars.SUBSCRIPTIONS_PER_KEY,
      ratePointsPerKey: vars.RATE_LIMIT_POINTS,
      rateWindowSeconds: vars.RATE_LIMIT_WINDOW_SECONDS,
    },
    trustedDocuments: trustedDocuments && { documents: trustedDocuments, roles: vars.TRUSTED_DOCUMENTS_ROLES },
    muxTimeoutSeconds: vars.MUX_TIMEOUT_SECONDS,
    reconcile: { afterSeconds: vars.RECONCILE_AFTER_SECONDS, maxIntervalSeconds: vars.RECONCILE_MAX_INTERVAL_SECONDS },
    captions: { generateMaxAgeDays: vars.GENERATE_CAPTIONS_MAX_AGE_DAYS },
    publicBaseUrl: vars.PUBLIC_BASE_URL,
    corsOrigins: vars.CORS_ORIGINS,
    fileUrlSecret: vars.FILE_URL_SECRET,
    metricsToken: vars.METRICS_TOKEN,
    tracing: Boolean(vars.OTEL_EXPORTER_OTLP_ENDPOINT || vars.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT),
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

/** The password in a database URL, as written and as meant (percent-decoded). */
function databasePassword(databaseUrl: string | undefined): string[] {
  const password = databaseUrl && URL.canParse(databaseUrl) ? new URL(databaseUrl).password : '';
  if (!password) return [];
  try {
    return [password, decodeURIComponent(password)];
  } catch {
    return [password];
  }
}

/**
 * The values of every secret setting (with the Mux settings in use, which on the simulator are its own, and
 * every API key, the development key included), for the logger to keep out of its lines.
 */
export function secretValues(config: GatewayConfig, mux: MuxSettings, apiKeys: readonly ApiKey[]): string[] {
  return [
    mux.tokenSecret,
    mux.webhookSecret,
    mux.signingKey?.id,
    mux.signingKey?.privateKey,
    config.metricsToken,
    config.fileUrlSecret,
    ...apiKeys.map((apiKey) => apiKey.key),
    ...databasePassword(config.databaseUrl),
  ].filter((value): value is string => Boolean(value));
}
