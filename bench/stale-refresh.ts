// One refresh per stale row: 50 connections read one asset while its row goes stale every second, Mux answering
// 50 ms late; counts the calls Mux got for it.
//   npx tsx bench/stale-refresh.ts [--seconds 6] [--connections 50]
// The gateway runs compiled as its own process, on Mux at a simulator in this process, so the simulator counts
// every call. Each second the row (and the cached answer) runs out; every request arriving then wants it.
import { pathToFileURL } from 'node:url';
import Mux from '@mux/mux-node';
import autocannon from 'autocannon';
import { createSimulator, defaultSimulatorOptions } from '../src/sim/index.js';
import { startChildGateway, stopChildGateways } from '../test/support/child-gateway.js';
import { upstreamCallTimes } from '../test/support/upstream.js';
import { waitFor } from '../test/support/wait.js';
import { intFlags, muxAtSimulator, printTable } from './lib.js';

export interface StaleRefresh {
  /** Mux calls for the row per second it was read. */
  callsPerSecond: number;
  /** The most calls for the row within half its freshness: 1 when each expiry is refreshed once. */
  mostCallsAtOnce: number;
  requests: number;
}

/** The most times within `windowMs` of one another. */
function mostWithin(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (const [index, start] of sorted.entries()) {
    most = Math.max(most, sorted.slice(index).filter((time) => time - start < windowMs).length);
  }
  return most;
}

const VIEWER = 'stale-viewer-key-0123456789abcdef';
const TTL_SECONDS = 1;
const MUX_LATENCY_MS = 50;

/** Prints the measurement and returns it. */
export async function measureStaleRefresh(flags: { seconds: number; connections: number }): Promise<StaleRefresh> {
  const options = defaultSimulatorOptions({ speed: 1000 });
  const simulator = await createSimulator(options);
  const mux = new Mux({ tokenId: options.tokenId, tokenSecret: options.tokenSecret, baseURL: simulator.apiUrl });
  try {
    const gateway = await startChildGateway(
      {
        PORT: '0',
        DATABASE_PATH: `/tmp/caption-gateway-stale-${process.pid}/gateway.db`,
        ...muxAtSimulator(simulator),
        API_KEYS: `bench:viewer:${VIEWER}`,
        CACHE_TTL_SECONDS: String(TTL_SECONDS),
        CACHE_ACTIVE_TTL_SECONDS: String(TTL_SECONDS),
        LOG_LEVEL: 'warn',
      },
      { compiled: true },
    );
    const asset = await mux.video.assets.create({
      inputs: [{ url: 'https://example.com/stale.mp4?duration=10' }],
      playback_policies: ['public'],
    });
    await waitFor(async () => (await mux.video.assets.retrieve(asset.id)).status === 'ready');
    simulator.context.faults.update({ latency: { ms: MUX_LATENCY_MS } });
    const calls = upstreamCallTimes(simulator, 'GET', `/video/v1/assets/${asset.id}`);
    const result = await autocannon({
      url: gateway.graphqlUrl,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${VIEWER}` },
      body: JSON.stringify({
        query: 'query($id: String!) { asset(muxId: $id) { muxId status tracks { muxId status } } }',
        variables: { id: asset.id },
      }),
      connections: flags.connections,
      duration: flags.seconds,
    });
    const expiries = flags.seconds / TTL_SECONDS;
    const measured = {
      callsPerSecond: calls().length / expiries,
      mostCallsAtOnce: mostWithin(calls(), (TTL_SECONDS * 1000) / 2),
      requests: result.requests.total,
    };
    printTable(`one asset read at ${flags.connections} connections, stale every ${TTL_SECONDS} s`, [
      {
        requests: measured.requests,
        'non-2xx': result.non2xx + result.errors,
        'Mux calls for the asset': calls().length,
        'calls per second': measured.callsPerSecond.toFixed(2),
        'most within 500 ms': measured.mostCallsAtOnce,
      },
    ]);
    return measured;
  } finally {
    await stopChildGateways();
    await simulator.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await measureStaleRefresh(intFlags({ seconds: 6, connections: 50 }));
}
