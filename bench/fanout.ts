// Fan-out: many graphql-ws subscribers on one topic, told of track webhooks.
//   npx tsx bench/fanout.ts [--subscribers 1000] [--webhooks 40]
// The gateway runs compiled as its own process (on Mux at a simulator in this process); the subscribers are
// graphql-ws clients in this process, all on `trackUpdated(assetId)` of one asset. Each signed track webhook
// names a new track status; latency is from posting it to each subscriber hearing it. Memory per idle
// subscription is the gateway's RSS growth over the subscriptions, divided by their number.

import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Mux from '@mux/mux-node';
import { createSimulator, defaultSimulatorOptions } from '../src/sim/index.js';
import { startChildGateway, stopChildGateways } from '../test/support/child-gateway.js';
import { wsClient } from '../test/support/subscriptions.js';
import { waitFor } from '../test/support/wait.js';
import { envelope, postEvent } from '../test/support/webhooks.js';
import { intFlags, log, ms, muxAtSimulator, percentile, printTable } from './lib.js';

export interface Fanout {
  /** Updates heard, of subscribers x webhooks. */
  delivered: number;
  p50: number;
  p99: number;
  kbPerSubscription: number;
  /** The heap each idle subscription holds, after a full collection. */
  heapKbPerSubscription: number;
  warnings: number;
}
const VIEWER = 'fanout-viewer-key-0123456789abcdef';

const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

/**
 * What the gateway's heap holds after a full collection: it writes a heap snapshot (collecting first) on
 * SIGUSR2, and the sizes of everything in it are added up. RSS also counts what V8 keeps in reserve.
 */
async function retainedHeap(child: ChildProcess, folder: string): Promise<number> {
  const before = new Set(readdirSync(folder));
  child.kill('SIGUSR2');
  const written = await waitFor(
    () => readdirSync(folder).find((file) => file.endsWith('.heapsnapshot') && !before.has(file)),
    { timeoutMs: 120_000, intervalMs: 200 },
  );
  // The file is complete once its JSON parses.
  const snapshot = await waitFor(
    () => {
      try {
        return JSON.parse(readFileSync(join(folder, written), 'utf8')) as HeapSnapshot;
      } catch {
        return undefined;
      }
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  );
  rmSync(join(folder, written));
  const fields = snapshot.snapshot.meta.node_fields;
  const size = fields.indexOf('self_size');
  let total = 0;
  for (let index = size; index < snapshot.nodes.length; index += fields.length) total += snapshot.nodes[index] ?? 0;
  return total;
}

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[] } };
  nodes: number[];
}

/** Prints the measurement and returns it. */
export async function measureFanout(flags: { subscribers: number; webhooks: number }): Promise<Fanout> {
  const options = defaultSimulatorOptions({ speed: 1000 });
  const simulator = await createSimulator(options);
  const mux = new Mux({ tokenId: options.tokenId, tokenSecret: options.tokenSecret, baseURL: simulator.apiUrl });
  const warnings: string[] = [];
  const snapshots = mkdtempSync(join(tmpdir(), 'caption-gateway-heap-'));
  try {
    const gateway = await startChildGateway(
      {
        PORT: '0',
        DATABASE_PATH: `/tmp/caption-gateway-fanout-${process.pid}/gateway.db`,
        ...muxAtSimulator(simulator),
        API_KEYS: `bench:viewer:${VIEWER}`,
        SUBSCRIPTIONS_PER_SOCKET: '10000',
        LOG_LEVEL: 'warn',
      },
      { compiled: true, nodeArgs: ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshots}`] },
    );
    gateway.child.stderr?.on('data', (chunk: Buffer) => warnings.push(chunk.toString()));
    const asset = await mux.video.assets.create({
      inputs: [{ url: 'https://example.com/fanout.mp4?duration=10' }],
      playback_policies: ['public'],
    });
    const ready = await waitFor(async () => {
      const current = await mux.video.assets.retrieve(asset.id);
      return current.status === 'ready' && current;
    });
    await postEvent(gateway.url, options.webhookSecret, envelope('video.asset.ready', { ...ready, created_at: 1 }));
    const pid = gateway.child.pid ?? 0;
    const before = rssOf(pid);
    // Ten sockets carry the subscribers, as ten browser tabs of a busy page would.
    const clients = Array.from({ length: 10 }, () => wsClient(gateway, { authorization: `Bearer ${VIEWER}` }));
    // When each subscriber heard each name: the clock is read in the message handler, nothing is polled.
    const heard = new Map<string, number[]>();
    let started = 0;
    const stops = Array.from({ length: flags.subscribers }, (_, index) =>
      (clients[index % clients.length] as ReturnType<typeof wsClient>).subscribe<{
        trackUpdated: { name: string | null };
      }>(
        { query: 'subscription($id: ID!) { trackUpdated(assetId: $id) { muxId name } }', variables: { id: asset.id } },
        {
          next: (result) => {
            const name = result.data?.trackUpdated.name ?? '';
            const times = heard.get(name) ?? [];
            times.push(performance.now());
            heard.set(name, times);
            if (name === '') started += 1;
          },
          error: () => undefined,
          complete: () => undefined,
        },
      ),
    );
    // Each subscription starts with the asset's tracks as they are.
    await waitFor(() => [...heard.values()].reduce((sum, times) => sum + times.length, 0) >= flags.subscribers, {
      timeoutMs: 60_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const perSubscription = (rssOf(pid) - before) / flags.subscribers;

    const latencies: number[] = [];
    const track = ready.tracks?.find((candidate) => candidate.type === 'video');
    for (let index = 0; index < flags.webhooks; index += 1) {
      const name = `fan-out ${index}`;
      const postedAt = performance.now();
      await postEvent(
        gateway.url,
        options.webhookSecret,
        envelope('video.asset.track.ready', { ...track, name, asset_id: asset.id }),
      );
      await waitFor(() => (heard.get(name)?.length ?? 0) >= flags.subscribers, { timeoutMs: 30_000, intervalMs: 5 });
      latencies.push(...(heard.get(name) ?? []).map((at) => at - postedAt));
    }
    // The heap the subscriptions hold: with them, and once they have all ended (after the RSS, which the
    // snapshots themselves would grow).
    const heapWith = await retainedHeap(gateway.child, snapshots);
    for (const stop of stops) stop();
    await Promise.all(clients.map((client) => client.dispose()));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const heapPerSubscription = (heapWith - (await retainedHeap(gateway.child, snapshots))) / flags.subscribers;
    printTable(`${flags.subscribers} subscribers on one topic, ${flags.webhooks} track webhooks`, [
      {
        deliveries: latencies.length,
        'p50 ms': ms(percentile(latencies, 50)),
        'p99 ms': ms(percentile(latencies, 99)),
        'max ms': ms(Math.max(...latencies)),
        'KB per idle subscription (RSS)': (perSubscription / 1024).toFixed(1),
        'KB of heap per idle subscription': (heapPerSubscription / 1024).toFixed(1),
        'warnings on stderr': warnings.filter((line) => /Warning/.test(line)).length,
      },
    ]);
    log(`${started} first answers without a name`);
    return {
      delivered: latencies.length,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      kbPerSubscription: perSubscription / 1024,
      heapKbPerSubscription: heapPerSubscription / 1024,
      warnings: warnings.filter((line) => /Warning/.test(line)).length,
    };
  } finally {
    await stopChildGateways();
    await simulator.close();
    rmSync(snapshots, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await measureFanout(intFlags({ subscribers: 1000, webhooks: 40 }));
}
