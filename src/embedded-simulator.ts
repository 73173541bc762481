import Mux from '@mux/mux-node';
import type { MuxSettings } from './config.js';
import { createSimulator, type Simulator, type SimulatorOptions } from './sim/index.js';

export interface EmbeddedSimulator {
  simulator: Simulator;
  mux: MuxSettings;
  /** A seeded demo asset, for examples that need one. */
  exampleAssetId: string | undefined;
}

/**
 * Starts the simulator beside the gateway, reached over HTTP exactly like Mux, and does what a new Mux user
 * does once by hand: creates a signing key, so signed playback works out of the box.
 */
export async function startEmbeddedSimulator(options: SimulatorOptions): Promise<EmbeddedSimulator> {
  const simulator = await createSimulator(options);
  const admin = new Mux({ tokenId: options.tokenId, tokenSecret: options.tokenSecret, baseURL: simulator.apiUrl });
  const signingKey = await admin.system.signingKeys.create();
  return {
    simulator,
    mux: {
      tokenId: options.tokenId,
      tokenSecret: options.tokenSecret,
      baseUrl: simulator.apiUrl,
      streamBaseUrl: simulator.streamUrl,
      webhookSecret: options.webhookSecret,
      signingKey: { id: signingKey.id, privateKey: signingKey.private_key ?? '' },
    },
    exampleAssetId: (await admin.video.assets.list({ limit: 1 })).data[0]?.id,
  };
}
