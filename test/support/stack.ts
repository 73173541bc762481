import Mux from '@mux/mux-node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../src/auth/api-keys.js';
import type { CacheSettings } from '../../src/config.js';
import { startEmbeddedSimulator } from '../../src/embedded-simulator.js';
import { startGateway, type Gateway } from '../../src/gateway.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { defaultSimulatorOptions, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';

export const API_KEYS: Record<Role, string> = {
  viewer: 'viewer-key-0123456789abcdef',
  editor: 'editor-key-0123456789abcdef',
  admin: 'admin-key-0123456789abcdef',
};

export const authorization = (role: Role) => ({ authorization: `Bearer ${API_KEYS[role]}` });

export interface Stack {
  simulator: Simulator;
  gateway: Gateway;
  /** The official SDK pointed at the simulator, for arranging state as any Mux user would. */
  mux: Mux;
  databasePath: string;
  logLines: string[];
  close(): Promise<void>;
}

/** A simulator and a gateway wired together over real HTTP, with a fresh SQLite file. */
export interface StackOptions {
  simulator?: Partial<SimulatorOptions>;
  cache?: CacheSettings;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const directory = mkdtempSync(join(tmpdir(), 'caption-gateway-'));
  const databasePath = join(directory, 'gateway.db');
  const logLines: string[] = [];
  const logger: Logger = createLogger('debug', (line) => logLines.push(line));
  const embedded = await startEmbeddedSimulator(defaultSimulatorOptions({ speed: 1000, ...options.simulator }));
  const gateway = await startGateway({
    port: 0,
    host: '127.0.0.1',
    databasePath,
    mux: embedded.mux,
    simulated: true,
    logger,
    apiKeys: Object.entries(API_KEYS).map(([role, key]) => ({ name: role, role: role as Role, key })),
    cache: options.cache ?? { ttlSeconds: 60, activeTtlSeconds: 5 },
  });
  embedded.simulator.context.webhooks.addEndpoint(`${gateway.url}/webhooks/mux`);
  const mux = new Mux({
    tokenId: embedded.mux.tokenId,
    tokenSecret: embedded.mux.tokenSecret,
    baseURL: embedded.simulator.apiUrl,
    webhookSecret: embedded.mux.webhookSecret ?? null,
    maxRetries: 0,
  });
  return {
    simulator: embedded.simulator,
    gateway,
    mux,
    databasePath,
    logLines,
    async close() {
      await gateway.close();
      await embedded.simulator.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export async function graphql<T = Record<string, unknown>>(
  gateway: Gateway,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = authorization('viewer'),
): Promise<{ status: number; body: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] } }> {
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as never };
}
