import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { noFaults, type FaultSettings } from './faults.js';

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

const simEnvSchema = z.object({
  SIM_HOST: z.string().min(1).default('127.0.0.1'),
  SIM_API_PORT: port.default(4010),
  SIM_STREAM_PORT: port.default(4011),
  SIM_TOKEN_ID: z.string().min(1).optional(),
  SIM_TOKEN_SECRET: z.string().min(1).optional(),
  SIM_WEBHOOK_SECRET: z.string().min(1).optional(),
  SIM_WEBHOOK_URLS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((url) => url.trim()).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/ }))),
  SIM_SPEED: z.coerce.number().positive().max(1_000_000).default(10),
  SIM_SEED_DEMO: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
});

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
    ...(vars.SIM_TOKEN_ID ? { tokenId: vars.SIM_TOKEN_ID } : {}),
    ...(vars.SIM_TOKEN_SECRET ? { tokenSecret: vars.SIM_TOKEN_SECRET } : {}),
    ...(vars.SIM_WEBHOOK_SECRET ? { webhookSecret: vars.SIM_WEBHOOK_SECRET } : {}),
  });
}
