// Webhook intake benchmark: signed Mux events posted concurrently to /webhooks/mux.
//   npx tsx bench/webhooks.ts [--events 2000] [--concurrency 16]
// Each synthetic asset gets four events in Mux's order (asset created, asset ready with a preparing generated
// caption track, that track created, asset updated), so every event is applied from its own payload. Events
// are signed with the stack's webhook secret before the clock starts, then posted from a shared queue.
import { storedEvents } from '../test/support/events-table.js';
import { startStack } from '../test/support/stack.js';
import { upstreamCalls } from '../test/support/upstream.js';
import { inPool, intFlags, log, ms, percentile, printTable, timed } from './lib.js';
import { events, type Outcome, post, type Signed } from './webhook-events.js';

const flags = intFlags({ events: 2000, concurrency: 16 });
const WARM_UP = 100;
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
