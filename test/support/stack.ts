import Mux from '@mux/mux-node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedSimulator } from '../../src/embedded-simulator.js';
import { startGateway, type Gateway } from '../../src/gateway.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { defaultSimulatorOptions, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';

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
export async function startStack(simulatorOverrides: Partial<SimulatorOptions> = {}): Promise<Stack> {
  const directory = mkdtempSync(join(tmpdir(), 'caption-gateway-'));
  const databasePath = join(directory, 'gateway.db');
  const logLines: string[] = [];
  const logger: Logger = createLogger('debug', (line) => logLines.push(line));
  const embedded = await startEmbeddedSimulator(defaultSimulatorOptions({ speed: 1000, ...simulatorOverrides }));
  const gateway = await startGateway({ port: 0, host: '127.0.0.1', databasePath, mux: embedded.mux, simulated: true, logger });
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
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] } }> {
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as never };
}
