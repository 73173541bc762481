import { type Simulator, startSimulator } from './app.js';
import type { SimulatorOptions } from './config.js';
import { seedDemoAssets } from './demo.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerRobotsRoutes } from './routes/robots.js';
import { registerSigningKeyRoutes } from './routes/signing-keys.js';
import { registerStreamRoutes } from './routes/stream.js';
import { registerVideoRoutes } from './routes/video.js';
import { registerWebhookEndpointRoutes } from './routes/webhook-endpoints.js';

export type { Simulator } from './app.js';
export { defaultSimulatorOptions, SimConfigError, type SimulatorOptions, simulatorOptionsFromEnv } from './config.js';

/** The whole simulated Mux: Video, Robots and System APIs, the stream host, lifecycles and webhooks. */
export async function createSimulator(options: SimulatorOptions): Promise<Simulator> {
  const simulator = await startSimulator(options, [
    registerVideoRoutes,
    registerSigningKeyRoutes,
    registerWebhookEndpointRoutes,
    registerRobotsRoutes,
    registerStreamRoutes,
    registerAdminRoutes,
  ]);
  if (options.seedDemoAssets) await seedDemoAssets(simulator.context);
  return simulator;
}
