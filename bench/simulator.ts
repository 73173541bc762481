// Simulator timing under load: long generated captions against the simulator's own model.
//   npx tsx bench/simulator.ts [--assets 6] [--speed 500] [--clients 4]
// The simulator runs in this process, so its event loop is this one. Assets from 3,600 s to 36,000 s long ask for
// generated captions; Mux's model says a track is ready (5 s + 0.1 x duration) / speed after it is requested.
// Arrival is measured between the simulator's own `track.created` and `track.ready` events (their `created_at`),
// so webhook delivery does not count. Meanwhile `clients` loops keep GETting the assets, and the event loop's
// worst delay is recorded. A second phase fetches every finished track's transcript at once, under the same load.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import Mux from '@mux/mux-node';
import { createSimulator, defaultSimulatorOptions } from '../src/sim/index.js';
import { waitFor } from '../test/support/wait.js';
import { type ReceivedWebhook, startWebhookReceiver } from '../test/support/webhook-receiver.js';
import { intFlags, log, ms, percentile, printTable } from './lib.js';

export interface SimulatorTiming {
  /** Time from request to ready over the model's time, median and worst over the generated tracks. */
  arrivalRatioP50: number;
  arrivalRatioMax: number;
  /** The event loop's longest delay while the captions were being made, in ms. */
  maxStallMs: number;
  /** Latency of the GETs answered meanwhile. */
  getP99Ms: number;
  getMaxMs: number;
  /** The event loop's longest delay while the long transcripts were served. */
  transcriptMaxStallMs: number;
}

const SHORTEST_SECONDS = 3_600;
const LONGEST_SECONDS = 36_000;

/** Mux's documented timing for generated captions, as the simulator models it, in real ms at `speed`. */
function modelMs(durationSeconds: number, speed: number): number {
  return ((5 + 0.1 * durationSeconds) * 1000) / speed;
}

interface Load {
  latencies: number[];
  maxStallMs: number;
}

/**
 * Runs `work` while `clients` loops GET the assets named by `targets()` back to back, recording each GET's
 * latency and the event loop's worst delay.
 */
async function underLoad(mux: Mux, clients: number, targets: () => string[], work: () => Promise<void>): Promise<Load> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const latencies: number[] = [];
  let running = true;
  delay.enable();
  const loops = Array.from({ length: clients }, async (_, client) => {
    for (let index = client; running; index += 1) {
      const ids = targets();
      const id = ids[index % Math.max(1, ids.length)];
      if (id === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      const started = performance.now();
      await mux.video.assets.retrieve(id);
      latencies.push(performance.now() - started);
    }
  });
  try {
    await work();
  } finally {
    running = false;
    await Promise.all(loops);
    delay.disable();
  }
  return { latencies, maxStallMs: delay.max / 1e6 };
}

/** Routers, schemas and parsers are built on first use: one short captioned asset takes that out of the numbers. */
async function warmUp(mux: Mux, streamUrl: string): Promise<void> {
  const created = await mux.video.assets.create({
    inputs: [
      {
        url: 'https://media.example.com/bench/warm-up.mp4?duration=60',
        generated_subtitles: [{ language_code: 'en' }],
      },
    ],
    playback_policies: ['public'],
  });
  const asset = await waitFor(async () => {
    const current = await mux.video.assets.retrieve(created.id);
    return current.tracks?.some((track) => track.type === 'text' && track.status === 'ready') && current;
  });
  const track = asset.tracks?.find((candidate) => candidate.type === 'text');
  const response = await fetch(`${streamUrl}/${asset.playback_ids?.[0]?.id ?? ''}/text/${track?.id ?? ''}.txt`);
  await response.text();
}

function eventsOf(received: readonly ReceivedWebhook[], type: string): ReceivedWebhook['event'][] {
  return received.map((delivery) => delivery.event).filter((event) => event.type === type);
}

