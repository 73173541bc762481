import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Mux from '@mux/mux-node';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, defaultSimulatorOptions, type Simulator } from '../../src/sim/index.js';
import { type ChildGateway, startChildGateway } from '../support/child-gateway.js';
import { storedEvents } from '../support/events-table.js';
import { waitFor } from '../support/wait.js';
import { envelope, postEvent } from '../support/webhooks.js';

const ASSETS = 20;
const UPDATES_PER_ASSET = 7;
const CONCURRENCY = 16;
/** The gateway is killed once this many events were acknowledged: well inside the burst. */
const KILL_AFTER_ACKS = 80;

type Event = Record<string, unknown> & { id: string; type: string };

interface CaptionJobState {
  id: string;
  status: string;
  mux_job_id: string | null;
}

function readRows<T>(databasePath: string, query: string): T[] {
  const sqlite = new Database(databasePath, { readonly: true });
  try {
    return sqlite.prepare(query).all() as T[];
  } finally {
    sqlite.close();
  }
}

const readJobs = (databasePath: string) =>
  readRows<CaptionJobState>(databasePath, 'SELECT id, status, mux_job_id FROM caption_jobs');

/** The asset an event is about, for video events. */
function assetOf(event: Event): string | undefined {
  const data = event.data as { id: string; asset_id?: string };
  return event.type.startsWith('video.') ? (data.asset_id ?? data.id) : undefined;
}

/**
 * Work done at Mux whose webhooks never reached the gateway: assets with generated captions, and a premium
 * captions job on each. The burst replays what Mux would have sent while the work was under way.
 */
async function arrangeWorkAtMux(mux: Mux): Promise<Event[]> {
  const burst: Event[] = [];
  for (let index = 0; index < ASSETS; index += 1) {
    const created = await mux.video.assets.create({
      inputs: [
        { url: `https://example.com/crash-${index}.mp4?duration=30`, generated_subtitles: [{ language_code: 'en' }] },
      ],
      playback_policies: ['public'],
    });
    const asset = await waitFor(async () => {
      const current = await mux.video.assets.retrieve(created.id);
      return current.tracks?.some((track) => track.type === 'text' && track.status === 'ready') && current;
    });
    const job = await mux.robots.jobs.generatePremiumCaptions.create({
      parameters: { asset_id: asset.id, language_code: 'es' },
    });
    const preparing = { ...asset, created_at: Number(asset.created_at), status: 'preparing', tracks: [] };
    const text = asset.tracks?.find((track) => track.type === 'text');
    const jobAt = (status: string) => ({ ...job, status });
    burst.push(
      envelope('video.asset.track.created', { ...text, status: 'preparing', asset_id: asset.id }) as Event,
      envelope('video.asset.created', preparing) as Event,
      envelope('robots.job.generate_premium_captions.pending', jobAt('pending')) as Event,
      envelope('robots.job.generate_premium_captions.processing', jobAt('processing')) as Event,
      ...Array.from({ length: UPDATES_PER_ASSET }, () => envelope('video.asset.updated', preparing) as Event),
    );
  }
  return burst;
}

describe('the gateway killed with SIGKILL in the middle of a burst of webhooks', () => {
  let simulator: Simulator;
  let mux: Mux;
  let directory: string;
  let env: Record<string, string>;
  let secret: string;

  beforeAll(async () => {
    const options = defaultSimulatorOptions({ speed: 1000 });
    simulator = await createSimulator(options);
    secret = options.webhookSecret;
    mux = new Mux({
      tokenId: options.tokenId,
      tokenSecret: options.tokenSecret,
      baseURL: simulator.apiUrl,
      maxRetries: 0,
    });
    directory = mkdtempSync(join(tmpdir(), 'caption-gateway-crash-'));
    env = {
      PORT: '0',
      DATABASE_PATH: join(directory, 'gateway.db'),
      MUX_TOKEN_ID: options.tokenId,
      MUX_TOKEN_SECRET: options.tokenSecret,
      MUX_BASE_URL: simulator.apiUrl,
      MUX_STREAM_BASE_URL: simulator.streamUrl,
      MUX_WEBHOOK_SECRET: secret,
      API_KEYS: 'tester:viewer:crash-test-viewer-key-0123',
      RECONCILE_AFTER_SECONDS: '0.3',
      RECONCILE_MAX_INTERVAL_SECONDS: '1',
      LOG_LEVEL: 'error',
    };
  });

  afterAll(async () => {
    await simulator.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('keeps and applies every event it acknowledged, and resumes the unfinished jobs after a restart', async () => {
    const burst = await arrangeWorkAtMux(mux);
    const first: ChildGateway = await startChildGateway(env);
    const acknowledged = new Set<string>();
    let next = 0;
    const sender = async () => {
      while (next < burst.length && first.child.exitCode === null) {
        const event = burst[next++] as Event;
        const response = await postEvent(first.url, secret, event).catch(() => undefined);
        if (response?.ok) acknowledged.add(event.id);
        if (acknowledged.size === KILL_AFTER_ACKS) first.child.kill('SIGKILL');
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, sender));
    expect(await first.exited).toBe('SIGKILL');

    const stored = new Map(storedEvents(env.DATABASE_PATH ?? '').map((event) => [event.id, event]));
    expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acknowledged.size).toBeLessThan(burst.length);
    expect([...acknowledged].filter((id) => !stored.has(id))).toEqual([]);
    const unappliedAtKill = [...stored.values()].filter((event) => event.appliedAt === null).length;

    const second = await startChildGateway(env);
    try {
      await waitFor(() => storedEvents(env.DATABASE_PATH ?? '').every((event) => event.appliedAt !== null), {
        timeoutMs: 10_000,
        description: `the ${unappliedAtKill} events stored but not yet applied at the kill`,
      });
      const cachedAssets = new Set(
        readRows<{ mux_id: string }>(env.DATABASE_PATH ?? '', 'SELECT mux_id FROM assets').map((row) => row.mux_id),
      );
      const assetsOfAckedEvents = burst
        .filter((event) => acknowledged.has(event.id))
        .flatMap((event) => assetOf(event) ?? []);
      expect(assetsOfAckedEvents.filter((id) => !cachedAssets.has(id))).toEqual([]);
      const jobsOfAckedEvents = burst
        .filter((event) => acknowledged.has(event.id) && event.type.startsWith('robots.job.'))
        .map((event) => (event.data as { id: string }).id);
      expect(jobsOfAckedEvents.length).toBeGreaterThan(0);
      const jobs = await waitFor(
        () => {
          const rows = readJobs(env.DATABASE_PATH ?? '');
          const premium = rows.filter((row) => row.mux_job_id && jobsOfAckedEvents.includes(row.mux_job_id));
          // The generated captions' jobs are finished by the reconciler's next look at their assets, which may
          // come after the premium jobs'.
          return (
            premium.length === new Set(jobsOfAckedEvents).size &&
            rows.every((row) => row.status === 'completed') &&
            rows
          );
        },
        { timeoutMs: 10_000, description: 'the unfinished jobs, premium and generated, to be resumed and completed' },
      );
      expect(jobs.filter((row) => row.status !== 'completed')).toEqual([]);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
    // Two gateway processes start here; on a loaded machine that alone can take several seconds each.
  }, 60_000);
});
