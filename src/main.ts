import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ApiKey } from './auth/api-keys.js';
import { ConfigError, type GatewayConfig, loadConfig, secretValues } from './config.js';
import type { StoreLocation } from './db/open.js';
import { type EmbeddedSimulator, startEmbeddedSimulator } from './embedded-simulator.js';
import { type Gateway, startGateway } from './gateway.js';
import { createLogger } from './logger.js';
import { isLoopbackHost } from './loopback.js';
import { startTracing } from './observability/tracing.js';
import { SimConfigError, simulatorOptionsFromEnv } from './sim/index.js';
import { GATEWAY_VERSION } from './version.js';

function describeStartFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof SimConfigError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  const { port } = error as { port?: number };
  if (code === 'EADDRINUSE')
    return `port ${port ?? ''} is already in use (set PORT, or SIM_API_PORT / SIM_STREAM_PORT for the simulator)`;
  if (code === 'EACCES') return `no permission to listen on port ${port ?? ''}`;
  return error instanceof Error ? error.message : String(error);
}

const GATEWAY_DATABASE = './data/gateway.db';
/**
 * The built-in simulator starts empty at every start, so the gateway's record of it starts over with it: a
 * database kept from an earlier run would describe assets and caption work this simulator never had.
 */
const SIMULATOR_DATABASE = './data/simulator/gateway.db';

function storeLocationFor(config: GatewayConfig, simulated: boolean): StoreLocation {
  if (!simulated) {
    return config.databaseUrl
      ? { postgresUrl: config.databaseUrl }
      : { sqlitePath: config.databasePath ?? GATEWAY_DATABASE };
  }
  // Never started over at a database an operator chose: it may be the database of a gateway on Mux whose
  // credentials are missing by mistake.
  const chosen = config.databaseUrl ? 'DATABASE_URL' : config.databasePath ? 'DATABASE_PATH' : undefined;
  if (chosen) {
    throw new ConfigError(
      chosen,
      `is for a gateway on Mux; on the built-in simulator the database is ${SIMULATOR_DATABASE}, new with every ` +
        `run (unset ${chosen}, or set MUX_TOKEN_ID and MUX_TOKEN_SECRET)`,
    );
  }
  rmSync(dirname(SIMULATOR_DATABASE), { recursive: true, force: true });
  return { sqlitePath: SIMULATOR_DATABASE };
}

/** The database as the banner shows it: a PostgreSQL URL without its password. */
function describeStore(location: StoreLocation): string {
  if ('sqlitePath' in location) return location.sqlitePath;
  const url = new URL(location.postgresUrl);
  url.password = '';
  return `PostgreSQL ${url.toString()}`;
}

/** A wildcard address is where the gateway listens, not an address a browser can open. */
function browsable(url: string): string {
  return url.replace(/\/\/(0\.0\.0\.0|\[::\])(?=:)/, '//localhost');
}

/** On the simulator, a fresh admin key each start, so GraphiQL works at once and no key is ever shared. */
function developmentKey(): ApiKey {
  return { name: 'development', role: 'admin', key: `dev_${randomBytes(18).toString('base64url')}` };
}

function printBanner(
  gateway: Gateway,
  store: StoreLocation,
  embedded: EmbeddedSimulator | undefined,
  devKey: ApiKey | undefined,
  pageHasKey: boolean,
): void {
  const lines = [
    `Caption gateway ${GATEWAY_VERSION}`,
    `  Studio     ${browsable(gateway.url)}/`,
    `  GraphiQL   ${browsable(gateway.graphqlUrl)}`,
  ];
  if (embedded) {
    lines.push(
      `  Mux        built-in simulator: API ${embedded.simulator.apiUrl}, stream host ${embedded.simulator.streamUrl}`,
      '             (set MUX_TOKEN_ID and MUX_TOKEN_SECRET to use Mux itself)',
    );
  } else {
    lines.push(`  Mux        ${gateway.services.mux.baseUrl}`);
  }
  if (devKey) {
    const use = pageHasKey
      ? 'GraphiQL and the studio open with it'
      : 'paste it into GraphiQL or the studio: the pages carry it only on loopback';
    lines.push(`  API key    ${devKey.key}  (development, role ${devKey.role}; ${use})`);
  }
  lines.push(`  Webhooks   ${browsable(gateway.url)}/webhooks/mux`, `  Database   ${describeStore(store)}`);
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // Before anything else, so every span has the SDK's provider to go to.
  const stopTracing = config.tracing ? await startTracing(process.env) : undefined;
  const store = storeLocationFor(config, !config.mux);
  const embedded = config.mux ? undefined : await startEmbeddedSimulator(simulatorOptionsFromEnv(process.env));
  const muxSettings = config.mux ?? embedded?.mux;
  if (!muxSettings) throw new Error('no Mux settings');
  const devKey = embedded ? developmentKey() : undefined;
  const apiKeys = devKey ? [...config.apiKeys, devKey] : config.apiKeys;
  const logger = createLogger(config.logLevel, undefined, secretValues(config, muxSettings, apiKeys));
  const pageHasKey = devKey !== undefined && isLoopbackHost(config.host);
  const gateway = await startGateway({
    port: config.port,
    host: config.host,
    store,
    mux: muxSettings,
    simulated: Boolean(embedded),
    logger,
    apiKeys,
    cache: config.cache,
    reconcile: config.reconcile,
    captions: config.captions,
    limits: config.limits,
    trustedDocuments: config.trustedDocuments,
    muxTimeoutSeconds: config.muxTimeoutSeconds,
    publicBaseUrl: config.publicBaseUrl,
    corsOrigins: config.corsOrigins,
    muxSpeed: embedded?.simulator.context.options.speed ?? 1,
    fileUrlSecret: config.fileUrlSecret,
    metricsToken: config.metricsToken,
    tracing: config.tracing,
    // The page carries the key only to a browser on this machine; beyond it, a visitor brings a key.
    graphiql: {
      apiKey: pageHasKey ? devKey?.key : undefined,
      exampleAssetId: embedded?.exampleAssetId,
    },
  });
  if (config.databaseUrl && !config.fileUrlSecret) {
    logger.warn('FILE_URL_SECRET is not set: signed file links open only on the instance that made them', {
      setting: 'FILE_URL_SECRET',
    });
  }
  embedded?.simulator.context.webhooks.addEndpoint(`${gateway.url}/webhooks/mux`);
  printBanner(gateway, store, embedded, devKey, pageHasKey);

  // A second signal is not caught: it ends the process at once, for an operator who will not wait the drain.
  const stop = async (signal: NodeJS.Signals) => {
    logger.info('signal received', { signal });
    await gateway.close();
    await embedded?.simulator.close();
    await stopTracing?.();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`caption-gateway: ${describeStartFailure(error)}`);
  process.exit(1);
});
