import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type FaultSettings, noFaults } from './faults.js';

export interface SimulatorOptions {
  host: string;
  /** 0 picks a free port. */
  apiPort: number;
  streamPort: number;
  tokenId: string;
  tokenSecret: string;
  webhookSecret: string;
  /** Endpoints every event is delivered to (more can be registered over /system/v1/webhooks). */
  webhookUrls: string[];
  /** How many times faster than real time lifecycles run. */
  speed: number;
  environment: { id: string; name: string };
  faults: FaultSettings;
  /** Creates a few ready demo assets with captions at start. */
  seedDemoAssets: boolean;
}

export function defaultSimulatorOptions(overrides: Partial<SimulatorOptions> = {}): SimulatorOptions {
  return {
    host: '127.0.0.1',
    apiPort: 0,
    streamPort: 0,
    tokenId: `sim-${randomBytes(6).toString('hex')}`,
    tokenSecret: randomBytes(24).toString('base64url'),
    webhookSecret: randomBytes(24).toString('hex'),
    webhookUrls: [],
    speed: 1000,
    environment: { id: 'sim-env', name: 'Simulator' },
    faults: noFaults(),
    seedDemoAssets: false,
    ...overrides,
  };
}

const port = z.coerce.number().int().min(0).max(65535);
const count = z.coerce.number().int().min(0);
const milliseconds = z.coerce.number().int().min(0).max(600_000);
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
const commaList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

const simEnvSchema = z.object({
  SIM_HOST: z.string().min(1).default('127.0.0.1'),
  SIM_API_PORT: port.default(4010),
  SIM_STREAM_PORT: port.default(4011),
  SIM_TOKEN_ID: z.string().min(1).optional(),
  SIM_TOKEN_SECRET: z.string().min(1).optional(),
  SIM_WEBHOOK_SECRET: z.string().min(1).optional(),
  SIM_WEBHOOK_URLS: commaList.pipe(z.array(z.url({ protocol: /^https?$/ }))),
  SIM_SPEED: z.coerce.number().positive().max(1_000_000).default(10),
  SIM_SEED_DEMO: flag.default(true),
  SIM_FAULT_LATENCY_MS: milliseconds.default(0),
  SIM_FAULT_RATE_LIMIT_COUNT: count.default(0),
  SIM_FAULT_RETRY_AFTER_S: count.default(1),
  SIM_FAULT_SERVER_ERROR_COUNT: count.default(0),
  SIM_FAULT_SERVER_ERROR_STATUS: z.coerce
    .number()
    .pipe(z.literal([500, 502, 503]))
    .default(500),
  SIM_FAULT_WEBHOOKS: commaList.pipe(z.array(z.enum(['drop', 'duplicate', 'reorder']))),
  SIM_FAULT_WEBHOOK_DELAY_MS: milliseconds.default(0),
  SIM_NEST_ROBOTS_JOB_DATA: flag.default(false),
});

type SimEnv = z.infer<typeof simEnvSchema>;

/** Faults switched on for the whole run (each can still be changed or reset over `/_sim/faults`). */
function faultsFromEnv(vars: SimEnv): FaultSettings {
  const faults = noFaults();
  faults.latency.ms = vars.SIM_FAULT_LATENCY_MS;
  faults.rateLimit.count = vars.SIM_FAULT_RATE_LIMIT_COUNT;
  faults.rateLimit.retryAfterSeconds = vars.SIM_FAULT_RETRY_AFTER_S;
  faults.serverError.count = vars.SIM_FAULT_SERVER_ERROR_COUNT;
  faults.serverError.status = vars.SIM_FAULT_SERVER_ERROR_STATUS;
  for (const name of vars.SIM_FAULT_WEBHOOKS) faults.webhooks[name] = true;
  faults.webhooks.delayMs = vars.SIM_FAULT_WEBHOOK_DELAY_MS;
  faults.webhooks.nestRobotsJobData = vars.SIM_NEST_ROBOTS_JOB_DATA;
  return faults;
}

export class SimConfigError extends Error {}

/** Reads the standalone simulator's settings; a bad value names its variable. */
export function simulatorOptionsFromEnv(env: NodeJS.ProcessEnv): SimulatorOptions {
  const parsed = simEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SimConfigError(`${String(issue?.path[0] ?? 'SIM_*')}: ${issue?.message ?? 'invalid value'}`);
  }
  const vars = parsed.data;
  return defaultSimulatorOptions({
    host: vars.SIM_HOST,
    apiPort: vars.SIM_API_PORT,
    streamPort: vars.SIM_STREAM_PORT,
    webhookUrls: vars.SIM_WEBHOOK_URLS,
    speed: vars.SIM_SPEED,
    seedDemoAssets: vars.SIM_SEED_DEMO,
    faults: faultsFromEnv(vars),
    ...(vars.SIM_TOKEN_ID ? { tokenId: vars.SIM_TOKEN_ID } : {}),
    ...(vars.SIM_TOKEN_SECRET ? { tokenSecret: vars.SIM_TOKEN_SECRET } : {}),
    ...(vars.SIM_WEBHOOK_SECRET ? { webhookSecret: vars.SIM_WEBHOOK_SECRET } : {}),
  });
}
