/**
 * A simulator driven by the official SDK, for the Video API contract tests: every successful response the SDK
 * or a raw call receives is checked against Mux's OpenAPI document, and every webhook a local receiver gets is
 * verified with `mux.webhooks.unwrap` and checked against the document's webhook schemas.
 */
import Mux from '@mux/mux-node';
import type { Asset, AssetCreateParams } from '@mux/mux-node/resources/video/assets';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import {
  createSimulator,
  defaultSimulatorOptions,
  type Simulator,
  type SimulatorOptions,
} from '../../src/sim/index.js';
import { validateResponse, validateWebhook } from '../contract/openapi.js';
import { waitFor } from './wait.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

export interface VerifiedEvent {
  type: string;
  object: { type: string; id: string };
  created_at: string;
  data: Record<string, unknown>;
}

export interface RawResponse {
  status: number;
  contentType: string;
  body: unknown;
  text: string;
}

export interface VideoSim {
  sim: Simulator;
  mux: Mux;
  receiver: WebhookReceiver;
  options: SimulatorOptions;
  /** Schema problems found in responses so far; tests expect none. */
  contractViolations: string[];
  /** `fetch` that checks every 2xx response against the OpenAPI document. */
  checkedFetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** A Video/System API call with the simulator's credentials, body parsed. */
  api(method: string, path: string, body?: unknown): Promise<RawResponse>;
  /** Every webhook received so far, signature-verified and schema-checked, oldest first. */
  events(): Promise<VerifiedEvent[]>;
  /** Waits for an event matching `predicate`. */
  event(type: string, predicate?: (event: VerifiedEvent) => boolean): Promise<VerifiedEvent>;
  readyAsset(params: Partial<AssetCreateParams> & { url?: string }): Promise<Asset>;
  close(): Promise<void>;
}

function urlOf(input: string | URL | Request): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

async function readBody(response: Response): Promise<{ body: unknown; text: string; contentType: string }> {
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  const body =
    contentType.includes('json') && text !== '' ? (JSON.parse(text) as unknown) : text === '' ? undefined : text;
  return { body, text, contentType };
}

export async function startVideoSim(overrides: Partial<SimulatorOptions> = {}): Promise<VideoSim> {
  const receiver = await startWebhookReceiver();
  const options = defaultSimulatorOptions({ speed: 1000, webhookUrls: [receiver.url], ...overrides });
  const sim = await createSimulator(options);
  const contractViolations: string[] = [];

  const checkedFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    if (response.ok) {
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      const url = urlOf(input);
      const { body, contentType } = await readBody(response.clone());
      const path = new URL(url).pathname;
      // The upload URL stands in for a storage bucket, not part of Mux's API document.
      if (!path.startsWith('/_upload/')) {
        contractViolations.push(...validateResponse(method, url, response.status, body, contentType || undefined));
      }
    }
    return response;
  };

  const mux = new Mux({
    tokenId: options.tokenId,
    tokenSecret: options.tokenSecret,
    webhookSecret: options.webhookSecret,
    baseURL: sim.apiUrl,
    fetch: checkedFetch,
    maxRetries: 0,
  });
  const authorization = `Basic ${Buffer.from(`${options.tokenId}:${options.tokenSecret}`).toString('base64')}`;

  const events = async (): Promise<VerifiedEvent[]> => {
    const verified: VerifiedEvent[] = [];
    for (const delivery of receiver.received) {
      const event = (await mux.webhooks.unwrap(delivery.body, delivery.headers)) as unknown as VerifiedEvent;
      const problems = validateWebhook(event.type, JSON.parse(delivery.body));
      if (problems.length > 0) throw new Error(`webhook ${event.type} breaks the schema: ${problems.join('; ')}`);
      verified.push(event);
    }
    return verified;
  };

  const videoSim: VideoSim = {
    sim,
    mux,
    receiver,
    options,
    contractViolations,
    checkedFetch,
    async api(method, path, body) {
      const response = await checkedFetch(`${sim.apiUrl}${path}`, {
        method,
        headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return { status: response.status, ...(await readBody(response)) };
    },
    events,
    async event(type, predicate = () => true) {
      return waitFor(async () => (await events()).find((event) => event.type === type && predicate(event)), {
        description: `webhook ${type}`,
      });
    },
    async readyAsset({ url = 'https://media.example.com/clip.mp4?duration=30', ...params }) {
      const created = await mux.video.assets.create({ inputs: [{ url }], playback_policies: ['public'], ...params });
      return waitFor(
        async () => {
          const asset = await mux.video.assets.retrieve(created.id);
          return asset.status === 'ready' && asset;
        },
        { description: `asset ${created.id} to be ready` },
      );
    },
    async close() {
      await sim.close();
      await receiver.close();
    },
  };
  return videoSim;
}

/**
 * A simulator for the enclosing file or describe block, handed over once started, checked after each test
 * for responses that broke Mux's document, and closed after the last one.
 */
export function useVideoSim(receive: (sim: VideoSim) => void): void {
  let sim: VideoSim | undefined;
  beforeAll(async () => {
    sim = await startVideoSim();
    receive(sim);
  });
  afterEach(() => {
    expect(sim?.contractViolations).toEqual([]);
  });
  afterAll(async () => {
    await sim?.close();
  });
}
