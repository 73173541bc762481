import { createServer, type Server } from 'node:http';
import Mux from '@mux/mux-node';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, defaultSimulatorOptions, type Simulator } from '../../src/sim/index.js';
import { type ChildGateway, startChildGateway, stopChildGateways } from '../support/child-gateway.js';
import { createPostgresDatabase } from '../support/databases.js';
import { subscribeWs, wsClient } from '../support/subscriptions.js';
import { upstreamCalls } from '../support/upstream.js';
import { waitFor } from '../support/wait.js';
import { envelope, postEvent } from '../support/webhooks.js';

const VIEWER = 'instances-viewer-key-0123456789';
const EDITOR = 'instances-editor-key-0123456789';
const RECONCILE_AFTER_SECONDS = 1;

interface JobUpdate {
  captionJobsUpdated: { id: string; status: string };
}

/** Mux's webhooks reach one instance each, in turn, as behind a load balancer. */
async function roundRobin(targets: () => string[]): Promise<{ url: string; server: Server }> {
  let next = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const all = targets();
      const target = all[next++ % all.length];
      const answer = await fetch(`${target}${request.url}`, {
        method: 'POST',
        headers: {
          'content-type': request.headers['content-type'] ?? 'application/json',
          'mux-signature': String(request.headers['mux-signature'] ?? ''),
        },
        body: Buffer.concat(chunks),
      }).catch(() => undefined);
      response.writeHead(answer?.status ?? 502).end(answer ? await answer.text() : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

async function graphqlOn<T>(
  gateway: ChildGateway,
  query: string,
  variables: Record<string, unknown> = {},
  key = VIEWER,
): Promise<T> {
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

describe('three gateway instances on one PostgreSQL', () => {
  let simulator: Simulator;
  let mux: Mux;
  let databaseUrl: string;
  let secret: string;
  let env: Record<string, string>;
  let instances: ChildGateway[];
  let balancer: { url: string; server: Server };

  beforeAll(async () => {
    const options = defaultSimulatorOptions({ speed: 1000 });
    simulator = await createSimulator(options);
    secret = options.webhookSecret;
    mux = new Mux({ tokenId: options.tokenId, tokenSecret: options.tokenSecret, baseURL: simulator.apiUrl });
    databaseUrl = await createPostgresDatabase();
    env = {
      PORT: '0',
      DATABASE_URL: databaseUrl,
      MUX_TOKEN_ID: options.tokenId,
      MUX_TOKEN_SECRET: options.tokenSecret,
      MUX_BASE_URL: simulator.apiUrl,
      MUX_STREAM_BASE_URL: simulator.streamUrl,
      MUX_WEBHOOK_SECRET: secret,
      API_KEYS: `web:viewer:${VIEWER},cms:editor:${EDITOR}`,
      RECONCILE_AFTER_SECONDS: String(RECONCILE_AFTER_SECONDS),
      RECONCILE_MAX_INTERVAL_SECONDS: String(RECONCILE_AFTER_SECONDS),
      LOG_LEVEL: 'warn',
    };
    // Started together: each migrates the empty database, one at a time behind the migration lock.
    instances = await Promise.all([startChildGateway(env), startChildGateway(env), startChildGateway(env)]);
    balancer = await roundRobin(() => instances.filter((gateway) => gateway.child.exitCode === null).map((g) => g.url));
    simulator.context.webhooks.addEndpoint(`${balancer.url}/webhooks/mux`);
  }, 60_000);

  afterAll(async () => {
    await stopChildGateways();
    await new Promise<void>((resolve) => balancer.server.close(() => resolve()));
    await simulator.close();
  });

  it('tells a subscriber on every instance each change once, in order, whichever instance heard of it', async () => {
    const subscribers = instances.map((gateway) => {
      const client = wsClient(gateway, { authorization: `Bearer ${VIEWER}` });
      return {
        client,
        received: subscribeWs<JobUpdate>(client, 'subscription { captionJobsUpdated(progress: false) { id status } }'),
      };
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const assets = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        mux.video.assets.create({
          inputs: [
            {
              url: `https://example.com/spread-${index}.mp4?duration=20`,
              generated_subtitles: [{ language_code: 'en' }],
            },
          ],
          playback_policies: ['public'],
        }),
      ),
    );
    const statusesOn = (received: { events: JobUpdate[] }) => {
      const byJob = new Map<string, string[]>();
      for (const { captionJobsUpdated: job } of received.events)
        byJob.set(job.id, [...(byJob.get(job.id) ?? []), job.status]);
      return byJob;
    };
    await waitFor(
      () =>
        subscribers.every(({ received }) => {
          const jobs = statusesOn(received);
          return jobs.size === assets.length && [...jobs.values()].every((statuses) => statuses.at(-1) === 'COMPLETED');
        }),
      { timeoutMs: 20_000, description: 'every subscriber to see every job completed' },
    );
    const seen = subscribers.map(({ received }) => statusesOn(received));
    for (const statuses of seen[0]?.values() ?? []) {
      expect(statuses).toEqual(['PROCESSING', 'COMPLETED']);
    }
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
    for (const { client, received } of subscribers) {
      expect(received.errors).toEqual([]);
      received.stop();
      await client.dispose();
    }
  });

  it('makes one Mux call for an idempotency key used on one instance and retried on another', async () => {
    const calls = upstreamCalls(simulator);
    const create = (gateway: ChildGateway) =>
      graphqlOn<{ assetCreate: { asset: { muxId: string } } }>(
        gateway,
        'mutation($input: AssetCreateInput!) { assetCreate(input: $input) { asset { muxId } } }',
        { input: { url: 'https://example.com/once.mp4', idempotencyKey: 'create-once-7' } },
        EDITOR,
      );
    const [first, retried] = [await create(instances[0] as ChildGateway), await create(instances[1] as ChildGateway)];
    expect(retried.assetCreate.asset.muxId).toBe(first.assetCreate.asset.muxId);
    expect(calls().filter((call) => call.method === 'POST' && call.path === '/video/v1/assets')).toHaveLength(1);
  });

  it('keeps every event acknowledged when an instance is killed; another finishes its unfinished work', async () => {
    const doomed = instances[2] as ChildGateway;
    const asset = await mux.video.assets.create({
      inputs: [{ url: 'https://example.com/doomed.mp4?duration=20' }],
      playback_policies: ['public'],
    });
    await waitFor(async () => (await mux.video.assets.retrieve(asset.id)).status === 'ready');
    await waitFor(async () => {
      const data = await graphqlOn<{ asset: { status: string } | null }>(
        doomed,
        'query($id: String!) { asset(muxId: $id) { status } }',
        { id: asset.id },
      );
      return data.asset?.status === 'READY';
    });
    // From here Mux's webhooks are lost: only polling can tell the gateway how the work ends.
    simulator.context.faults.update({ webhooks: { drop: true } });
    const { premiumCaptionsGenerate } = await graphqlOn<{
      premiumCaptionsGenerate: { captionJob: { muxJobId: string } };
    }>(
      doomed,
      'mutation($input: PremiumCaptionsGenerateInput!) { premiumCaptionsGenerate(input: $input) { captionJob { ' +
        'muxJobId } } }',
      { input: { assetId: asset.id, languageCode: 'en' } },
      EDITOR,
    );

    const current = await mux.video.assets.retrieve(asset.id);
    const burst = Array.from({ length: 150 }, () => envelope('video.asset.updated', { ...current, created_at: 1 }));
    const acknowledged: string[] = [];
    let next = 0;
    let killedAt = 0;
    const sender = async () => {
      while (next < burst.length) {
        const index = next++;
        const event = burst[index] as { id: string };
        const target = instances[index % instances.length] as ChildGateway;
        const response = await postEvent(target.url, secret, event).catch(() => undefined);
        if (response?.ok) acknowledged.push(event.id);
        if (acknowledged.length === 60 && !killedAt) {
          killedAt = Date.now();
          doomed.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, sender));
    expect(killedAt).toBeGreaterThan(0);

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ id: string; applied_at: string | null }>(
        'SELECT id, applied_at FROM mux_events WHERE id = ANY($1)',
        [acknowledged],
      );
      expect(rows.map((row) => row.id).sort()).toEqual([...acknowledged].sort());
      expect(rows.filter((row) => row.applied_at === null)).toEqual([]);

      // Read from the database, not through an instance: a read would ask Mux itself. Only the reconciler
      // that took over from the killed instance can have brought the job to its end.
      const finishedAt = await waitFor(
        async () => {
          const { rows: jobs } = await db.query<{ status: string }>(
            'SELECT status FROM caption_jobs WHERE mux_job_id = $1',
            [premiumCaptionsGenerate.captionJob.muxJobId],
          );
          return jobs[0]?.status === 'completed' && Date.now();
        },
        { timeoutMs: 20_000, description: 'the killed instance’s premium captions job to complete' },
      );
      expect(finishedAt - killedAt).toBeLessThan(20_000);
    } finally {
      await db.end();
    }
    simulator.context.faults.reset();
  });
});
