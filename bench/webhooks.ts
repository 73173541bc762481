// Webhook intake benchmark: signed Mux events posted concurrently to /webhooks/mux.
//   npx tsx bench/webhooks.ts [--events 2000] [--concurrency 16]
// Each synthetic asset gets four events in Mux's order (asset created, asset ready with a preparing generated
// caption track, that track created, asset updated), so every event is applied from its own payload. Events
// are signed with the stack's webhook secret before the clock starts, then posted from a shared queue.
import { storedEvents } from '../test/support/events-table.js';
import { startStack } from '../test/support/stack.js';
import { upstreamCalls } from '../test/support/upstream.js';
import { envelope, muxSignature } from '../test/support/webhooks.js';
import { inPool, intFlags, log, ms, percentile, printTable, timed } from './lib.js';

const flags = intFlags({ events: 2000, concurrency: 16 });
const WARM_UP = 100;
const NOW = Math.floor(Date.now() / 1000);

interface Signed {
  id: string;
  type: string;
  body: string;
  signature: string;
}

function asset(id: string, status: string, tracks: Record<string, unknown>[], title?: string) {
  return {
    id,
    status,
    created_at: String(NOW),
    duration: 42.5,
    playback_ids: [{ id: `${id}-play`, policy: 'public' }],
    tracks,
    ...(title ? { meta: { title } } : {}),
  };
}

const videoTrack = (assetId: string) => ({
  id: `${assetId}-video`,
  type: 'video',
  duration: 42.5,
  max_width: 1920,
  max_height: 1080,
  max_frame_rate: 30,
  status: 'ready',
});
const captionTrack = (assetId: string) => ({
  id: `${assetId}-text`,
  type: 'text',
  text_type: 'subtitles',
  text_source: 'generated_vod',
  language_code: 'en',
  name: 'English CC',
  status: 'preparing',
});

/** `count` events about `count / 4` assets, each asset's four in Mux's order. */
function events(prefix: string, count: number, secret: string): Signed[] {
  const out: Signed[] = [];
  for (let index = 0; out.length < count; index += 1) {
    const id = `${prefix}-${String(index).padStart(6, '0')}`;
    const batch = [
      envelope('video.asset.created', asset(id, 'preparing', [])),
      envelope('video.asset.ready', asset(id, 'ready', [videoTrack(id), captionTrack(id)])),
      envelope('video.asset.track.created', { ...captionTrack(id), asset_id: id }),
      envelope('video.asset.updated', asset(id, 'ready', [videoTrack(id), captionTrack(id)], `Bench video ${index}`)),
    ];
    for (const event of batch.slice(0, count - out.length)) {
      const body = JSON.stringify(event);
      out.push({ id: String(event.id), type: String(event.type), body, signature: muxSignature(body, secret) });
    }
  }
  return out;
}

interface Outcome {
  ms: number;
  status: number;
  received: boolean;
  duplicate: boolean;
}

async function post(url: string, event: Signed): Promise<Outcome> {
  const { ms: took, value } = await timed(async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'mux-signature': event.signature },
      body: event.body,
    });
    const answer = (await response.json().catch(() => ({}))) as { received?: boolean; duplicate?: boolean };
    return { status: response.status, received: answer.received === true, duplicate: answer.duplicate === true };
  });
  return { ms: took, ...value };
}

async function main(): Promise<void> {
  const stack = await startStack();
  try {
    const secret = stack.simulator.context.options.webhookSecret;
    const url = `${stack.gateway.url}/webhooks/mux`;
    const warmUp = events('bench-warm', WARM_UP, secret);
    const measured = events('bench-asset', flags.events, secret);
    log(
      `${measured.length} signed events about ${Math.ceil(measured.length / 4)} assets, concurrency ` +
        `${flags.concurrency} (after ${WARM_UP} warm-up events)`,
    );

    const warmOutcomes: Outcome[] = [];
    await inPool(warmUp.length, flags.concurrency, async (index) => {
      warmOutcomes.push(await post(url, warmUp[index] as Signed));
    });

    const calls = upstreamCalls(stack.simulator);
    const outcomes: Outcome[] = new Array<Outcome>(measured.length);
    const run = await timed(() =>
      inPool(measured.length, flags.concurrency, async (index) => {
        outcomes[index] = await post(url, measured[index] as Signed);
      }),
    );
    const upstreamDuringRun = calls().length;

    // Acknowledged means stored: read the events table straight from the SQLite file.
    const all = [...warmUp, ...measured];
    const allOutcomes = [...warmOutcomes, ...outcomes];
    const rows = storedEvents(stack.databasePath);
    const storedIds = new Set(rows.map((row) => row.id));
    const acknowledged = all.filter((_, index) => allOutcomes[index]?.status === 200 && allOutcomes[index]?.received);
    const missing = acknowledged.filter((event) => !storedIds.has(event.id));
    const ours = new Set(all.map((event) => event.id));
    const unapplied = rows.filter((row) => ours.has(row.id) && row.appliedAt === null).length;

    const latencies = outcomes.map((outcome) => outcome.ms);
    const acked = outcomes.filter((outcome) => outcome.status === 200 && outcome.received).length;
    printTable(`webhook intake: ${measured.length} events, concurrency ${flags.concurrency}`, [
      {
        events: measured.length,
        acked,
        'non-2xx': outcomes.filter((outcome) => outcome.status !== 200).length,
        duplicates: outcomes.filter((outcome) => outcome.duplicate).length,
        seconds: (run.ms / 1000).toFixed(2),
        'acked/s': ((acked / run.ms) * 1000).toFixed(0),
        'p50 ms': ms(percentile(latencies, 50)),
        'p95 ms': ms(percentile(latencies, 95)),
        'p99 ms': ms(percentile(latencies, 99)),
        'max ms': ms(Math.max(...latencies)),
        'Mux calls': upstreamDuringRun,
      },
    ]);
    printTable('stored (mux_events rows, read from the SQLite file after the run; warm-up included)', [
      {
        acknowledged: acknowledged.length,
        'rows in mux_events': rows.length,
        'ours stored': rows.filter((row) => ours.has(row.id)).length,
        'acked but missing': missing.length,
        'stored, not yet applied': unapplied,
      },
    ]);
    if (missing.length > 0) {
      console.error(
        `acknowledged but not stored: ${missing
          .slice(0, 5)
          .map((event) => `${event.type} ${event.id}`)
          .join(', ')}${missing.length > 5 ? ', …' : ''}`,
      );
      process.exitCode = 1;
    }
  } finally {
    await stack.close();
  }
}

await main();
