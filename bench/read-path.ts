// Read-path benchmark: latency, Mux calls and throughput of the cached reads.
//   npx tsx bench/read-path.ts [--assets 100] [--requests 200] [--clients 8] [--seconds 5]
// Creates the assets with generated captions through the official SDK on the simulator, waits until the gateway
// knows them ready (from the simulator's webhooks), then measures assets(first: 25), asset(muxId) and nodes(ids).

import { performance } from 'node:perf_hooks';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { graphql, type Stack, startStack } from '../test/support/stack.js';
import { upstreamCalls } from '../test/support/upstream.js';
import { waitFor } from '../test/support/wait.js';
import { closedLoop, createCaptionedAssets, intFlags, log, ms, percentile, printTable, timed } from './lib.js';

const flags = intFlags({ assets: 100, requests: 200, clients: 8, seconds: 5 });
const PAGE = 25;

const ASSET_FIELDS = `id muxId status title durationSeconds
  tracks { id muxId type status languageCode name textSource }
  captionJobs { id kind status progress languageCode }`;

const LIST =
  `query List($first: Int!) { assets(first: $first) { edges { cursor node { ${ASSET_FIELDS} } } pageInfo ` +
  `{ hasNextPage endCursor } } }`;
const SINGLE = `query One($id: String!) { asset(muxId: $id) { ${ASSET_FIELDS} } }`;
const NODES = `query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id ... on Asset { ${ASSET_FIELDS} } } }`;

interface Shape {
  name: string;
  query: string;
  /** Variables for the i-th request of this shape. */
  variables: (i: number) => Record<string, unknown>;
  /** Checks the answer has what was asked for. */
  complete: (data: Record<string, unknown>) => boolean;
}

async function request(stack: Stack, shape: Shape, i: number): Promise<boolean> {
  const { status, body } = await graphql(stack.gateway, shape.query, shape.variables(i));
  return status === 200 && body.errors === undefined && body.data !== undefined && shape.complete(body.data);
}

/**
 * The gateway has every asset ready with a ready caption track and its transcript (webhooks and their follow-up work
 * done).
 */
async function gatewaySeesReady(stack: Stack, ids: readonly string[]): Promise<boolean> {
  const { store } = stack.gateway.services;
  const assets = await store.assets.byIds(ids);
  const tracks = await store.tracks.byAssetIds(ids);
  const transcripts = await store.transcripts.byAssetIds(ids);
  return ids.every(
    (id) =>
      assets.get(id)?.status === 'ready' &&
      (tracks.get(id) ?? []).some((track) => track.type === 'text' && track.status === 'ready') &&
      (transcripts.get(id) ?? []).length > 0,
  );
}

/** Waits until no Mux call has been made for `quietMs`, so background work does not land inside a measurement. */
async function upstreamQuiet(stack: Stack, quietMs: number): Promise<void> {
  let seen = stack.simulator.context.state.requests.length;
  let since = performance.now();
  await waitFor(
    () => {
      const now = stack.simulator.context.state.requests.length;
      if (now !== seen) {
        seen = now;
        since = performance.now();
      }
      return performance.now() - since >= quietMs;
    },
    { timeoutMs: 30_000, intervalMs: 50, description: 'background work to settle' },
  );
}