/** Prints the measurement and returns it. */
export async function measureSimulator(flags: {
  assets: number;
  speed: number;
  clients: number;
}): Promise<SimulatorTiming> {
  const receiver = await startWebhookReceiver();
  const options = defaultSimulatorOptions({ speed: flags.speed, webhookUrls: [receiver.url] });
  const simulator = await createSimulator(options);
  const mux = new Mux({
    tokenId: options.tokenId,
    tokenSecret: options.tokenSecret,
    baseURL: simulator.apiUrl,
    maxRetries: 0,
  });
  try {
    await warmUp(mux, simulator.streamUrl);
    const durations = Array.from({ length: flags.assets }, (_, index) =>
      flags.assets === 1
        ? LONGEST_SECONDS
        : Math.round(SHORTEST_SECONDS + ((LONGEST_SECONDS - SHORTEST_SECONDS) * index) / (flags.assets - 1)),
    );
    log(
      `${flags.assets} assets of ${durations.join(', ')} s at speed ${flags.speed}: model times ` +
        `${durations.map((seconds) => ms(modelMs(seconds, flags.speed))).join(', ')} ms; ${flags.clients} GET loops`,
    );
    const assetIds: string[] = [];
    const durationOf = new Map<string, number>();
    const generation = await underLoad(
      mux,
      flags.clients,
      () => assetIds,
      async () => {
        for (const [index, seconds] of durations.entries()) {
          const asset = await mux.video.assets.create({
            inputs: [
              {
                url: `https://media.example.com/bench/long-${index}.mp4?duration=${seconds}`,
                generated_subtitles: [{ language_code: 'en', name: 'English CC' }],
              },
            ],
            playback_policies: ['public'],
          });
          assetIds.push(asset.id);
          durationOf.set(asset.id, seconds);
        }
        await waitFor(
          () =>
            eventsOf(receiver.received, 'video.asset.track.ready').filter((event) =>
              durationOf.has(String((event.data as { asset_id?: string }).asset_id)),
            ).length >= flags.assets,
          { timeoutMs: 60_000 + 10 * modelMs(LONGEST_SECONDS, flags.speed), intervalMs: 20, description: 'tracks' },
        );
      },
    );

    const createdAt = new Map<string, number>();
    for (const event of eventsOf(receiver.received, 'video.asset.track.created')) {
      const track = event.data as { id: string; text_source?: string };
      if (track.text_source === 'generated_vod') createdAt.set(track.id, Date.parse(String(event.created_at)));
    }
    const tracks = eventsOf(receiver.received, 'video.asset.track.ready').flatMap((event) => {
      const track = event.data as { id: string; asset_id: string };
      const requested = createdAt.get(track.id);
      const seconds = durationOf.get(track.asset_id);
      if (requested === undefined || seconds === undefined) return [];
      const arrivalMs = Date.parse(String(event.created_at)) - requested;
      return [{ assetId: track.asset_id, trackId: track.id, seconds, arrivalMs, model: modelMs(seconds, flags.speed) }];
    });
    tracks.sort((a, b) => a.seconds - b.seconds);
    const ratios = tracks.map((track) => track.arrivalMs / track.model);
    printTable(
      'generated tracks: requested -> ready',
      tracks.map((track) => ({
        'duration s': track.seconds,
        'model ms': ms(track.model),
        'arrival ms': ms(track.arrivalMs),
        ratio: (track.arrivalMs / track.model).toFixed(2),
      })),
    );

    const transcripts = await underLoad(
      mux,
      flags.clients,
      () => assetIds,
      async () => {
        await Promise.all(
          tracks.map(async (track) => {
            const asset = await mux.video.assets.retrieve(track.assetId);
            const playbackId = asset.playback_ids?.[0]?.id ?? '';
            const response = await fetch(`${simulator.streamUrl}/${playbackId}/text/${track.trackId}.txt`);
            if (!response.ok) throw new Error(`transcript of ${track.trackId}: HTTP ${response.status}`);
            await response.text();
          }),
        );
      },
    );

    const result: SimulatorTiming = {
      arrivalRatioP50: percentile(ratios, 50),
      arrivalRatioMax: Math.max(...ratios),
      maxStallMs: generation.maxStallMs,
      getP99Ms: percentile(generation.latencies, 99),
      getMaxMs: Math.max(...generation.latencies),
      transcriptMaxStallMs: transcripts.maxStallMs,
    };
    printTable('simulator under load', [
      {
        phase: 'generating captions',
        'arrival ratio p50': result.arrivalRatioP50.toFixed(2),
        'arrival ratio max': result.arrivalRatioMax.toFixed(2),
        'max stall ms': ms(result.maxStallMs),
        GETs: generation.latencies.length,
        'GET p50 ms': ms(percentile(generation.latencies, 50)),
        'GET p99 ms': ms(result.getP99Ms),
        'GET max ms': ms(result.getMaxMs),
      },
      {
        phase: 'serving transcripts',
        'arrival ratio p50': '-',
        'arrival ratio max': '-',
        'max stall ms': ms(result.transcriptMaxStallMs),
        GETs: transcripts.latencies.length,
        'GET p50 ms': ms(percentile(transcripts.latencies, 50)),
        'GET p99 ms': ms(percentile(transcripts.latencies, 99)),
        'GET max ms': ms(Math.max(...transcripts.latencies)),
      },
    ]);
    return result;
  } finally {
    await simulator.close();
    await receiver.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await measureSimulator(intFlags({ assets: 6, speed: 500, clients: 4 }));
}
