import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Mux from '@mux/mux-node';
import type { Role } from '../../src/auth/api-keys.js';
import type { TrustedDocumentList } from '../../src/auth/trusted-documents.js';
import {
  type CacheSettings,
  loadConfig,
  type MuxSettings,
  type ReconcileSettings,
  type RequestLimits,
  secretValues,
} from '../../src/config.js';
import { startEmbeddedSimulator } from '../../src/embedded-simulator.js';
import { type Gateway, startGateway } from '../../src/gateway.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { defaultSimulatorOptions, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';

/** The settings a gateway has when nothing is set. */
const DEFAULTS = loadConfig({});

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
  /** Stops the gateway and starts it again on the same port and database file, as after a restart. */
  restartGateway(): Promise<void>;
  close(): Promise<void>;
}

/** A simulator and a gateway wired together over real HTTP, with a fresh SQLite file. */
export interface StackOptions {
  simulator?: Partial<SimulatorOptions>;
  cache?: Partial<CacheSettings>;
  reconcile?: ReconcileSettings;
  limits?: Partial<RequestLimits>;
  /** Documents keys of some roles are limited to. */
  trustedDocuments?: TrustedDocumentList;
  /** How long the gateway waits on one Mux call. */
  muxTimeoutSeconds?: number;
  /** Changes to how the gateway reaches Mux, e.g. no signing key. */
  mux?: Partial<MuxSettings>;
  /** Where Mux fetches gateway-served files from; the gateway's own address by default. */
  publicBaseUrl?: string;
  /** The key `npm start` hands GraphiQL and the studio on the simulator. */
  developmentKey?: string;
  /** CORS_ORIGINS. */
  corsOrigins?: string[];
  /** FILE_URL_SECRET. */
  fileUrlSecret?: string;
  /** The bearer token `/metrics` asks for. */
  metricsToken?: string;
  /** The interface the gateway listens on; loopback by default. */
  host?: string;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const directory = mkdtempSync(join(tmpdir(), 'caption-gateway-'));
  const databasePath = join(directory, 'gateway.db');
  const logLines: string[] = [];
  const embedded = await startEmbeddedSimulator(defaultSimulatorOptions({ speed: 1000, ...options.simulator }));
  const apiKeys = Object.entries(API_KEYS).map(([role, key]) => ({ name: role, role: role as Role, key }));
  // The secrets kept out of the log lines are those `npm start` keeps out: Mux's, the API keys, the metrics token.
  const secrets = secretValues({ ...DEFAULTS, metricsToken: options.metricsToken }, embedded.mux, apiKeys);
  const logger: Logger = createLogger('debug', (line) => logLines.push(line), secrets);
  const gatewayOn = (port: number) =>
    startGateway({
      port,
      host: options.host ?? '127.0.0.1',
      store: { sqlitePath: databasePath },
      mux: { ...embedded.mux, ...options.mux },
      simulated: true,
      logger,
      apiKeys,
      cache: { ...DEFAULTS.cache, ...options.cache },
      reconcile: options.reconcile ?? DEFAULTS.reconcile,
      captions: DEFAULTS.captions,
      limits: { ...DEFAULTS.limits, ...options.limits },
      trustedDocuments: options.trustedDocuments,
      muxTimeoutSeconds: options.muxTimeoutSeconds ?? DEFAULTS.muxTimeoutSeconds,
      publicBaseUrl: options.publicBaseUrl,
      corsOrigins: options.corsOrigins,
      muxSpeed: embedded.simulator.context.options.speed,
      fileUrlSecret: options.fileUrlSecret,
      metricsToken: options.metricsToken,
      graphiql: { apiKey: options.developmentKey },
    });
  const gateway = await gatewayOn(0);
  embedded.simulator.context.webhooks.addEndpoint(`${gateway.url}/webhooks/mux`);
  const mux = new Mux({
    tokenId: embedded.mux.tokenId,
    tokenSecret: embedded.mux.tokenSecret,
    baseURL: embedded.simulator.apiUrl,
    webhookSecret: embedded.mux.webhookSecret ?? null,
    maxRetries: 0,
  });
  const stack: Stack = {
    simulator: embedded.simulator,
    gateway,
    mux,
    databasePath,
    logLines,
    async restartGateway() {
      await stack.gateway.close();
      stack.gateway = await gatewayOn(Number(new URL(stack.gateway.url).port));
      await drainDeadConnections(stack.gateway.url);
    },
    async close() {
      await stack.gateway.close();
      await embedded.simulator.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
  return stack;
}

/**
 * fetch keeps connections to the old process alive in its pool; each is found dead on first use. Probing
 * until several answers in a row succeed uses them up, so the test's own requests get fresh connections.
 */
async function drainDeadConnections(url: string): Promise<void> {
  let successes = 0;
  for (let attempt = 0; attempt < 20 && successes < 3; attempt += 1) {
    successes = await fetch(`${url}/healthz`).then(
      async (response) => {
        await response.body?.cancel();
        return successes + 1;
      },
      () => 0,
    );
  }
}

export async function graphql<T = Record<string, unknown>>(
  gateway: Gateway,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = authorization('viewer'),
): Promise<{
  status: number;
  body: {
    data?: T;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  };
}> {
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as never };
}