async function main(): Promise<void> {
  const stack = await startStack();
  try {
    log(`library: ${flags.assets} assets with generated English captions (40 s each) via the SDK`);
    const created = await timed(() =>
      createCaptionedAssets(stack.mux, flags.assets, { durationSeconds: 40, concurrency: 8, prefix: 'bench-read' }),
    );
    const ids = created.value;
    const ready = await timed(() =>
      waitFor(() => gatewaySeesReady(stack, ids), {
        timeoutMs: 60_000,
        intervalMs: 50,
        description: 'the gateway to see every asset ready',
      }),
    );
    await upstreamQuiet(stack, 500);
    log(`created in ${ms(created.ms)} ms; gateway saw all ready (tracks + transcripts) ${ms(ready.ms)} ms later`);

    const single = ids[0] as string;
    const globalIds = ids.map((id) => encodeGlobalID('Asset', id));
    const nodeWindow = (i: number) =>
      Array.from({ length: PAGE }, (_, k) => globalIds[(1 + i * PAGE + k) % globalIds.length]);
    const shapes: Shape[] = [
      {
        name: `assets(first: ${PAGE})`,
        query: LIST,
        variables: () => ({ first: PAGE }),
        complete: (data) => (data.assets as { edges: unknown[] }).edges.length === Math.min(PAGE, flags.assets),
      },
      {
        name: 'asset(muxId)',
        query: SINGLE,
        // The cold request reads ids[0]; warm requests walk the whole library.
        variables: (i) => ({ id: i < 0 ? single : ids[i % ids.length] }),
        complete: (data) => (data.asset as { tracks: unknown[] } | null)?.tracks.length !== undefined,
      },
      {
        name: `nodes(ids: [${PAGE}])`,
        query: NODES,
        // The cold request reads assets 1..25, which asset(muxId) cold did not touch.
        variables: (i) => ({ ids: nodeWindow(Math.max(i, 0)) }),
        complete: (data) =>
          (data.nodes as unknown[]).length === PAGE && (data.nodes as unknown[]).every((node) => node !== null),
      },
    ];

    // Cold: the first request of each shape after the library was made. Singles and nodes go first, so the
    // listing that assets(first) reads cannot have refreshed their rows.
    const cold = new Map<string, { ms: number; calls: number; ok: boolean }>();
    for (const shape of [shapes[1], shapes[2], shapes[0]] as Shape[]) {
      const calls = upstreamCalls(stack.simulator);
      const { ms: took, value: ok } = await timed(() => request(stack, shape, -1));
      cold.set(shape.name, { ms: took, calls: calls().length, ok });
    }

    const rows: Record<string, string | number>[] = [];
    for (const shape of shapes) {
      const first = cold.get(shape.name);
      rows.push({
        query: shape.name,
        phase: 'cold (1st)',
        requests: 1,
        'p50 ms': ms(first?.ms ?? NaN),
        'p95 ms': '-',
        'max ms': '-',
        errors: first?.ok ? 0 : 1,
        'Mux calls': first?.calls ?? -1,
      });
    }
    for (const shape of shapes) {
      for (let i = 0; i < 10; i += 1) await request(stack, shape, i); // JIT warm-up, not counted
      const calls = upstreamCalls(stack.simulator);
      const latencies: number[] = [];
      let errors = 0;
      for (let i = 0; i < flags.requests; i += 1) {
        const { ms: took, value: ok } = await timed(() => request(stack, shape, i));
        latencies.push(took);
        if (!ok) errors += 1;
      }
      rows.push({
        query: shape.name,
        phase: 'warm',
        requests: flags.requests,
        'p50 ms': ms(percentile(latencies, 50)),
        'p95 ms': ms(percentile(latencies, 95)),
        'max ms': ms(Math.max(...latencies)),
        errors,
        'Mux calls': calls().length,
      });
    }
    printTable(`read path, ${flags.assets} assets, sequential requests (client-side latency over loopback HTTP)`, rows);
    log(
      'cold = the first request of each shape, run in the order asset(muxId), nodes, assets(first) (its p50 column ' +
        'is that one request)',
    );

    const throughput: Record<string, string | number>[] = [];
    for (const shape of shapes) {
      const calls = upstreamCalls(stack.simulator);
      const run = await closedLoop(flags.clients, flags.seconds, (client, iteration) =>
        request(stack, shape, client * 7919 + iteration),
      );
      throughput.push({
        query: shape.name,
        clients: flags.clients,
        seconds: (run.elapsedMs / 1000).toFixed(1),
        requests: run.completed,
        'req/s': ((run.completed / run.elapsedMs) * 1000).toFixed(0),
        errors: run.failed,
        'Mux calls': calls().length,
      });
    }
    printTable(`throughput, ${flags.clients} concurrent clients for ${flags.seconds} s each`, throughput);
  } finally {
    await stack.close();
  }
}

await main();
