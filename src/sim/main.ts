import { createSimulator, SimConfigError, simulatorOptionsFromEnv } from './index.js';

/**
 * `npm run sim`: the simulator on its own. It prints its own made-up credentials on purpose: they are what
 * a gateway (or any Mux client) needs to be pointed at it, and they open nothing but this process.
 */
async function main(): Promise<void> {
  const options = simulatorOptionsFromEnv(process.env);
  const simulator = await createSimulator(options);
  const rows: [string, string, string][] = [
    ['API', simulator.apiUrl, 'MUX_BASE_URL'],
    ['Stream host', simulator.streamUrl, 'MUX_STREAM_BASE_URL'],
    ['Token id', options.tokenId, 'MUX_TOKEN_ID'],
    ['Token secret', options.tokenSecret, 'MUX_TOKEN_SECRET'],
    ['Webhook secret', options.webhookSecret, 'MUX_WEBHOOK_SECRET'],
  ];
  const width = Math.max(...rows.map(([, value]) => value.length));
  console.log('Mux simulator');
  for (const [label, value, variable] of rows) console.log(`  ${label.padEnd(15)} ${value.padEnd(width)}  ${variable}`);
  console.log(
    `  ${'Webhooks to'.padEnd(15)} ` +
      `${options.webhookUrls.join(', ') || 'nowhere yet (SIM_WEBHOOK_URLS, or POST /_sim/webhooks/endpoints)'}`,
  );
  console.log(
    `  ${'Speed'.padEnd(15)} ${options.speed}x real time${options.seedDemoAssets ? ', demo assets seeded' : ''}`,
  );

  const stop = async () => {
    await simulator.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(
    `mux-simulator: ${error instanceof SimConfigError || error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
